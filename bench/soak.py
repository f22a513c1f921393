"""Soak test: gunicorn on a 100k-statement index, 60 s at 80% of saturation with live adds.

    python -m bench.soak build   # once: ~45k real statements from ../shared/data + synthetic
    python -m bench.soak run     # measure saturation with wrk, soak, write docs/benchmarks.md

bench/soak_build.py builds the data dir; bench/soak_load.py holds wrk and the live adds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.report import table, write_section
from bench.soak_build import DEFAULT_DIR, ROOT, SHARED, build
from bench.soak_load import KEY, Adder, children, http_get, lua, rss_mb, wrk


def _claims(count: int = 300, seed: int = 3) -> list[str]:
    """Real debate sentences and tweets (CheckThat! queries) as the claims to check."""
    rows = []
    for name in (
        "checkthat/ct2021_2022_task2b_en/train.queries.tsv",
        "checkthat/ct2021_2022_task2a_en/train.queries.tsv",
    ):
        for line in (SHARED / name).read_text().splitlines():
            text = line.split("\t")[-1].strip()
            if 10 < len(text) < 900:
                rows.append(text)
    random.Random(seed).shuffle(rows)
    return rows[:count]


def run(data_dir: Path, seconds: int, workers: int, port: int, write: bool) -> dict:
    base = f"http://127.0.0.1:{port}"
    metrics_dir = Path(tempfile.mkdtemp(prefix="veracity-prom-"))
    env = {
        **os.environ,
        "VERACITY_DATA_DIR": str(data_dir),
        "VERACITY_API_KEYS": KEY,
        # The soak measures the service, not the limiter: one client IP sends everything.
        "VERACITY_RATE_LIMIT": "10000000/minute",
        "VERACITY_WRITE_RATE_LIMIT": "10000000/minute",
        "VERACITY_LOG_LEVEL": "WARNING",
        "VERACITY_WORKERS": str(workers),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    log = open(data_dir / "soak-gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:service.http.gunicorn_conf",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "/dev/null",
            "service.app:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                if http_get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(1)
        else:
            raise SystemExit("the server did not become ready in 300 s; see soak-gunicorn.log")
        pids = children(server.pid)
        load_start = os.getloadavg()[0]
        statements = json.loads(http_get(f"{base}/healthz")[1])["statements"]
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "check.lua"
            claims = _claims()
            lua(claims, 0, script)
            wrk(base, script, 10, workers * 2)  # warm-up: first requests load lazily
            saturation = wrk(base, script, 20, workers * 2)
            target = 0.8 * saturation["rps"]
            connections = workers * 2
            service_ms = saturation["p50_ms"] / 2  # two connections queue on each worker
            delay = max(connections / target * 1000 - service_ms, 0)
            lua(claims, delay, script)
            probe = wrk(base, script, 10, connections)
            delay = max(delay + connections * 1000 * (1 / target - 1 / probe["rps"]), 0)
            lua(claims, delay, script)
            rss_start = {pid: rss_mb(pid) for pid in pids}
            adder = Adder(base, every=0.5)
            adder.start()
            soak = wrk(base, script, seconds, connections)
            adder.stop.set()
            adder.join()
            rss_end = {pid: rss_mb(pid) for pid in pids}
            load_end = os.getloadavg()[0]
        metrics = http_get(f"{base}/metrics")[1].decode()
        server_errors = sum(
            float(m.group(1))
            for m in re.finditer(
                r'veracity_http_requests_total\{[^}]*status="5\d\d"\} (\S+)', metrics
            )
        )
        final = json.loads(http_get(f"{base}/healthz")[1])["statements"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
        log.close()
        shutil.rmtree(metrics_dir, ignore_errors=True)
    result = {
        "statements": statements,
        "real": int((data_dir / "soak-real-count").read_text()),
        "statements_after": final,
        "workers": workers,
        "load_average": [round(load_start, 1), round(load_end, 1)],
        "saturation_rps": round(saturation["rps"], 1),
        "target_rps": round(target, 1),
        "soak": soak,
        "adds": {"sent": adder.sent, "failed": adder.failed},
        "adds_p99_ms": round(float(np.percentile(adder.latencies, 99)), 1)
        if adder.latencies
        else None,
        "server_5xx": server_errors,
        "rss_mb": {str(p): [round(rss_start[p], 1), round(rss_end[p], 1)] for p in pids},
    }
    result["errors"] = soak["errors"] + adder.failed + int(server_errors)
    result["max_rss_drift_pct"] = round(
        max(abs(rss_end[p] - rss_start[p]) / rss_start[p] * 100 for p in pids), 2
    )
    print(json.dumps(result, indent=2))
    if write:
        _report(result, seconds)
    return result


def _report(result: dict, seconds: int) -> None:
    soak = result["soak"]
    rows = [
        [f"worker {n} (pid {pid})", start, end, f"{(end - start) / start * 100:+.1f}%"]
        for n, (pid, (start, end)) in enumerate(result["rss_mb"].items(), 1)
    ]
    markdown = (
        f"## Soak: {result['statements']:,} statements, {result['workers']} gunicorn workers\n\n"
        f"{result['real']:,} statements are real (PolitiFact, Snopes and LIAR from ../shared/data, "
        "embedded with the service's model); the rest are perturbed copies of their vectors.\n\n"
        "`make soak` (`python -m bench.soak build` once, then `python -m bench.soak run`): "
        "saturation measured with wrk (`/v1/check`, real CheckThat! queries), then "
        f"{seconds} s at 80% of it while a client adds a statement every 0.5 s.\n\n"
        + table(
            ["measure", "value"],
            [
                ["saturation throughput (req/s)", result["saturation_rps"]],
                ["target 80% (req/s)", result["target_rps"]],
                ["soak throughput achieved (req/s)", round(soak["rps"], 1)],
                ["soak requests", soak["requests"]],
                ["p50 latency (ms)", soak["p50_ms"]],
                ["p99 latency (ms)", soak["p99_ms"]],
                ["max latency (ms)", soak["max_ms"]],
                [
                    "live adds sent / failed",
                    f"{result['adds']['sent']} / {result['adds']['failed']}",
                ],
                ["live add p99 (ms)", result["adds_p99_ms"]],
                ["wrk errors (socket + non-2xx)", soak["errors"]],
                ["5xx counted by /metrics", int(result["server_5xx"])],
                ["**errors in total**", f"**{result['errors']}**"],
                ["statements after", result["statements_after"]],
                ["machine load average (start, end; 2 cores)", result["load_average"]],
            ],
        )
        + "\n\nWorker RSS (MB) at the start and the end of the soak:\n\n"
        + table(["worker", "start", "end", "drift"], rows)
        + f"\n\nLargest drift: {result['max_rss_drift_pct']}% (bar: within 10%)."
    )
    write_section("soak", markdown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "run"])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-write", action="store_true", help="Do not update the report.")
    parser.add_argument("--pad-only", action="store_true", help="Build: skip the real imports.")
    args = parser.parse_args()
    if args.command == "build":
        build(args.data_dir, args.size, pad_only=args.pad_only)
    else:
        result = run(args.data_dir, args.seconds, args.workers, args.port, not args.no_write)
        if result["errors"] or result["max_rss_drift_pct"] > 10:
            sys.exit(1)


if __name__ == "__main__":
    main()
