"""Match quality on the CheckThat! dev splits: BM25, the plain bi-encoder and the product pipeline.

`python -m bench.quality` (or `make bench-quality`) indexes each verified-claim collection with
the product's importer, trains the re-ranker on the train splits (cached under data/models/),
queries every dev split through POST /v1/check, and writes a table to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import random
import statistics
import time
from pathlib import Path

from bench.models import onnx_embedder
from bench.report import write_section
from bench.report_quality import report
from bench.scoring import evaluate
from index.train import EPOCHS, MAX_LENGTH, NEGATIVES

PROJECT = Path(__file__).resolve().parent.parent
CHECKTHAT = PROJECT.parent / "shared" / "data" / "checkthat"
SECTION = "bench-quality"
TOP_K = 20
# The rows that also send when each query was said (2B only: its id names the debate's day),
# and those that send what was said around it too (2B: the split's lines near it).
DATED = (
    "pipeline, stock model + `date` (the debate's day, from the query id)",
    "full pipeline + `date` (the debate's day, from the query id)",
)
AMID = {
    "pipeline, stock model + `date` + `context` (the split's lines within 3 of it)": 3,
    "full pipeline + `date` + `context` (the split's lines within 3 of it)": 3,
    # Exactly what the transcript holds next to a line, where the split has that line too.
    "full pipeline + `date` + `context` (only the lines right before and after it)": 1,
}
# The re-ranker costs ~0.4-0.6 s a query: it runs on the two target datasets only, which keeps
# a fresh clone's whole run under 30 minutes (2A: MAP@5 0.873 at 614 ms, on 2026-12-02).
RERANKED = ("ct2020", "ct2022-2b")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _fingerprint(*, reranker: bool = False) -> str:
    """Changes with the embedded document text (and for the re-ranker, what it reads)."""
    from index import collection, records, text

    source = inspect.getsource(records.Statement.embed_text.fget)
    # Which records are duplicates (content hash), and which copy is kept, decide what each
    # collection holds.
    source += inspect.getsource(records.Statement.content_hash.fget) + repr(records._QUOTE_MARKS)
    source += inspect.getsource(collection.Collection._add_batch)
    if reranker:
        source += inspect.getsource(records.Statement.match_text.fget) + inspect.getsource(text)
    return hashlib.sha256(source.encode()).hexdigest()[:8]


def datasets(root: Path) -> list[tuple[str, object]]:
    from service.training import splits

    ct2020_dev = splits.ct2020(root, "dev")
    dev_texts = {t.strip() for t in ct2020_dev.queries.values()}
    return [
        ("ct2020", ct2020_dev),
        ("ct2022-2b", splits.ct2022_2b(root, "dev")),
        ("ct2022-2a", splits.ct2022_2a(root, only_texts=dev_texts)),
    ]


def bm25_baseline(collection, split) -> dict[str, list[str]]:
    """The official-style baseline: bm25s over claim + title, raw query text."""
    import bm25s

    seqs, docs = [], []
    for _, record in collection.store.iter_statements():
        seqs.append(record.external_id)
        docs.append(f"{record.text} {record.title or ''}")
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(docs, stopwords="en", show_progress=False), show_progress=False)
    qids = list(split.queries)
    tokens = bm25s.tokenize([split.queries[q] for q in qids], stopwords="en", show_progress=False)
    results, _ = retriever.retrieve(tokens, k=TOP_K, show_progress=False, n_threads=1)
    return {q: [seqs[i] for i in row] for q, row in zip(qids, results, strict=True)}


def dense_baseline(collection, split) -> dict[str, list[str]]:
    """The plain bi-encoder: the raw query's vector against the stored vectors."""
    qids = list(split.queries)
    vectors = collection.encode([split.queries[q] for q in qids])
    return {
        q: [h.statement.external_id for h in collection.search(vectors[i : i + 1], TOP_K)]
        for i, q in enumerate(qids)
    }


def product_runs(
    app, split, *, dated: bool = False, contexts: dict | None = None
) -> tuple[dict[str, list[str]], list[float]]:
    """Every query through POST /v1/check, as a client would send it; also the latencies.

    `dated` sends the day each query was said as `date` (2B: the debate's, from its id);
    `contexts` (id -> (before, after)) sends what was said around it as `context`.
    """
    client = app.test_client()
    runs, took = {}, []
    for qid, text in split.queries.items():
        body = {"text": text[:1000], "top_k": TOP_K}
        if dated and qid in split.dates:
            body["date"] = split.dates[qid]
        if contexts and qid in contexts:
            before, after = contexts[qid]
            body["context"] = {"before": before[-2000:], "after": after[:2000]}
        started = time.perf_counter()
        response = client.post("/v1/check", json=body)
        took.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{qid}: /v1/check answered {response.status_code}")
        runs[qid] = [item["external_id"] for item in response.get_json()["evidence"]]
    return runs, took


def model_dir(args) -> Path:
    """The fine-tuned bi-encoder: trained on the train splits once, then reused from its cache."""
    from index.train import META_FILE, export_onnx, train
    from service.training import splits
    from service.training.groups import mine

    size = f"-q{args.train_queries}" if args.train_queries else ""
    key = f"bi-e{args.epochs}-n{args.negatives}-L{args.max_length}-t{args.train_layers}"
    key += f"{size}-{_fingerprint(reranker=True)}"
    out = PROJECT / "data" / "models" / f"veracity-minilm-{key}"
    if (out / META_FILE).is_file():
        log(f"trained model cached in {out}")
        export_onnx(out)  # models trained before the re-ranker ran on ONNX lack it
        return out
    examples = []
    for split in (
        splits.ct2020(args.checkthat, "train"),
        splits.ct2022_2b(args.checkthat, "train"),
    ):
        examples += mine(split)
        log(f"mined hard negatives for {len(split.queries)} queries of {split.name}")
    if args.train_queries:
        # A fixed-seed sample: lets a loaded machine train in its time budget.
        examples = random.Random(7).sample(examples, min(args.train_queries, len(examples)))
    meta = train(
        examples,
        out,
        kind="bi",
        epochs=args.epochs,
        negatives=args.negatives,
        max_length=args.max_length,
        train_layers=args.train_layers,
        log=log,
    )
    log(f"trained the model in {meta['seconds']} s -> {out}")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkthat", type=Path, default=CHECKTHAT)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--negatives", type=int, default=NEGATIVES)
    parser.add_argument("--max-length", type=int, default=MAX_LENGTH)
    parser.add_argument("--train-layers", type=int, default=0, help="Top layers to tune (0: all).")
    parser.add_argument("--train-queries", type=int, default=0, help="Sample this many (0: all).")
    parser.add_argument("--model", default=None, help="Use this trained model directory.")
    parser.add_argument("--reranker", default=None, help="Add a row re-ranked by this model.")
    parser.add_argument("--only", default=None, help="Comma-separated dataset names.")
    parser.add_argument("--build-only", action="store_true", help="Index the collections, stop.")
    parser.add_argument("--no-write", action="store_true", help="Print, do not write the report.")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not args.checkthat.is_dir():
        raise SystemExit(f"needs the CheckThat! data in {args.checkthat} (../shared is absent)")
    started = time.perf_counter()
    import torch

    torch.set_num_threads(max(1, os.cpu_count() or 1))
    from service.app import create_app
    from service.training.splits import debate_contexts

    chosen = datasets(args.checkthat)
    if args.only:
        chosen = [(n, s) for n, s in chosen if n in args.only.split(",")]
    trained = Path(args.model) if args.model else model_dir(args)
    stock = _indexed(onnx_embedder(None, log=log), chosen)
    tuned = _indexed(onnx_embedder(str(trained), log=log), chosen)
    if args.build_only:
        return
    # The same fp32 indexes, queried with the int8 encoder: what VERACITY_ONNX_INT8 costs.
    int8 = {
        "stock": onnx_embedder(None, log=log, int8=True),
        "tuned": onnx_embedder(str(trained), log=log, int8=True),
    }
    rows, latency = [], []
    for name, split in chosen:
        collection = stock[name][1]
        systems = [
            ("BM25 (bm25s, raw text)", bm25_baseline(collection, split), None),
            ("bi-encoder (stock MiniLM, raw query)", dense_baseline(collection, split), None),
        ]
        pipelines = [
            ("pipeline, stock model: clean + hybrid", stock, {}),
            ("full pipeline: fine-tuned model (VERACITY_MODEL) + clean + hybrid", tuned, {}),
        ]
        if name in RERANKED:
            pipelines.append(
                (
                    "stock index + hybrid, fine-tuned model as re-ranker (VERACITY_RERANKER)",
                    stock,
                    {"RERANKER": str(trained)},
                )
            )
        pipelines += [
            (
                "pipeline, stock model, int8 query encoder (VERACITY_ONNX_INT8=1)",
                stock,
                {"EMBEDDER": int8["stock"]},
            ),
            (
                "full pipeline, int8 query encoder (VERACITY_ONNX_INT8=1)",
                tuned,
                {"EMBEDDER": int8["tuned"]},
            ),
        ]
        if args.reranker:
            pipelines.append(("full pipeline + re-ranker", tuned, {"RERANKER": args.reranker}))
        if split.dates:
            pipelines += [(DATED[0], stock, {}), (DATED[1], tuned, {})]
            pipelines += [(label, stock if "stock" in label else tuned, {}) for label in AMID]
        for label, indexed, extra in pipelines:
            embedder, collection, data_dir = indexed[name]
            config = {"DATA_DIR": str(data_dir), "CORPUS_DIR": "", "EMBEDDER": embedder}
            app = create_app({**config, "RERANKER": "", **extra})
            contexts = debate_contexts(split.queries, AMID[label]) if label in AMID else None
            runs, took = product_runs(
                app, split, dated=label in DATED or label in AMID, contexts=contexts
            )
            systems.append((label, runs, took))
        for label, runs, took in systems:
            scores = evaluate(runs, split.qrels)
            rows.append([split.name, len(split.qrels), label, *scores.values()])
            log(f"{split.name} | {label} | " + " ".join(f"{k} {v:.3f}" for k, v in scores.items()))
            if took:
                latency.append(
                    [
                        split.name,
                        label,
                        round(statistics.median(took), 1),
                        round(sorted(took)[int(0.95 * (len(took) - 1))], 1),
                    ]
                )
    elapsed = time.perf_counter() - started
    markdown = report(rows, latency, trained, elapsed)
    print(markdown)
    if not args.no_write:
        write_section(SECTION, markdown)


def _indexed(embedder, chosen) -> dict:
    """Each dataset's collection embedded with `embedder`: {name: (embedder, collection, dir)}."""
    from service.training.groups import open_collection

    fingerprint = _fingerprint()
    out = {}
    for name, split in chosen:
        t0 = time.perf_counter()
        data_dir = PROJECT / "data" / "bench" / f"{name}-{embedder.name}-{fingerprint}"
        collection = open_collection(split, data_dir, embedder, log=log)
        collection.save()
        took = time.perf_counter() - t0
        log(f"{name}/{embedder.name}: {collection.store.count()} claims ({took:.0f} s)")
        out[name] = (embedder, collection, data_dir)
    return out


if __name__ == "__main__":
    main()
