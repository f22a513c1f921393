"""Where the slowest checks at 1M come from: collector pauses, and pages read back from disk.

python -m bench.tail [--size 1000000] [--seconds 60] [--reuse]

Builds a collection like `make bench` does (real statements, then synthetic rows; kept in
data/bench/tail, `--reuse` takes it as it is), then:
- in process: the objects the collector tracks once the app is warm, and how long a full
  collection takes, before and after `gc.freeze()` (what each gunicorn worker does when warm);
- over HTTP: gunicorn as `make bench` starts it, one check at a time for `--seconds`, and for
  each check the pages the workers read from disk meanwhile (/proc/<pid>/io read_bytes).
Prints; writes nothing to docs/.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import time

import numpy as np

from bench import serve, synth
from bench.speed import MODEL, PORT_OURS, SERVER_PACKAGES, WORKERS, server_env
from index import lexical
from index.collection import INDEX_DIR, STORE_FILE
from index.store import Store
from index.vectors import VectorIndex

WORK = serve.ROOT / "data" / "bench"


def build(data_dir, size: int) -> None:
    rows, real_vectors = synth.real_rows(WORK / "real")
    shutil.rmtree(data_dir, ignore_errors=True)
    vectors, _ = synth.build_store(data_dir, size, rows, real_vectors, MODEL)
    store = Store(data_dir / STORE_FILE)
    index = VectorIndex.build(MODEL, vectors.shape[1], store.vectors_after(0, vectors.shape[1]))
    index.save(data_dir / INDEX_DIR)
    lexical.refresh(data_dir / lexical.SNAPSHOT_FILE, store)
    store.close()


def collector(data_dir, onnx_dir, texts: list[str]) -> dict:
    from service.app import create_app

    app = create_app({"DATA_DIR": str(data_dir), "EMBEDDER": "onnx", "ONNX_DIR": str(onnx_dir)})
    engine = app.extensions["veracity"]
    engine.warm_up()
    for text in texts[:50]:
        engine.check(text)

    def full_ms() -> float:
        started = time.perf_counter()
        gc.collect()
        return (time.perf_counter() - started) * 1000

    tracked = len(gc.get_objects())
    before = min(full_ms() for _ in range(3))
    gc.freeze()
    for text in texts[50:300]:
        engine.check(text)
    after = full_ms()
    gc.unfreeze()
    return {"tracked": tracked, "full_ms": before, "frozen_full_ms_after_250": after}


def pages_read(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/io") as fh:
            fields = dict(line.split(": ") for line in fh.read().splitlines())
        total += int(fields["read_bytes"]) // 4096
    return total


def serial(data_dir, onnx_dir, bodies: list[bytes], seconds: float) -> list[tuple]:
    env = server_env(data_dir, onnx_dir)
    serve.warm(data_dir)
    serve.warm(onnx_dir)
    serve.warm_code(*SERVER_PACKAGES)
    process, _ = serve.start(serve.gunicorn_cmd(), env, PORT_OURS, bodies[0])
    took = []
    try:
        serve.lexical_ready(PORT_OURS, bodies[0], workers=WORKERS)
        workers = serve.children(process.pid)
        ends = time.perf_counter() + seconds
        while time.perf_counter() < ends:
            before = pages_read(workers)
            started = time.perf_counter()
            body = bodies[len(took) % len(bodies)]
            serve.post(PORT_OURS, body)
            ms = (time.perf_counter() - started) * 1000
            took.append((ms, pages_read(workers) - before, len(json.loads(body)["text"])))
    finally:
        serve.stop(process)
    return took


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--reuse", action="store_true", help="keep data/bench/tail as it is")
    args = parser.parse_args(argv)
    data_dir, onnx_dir = WORK / "tail", WORK / "models" / f"{MODEL}-onnx"
    if not (args.reuse and (data_dir / STORE_FILE).exists()):
        build(data_dir, args.size)
    bodies = (WORK / "bodies.jsonl").read_text().splitlines()
    print(
        "collector, in process:",
        collector(data_dir, onnx_dir, [json.loads(b)["text"] for b in bodies]),
    )
    took = serial(data_dir, onnx_dir, [b.encode() for b in bodies], args.seconds)
    ms = np.array([t for t, _, _ in took])
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    print(
        f"{len(took)} checks one at a time: p50 {p50:.1f} p95 {p95:.1f} p99 {p99:.1f} "
        f"max {ms.max():.1f} ms; median query {np.median([c for *_, c in took]):.0f} chars"
    )
    slow = sorted(took)[-max(1, len(took) // 100) :]
    with_reads = sum(1 for _, pages, _ in slow if pages)
    print(
        f"slowest 1% ({len(slow)}): {with_reads} read pages from disk meanwhile; "
        f"median query {np.median([c for *_, c in slow]):.0f} chars"
    )
    for t, pages, chars in slow[-10:]:
        print(f"  {t:7.1f} ms  {pages} pages read  {chars} chars")


if __name__ == "__main__":
    main()
