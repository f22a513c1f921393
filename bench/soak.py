"""Soak test: gunicorn on a 100k-statement index, 60 s at 80% of saturation with live adds.

    python -m bench.soak build   # once: ~45k real statements from ../shared/data + synthetic
    python -m bench.soak run     # measure saturation with wrk, soak, write docs/benchmarks.md

Synthetic rows reuse real vectors with a little noise (cosine ~0.9 to their source), so the
index has the size and the neighbourhood structure of real text without embedding 55k more.
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
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np

from bench.report import table, write_section

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_DIR = ROOT / "data" / "soak-100k"
SOURCES = [
    ("checkthat/ct2021_2022_task2b_en/politifact_vclaims.jsonl", "checkthat"),
    ("checkthat/ct2021_2022_task2a_en/vclaims.jsonl", "checkthat"),
    ("liar/train.tsv", "liar"),
    ("liar/valid.tsv", "liar"),
]
KEY = "soak-key"


def build(data_dir: Path, size: int, *, pad_only: bool = False, seed: int = 7) -> None:
    """Import the real collections, then pad to `size` with perturbed copies.

    The import commits batch by batch: stopping it and running `build --pad-only` pads
    whatever real statements are stored (the report says how many are real).
    """
    from index.embed import load_embedder
    from index.importing import import_file
    from index.integrity import open_collection
    from index.records import Statement

    embedder = load_embedder(os.environ.get("VERACITY_MODEL"))
    collection = open_collection(data_dir, embedder)
    for relative, fmt in [] if pad_only else SOURCES:
        path = SHARED / relative
        if not path.exists():
            sys.exit(f"needs {path} (../shared/data)")
        started = time.perf_counter()
        summary = import_file(collection, path, fmt, progress=True)
        print(f"{relative}: {summary.added} added in {time.perf_counter() - started:.0f} s")
    store = collection.store
    real = (
        store.count()
        - store._conn()
        .execute("SELECT COUNT(*) FROM statements WHERE source = 'synthetic'")
        .fetchone()[0]
    )
    (data_dir / "soak-real-count").write_text(str(real))
    need = size - store.count()
    rng = np.random.default_rng(seed)
    seqs, vectors = [], []
    for batch_seqs, batch in store.vectors_after(0, embedder.dim):
        seqs.append(batch_seqs)
        vectors.append(batch.copy())
    seqs, vectors = np.concatenate(seqs), np.concatenate(vectors)
    base = store.by_seq(seqs.tolist())
    print(f"{real} real statements; adding {max(need, 0)} synthetic")
    for start in range(0, max(need, 0), 5000):
        count = min(5000, need - start)
        picks = rng.integers(0, len(seqs), count)
        noisy = vectors[picks] + rng.normal(0, 0.025, (count, embedder.dim)).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        records = [
            Statement(
                text=f"{base[int(seqs[p])].text} (variant {start + n})",
                kind="statement",
                speaker=base[int(seqs[p])].speaker,
                source="synthetic",
            )
            for n, p in enumerate(picks)
        ]
        store.add_statements(records, noisy, embedder.name)
    collection.catch_up()
    collection.save()
    print(json.dumps(collection.stats()))


# running ---------------------------------------------------------------------------------


def _get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _post(url: str, body: dict, timeout: float = 30) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-API-Key": KEY},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return sorted(kids)


def _lua(claims: list[str], delay_ms: float, path: Path) -> None:
    bodies = ",\n".join(json.dumps(json.dumps({"text": c})) for c in claims)
    path.write_text(
        f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {{
{bodies}
}}
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/v1/check", nil, bodies[(n % #bodies) + 1])
end
delay = function() return {delay_ms:.1f} end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {{"requests": %d, "seconds": %.3f, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}}\\n',
    summary.requests, summary.duration / 1e6, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
"""
    )


def wrk(url: str, script: Path, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(re.search(r"^WRK (.*)$", out, re.M).group(1))
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
    return result


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


class Adder(threading.Thread):
    """Post new statements at a steady pace during the soak; count failures."""

    def __init__(self, base: str, every: float):
        super().__init__(daemon=True)
        self.base, self.every = base, every
        self.stop = threading.Event()
        self.sent = self.failed = 0
        self.latencies: list[float] = []

    def run(self) -> None:
        tag = int(time.time())
        while not self.stop.wait(self.every):
            started = time.perf_counter()
            status = _post(
                f"{self.base}/v1/statements",
                {
                    "text": f"Soak statement {tag}-{self.sent}: the council met again.",
                    "speaker": {"name": "Soak Tester"},
                    "outlets": [{"id": "example.org", "url": "https://example.org/soak"}],
                },
            )
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.sent += 1
            self.failed += status != 201


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
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(1)
        else:
            raise SystemExit("the server did not become ready in 300 s; see soak-gunicorn.log")
        pids = _children(server.pid)
        load_start = os.getloadavg()[0]
        statements = json.loads(_get(f"{base}/healthz")[1])["statements"]
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "check.lua"
            claims = _claims()
            _lua(claims, 0, script)
            wrk(base, script, 10, workers * 2)  # warm-up: first requests load lazily
            saturation = wrk(base, script, 20, workers * 2)
            target = 0.8 * saturation["rps"]
            connections = workers * 2
            service_ms = saturation["p50_ms"] / 2  # two connections queue on each worker
            delay = max(connections / target * 1000 - service_ms, 0)
            _lua(claims, delay, script)
            probe = wrk(base, script, 10, connections)
            delay = max(delay + connections * 1000 * (1 / target - 1 / probe["rps"]), 0)
            _lua(claims, delay, script)
            rss_start = {pid: _rss_mb(pid) for pid in pids}
            adder = Adder(base, every=0.5)
            adder.start()
            soak = wrk(base, script, seconds, connections)
            adder.stop.set()
            adder.join()
            rss_end = {pid: _rss_mb(pid) for pid in pids}
            load_end = os.getloadavg()[0]
        metrics = _get(f"{base}/metrics")[1].decode()
        server_errors = sum(
            float(m.group(1))
            for m in re.finditer(
                r'veracity_http_requests_total\{[^}]*status="5\d\d"\} (\S+)', metrics
            )
        )
        final = json.loads(_get(f"{base}/healthz")[1])["statements"]
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
