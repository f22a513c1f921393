"""The speed bench's in-process timings: each stage of a check, one encode, int8's cost, recall."""

from __future__ import annotations

import time
from pathlib import Path

import faiss
import numpy as np

from bench.report_speed import STAGES
from index.embed import QueryCache
from index.onnx_embed import OnnxEmbedder, quantize_int8
from index.vectors import VectorIndex


def pct(values, q) -> float:
    return float(np.percentile(np.asarray(values) * 1000, q))


def recall_at_10(index: VectorIndex, vectors: np.ndarray, queries: np.ndarray) -> float:
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    _, found = index.search(queries, 10)
    truth = truth + 1  # store row ids start at 1 and follow the rows
    return float(np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found, strict=True)]))


def stage_times(data_dir: Path, onnx_dir: Path, texts: list[str]) -> dict:
    """Median ms of each stage of a check, in process, one thread: where the time goes.

    The stages are the calls Retriever.search makes, timed one by one; "rest of the check"
    is a whole check with the query vector cached, minus the longer of the two searches (they
    run side by side): fusion, records, stance, verdict, sources. Timed once BM25 has indexed
    every record, as the HTTP runs are.
    """
    from index.text import clean_query
    from service.app import create_app
    from service.http.responses import CheckResponse

    app = create_app(
        {"DATA_DIR": str(data_dir), "EMBEDDER": "onnx", "ONNX_DIR": str(onnx_dir)}
        | {"QUERY_CACHE": 0, "TORCH_THREADS": 1}
    )
    engine = app.extensions["veracity"]
    embedder, collection, retriever = engine.embedder, engine.collection, engine.retriever
    retriever.catch_up()
    while not retriever.lexical_ready:
        time.sleep(0.2)
    collection.queries = QueryCache(embedder, size=1)
    depth = max(int(app.config["CANDIDATES"]), int(app.config["RETRIEVAL_DEPTH"]))
    # One schema for every response, as flask-smorest's @blp.response keeps: a new instance a
    # check rebuilds its nested schemas, ~1 ms the server never spends.
    schema = CheckResponse()
    times = {k: [] for k in STAGES}
    for text in texts[:20]:  # warm up
        engine.check(text)
    for text in texts:
        t0 = time.perf_counter()
        words = retriever.query_text(clean_query(text)) or text
        feeds = embedder.tokenize([words])
        t1 = time.perf_counter()
        vector = embedder.embed(feeds)
        t2 = time.perf_counter()
        collection.nearest(vector, depth)
        t3 = time.perf_counter()
        retriever.lexical.search(words, depth)
        t4 = time.perf_counter()
        collection.queries.put(words, vector)  # the check below finds it: no second encode
        t5 = time.perf_counter()
        result = engine.check(text)
        t6 = time.perf_counter()
        with app.test_request_context():
            app.json.dumps(schema.dump(result))
        t7 = time.perf_counter()
        for name, seconds in zip(
            STAGES,
            (
                t1 - t0,
                t2 - t1,
                t3 - t2,
                t4 - t3,
                max(0.0, (t6 - t5) - max(t3 - t2, t4 - t3)),
                t7 - t6,
            ),
            strict=True,
        ):
            times[name].append(seconds)
    return {k: pct(v, 50) for k, v in times.items()}


def encode_latency(embedder, texts: list[str]) -> float:
    for text in texts[:10]:
        embedder.encode([text])
    samples = []
    for text in texts:
        started = time.perf_counter()
        embedder.encode([text])
        samples.append(time.perf_counter() - started)
    return pct(samples, 50)


def int8_cost(onnx_dir: Path, vectors: np.ndarray, texts: list[str]) -> dict:
    """What int8 weights buy (encode ms) and cost (top-10 neighbours changed) on real data."""
    if not (onnx_dir / "model.int8.onnx").exists():
        quantize_int8(onnx_dir / "model.onnx", onnx_dir / "model.int8.onnx")
    fp32 = OnnxEmbedder(onnx_dir, threads=1)
    int8 = OnnxEmbedder(onnx_dir, threads=1, int8=True)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, a = exact.search(fp32.encode(texts), 10)
    _, b = exact.search(int8.encode(texts), 10)
    overlap = np.mean([len(set(x) & set(y)) / 10 for x, y in zip(a, b, strict=True)])
    return {
        "fp32_ms": encode_latency(fp32, texts[:100]),
        "int8_ms": encode_latency(int8, texts[:100]),
        "changed": 1 - float(overlap),
    }


def torch_latency(texts: list[str]) -> float:
    import torch

    from index.embed import SentenceTransformerEmbedder

    torch.set_num_threads(1)
    return encode_latency(SentenceTransformerEmbedder(), texts)
