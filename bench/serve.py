"""Bench plumbing: start a server, time its cold start, drive it with wrk, read its memory.

Memory is read from /proc/<pid>/smaps: RSS counts every resident page a worker maps, so pages
of the memory-mapped index shared by two workers are counted twice; PSS divides each shared
page among the processes mapping it, so the workers' PSS adds up to the physical memory used.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "check.lua"


def post(port: int, body: bytes, timeout: float = 30.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/v1/check", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def warm(directory: Path) -> None:
    """Read every file under `directory` once, so it sits in the page cache.

    This VM pages out file pages idle for ~60 s (a DAMON `pageout` scheme). Unwarmed, a 1M
    server started minutes after its store was written read it back from disk at ~120 MB/s:
    a 14.5 s cold start and 6.9 ms more a request in one run. Warmed, runs measure the
    steady state a dedicated server reaches, whose pages stay cached while in use.
    """
    for path in sorted(Path(directory).rglob("*")):
        if path.is_file():
            with open(path, "rb") as fh:
                while fh.read(1 << 24):
                    pass


def warm_code(*modules: str) -> None:
    """Warm the installed packages a server loads: after the minutes a 1M build takes, their
    shared libraries were paged out too (cold starts of 5.0-6.9 s against 1.2-1.8 s)."""
    import importlib.util

    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            warm(Path(spec.origin).parent)


def start(cmd: list[str], env: dict, port: int, body: bytes, limit: float = 300.0):
    """Start a server; return (process, seconds until it first answered a check with 200)."""
    started = time.perf_counter()
    # The server's log goes to a file: a pipe nobody drains fills up (the app logs every
    # request) and then blocks the server mid-run.
    log = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the server runs)
    process = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{cmd} exited: {log.read().decode()[-3000:]}")
        try:
            status, _ = post(port, body, timeout=60)
            if status == 200:
                return process, time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    stop(process)
    raise RuntimeError(f"{cmd} did not answer within {limit} s")


def lexical_ready(port: int, body: bytes, workers: int, limit: float = 600.0) -> float:
    """Wait until BM25 has indexed every record in every worker; return the seconds it took.

    Each worker indexes its own BM25 and /healthz says which worker answered, so this waits
    for a ready answer from `workers` distinct ones. A check is kept in flight while /healthz
    is asked, so the question goes to a worker that is not busy with it: asked one after the
    other, the same idle worker tends to answer both, and the wait measured that luck.
    """
    started = time.perf_counter()
    ready: set[int] = set()
    while len(ready) < workers:
        if time.perf_counter() - started > limit:
            raise RuntimeError(f"BM25 was not ready in all {workers} workers within {limit} s")
        reader = threading.Thread(target=post, args=(port, body))
        reader.start()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", "/healthz")
            health = json.loads(conn.getresponse().read())
        finally:
            conn.close()
            reader.join()
        if health.get("lexical_ready"):
            ready.add(int(health["worker"]))
        else:
            time.sleep(0.2)
    return time.perf_counter() - started


def stop(process: subprocess.Popen) -> None:
    """Stop a server we started, with its workers (its own session)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def gunicorn_cmd() -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:service.http.gunicorn_conf",
        "service.app:create_app()",
    ]


def wrk(port: int, bodies: Path, *, threads: int, connections: int, seconds: int) -> dict:
    """Run wrk against POST /v1/check; return its latency percentiles, rate and errors."""
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed: apt-get install -y wrk (or `make bench`)")
    out = subprocess.run(
        [
            binary,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}",
            "--",
            str(bodies),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK_JSON "))
    result = json.loads(line[len("WRK_JSON ") :])
    result["rate"] = result["requests"] / result["seconds"]
    result["error_count"] = sum(result["errors"].values())
    return result


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


def memory(pid: int, mapped: tuple[str, ...] = ()) -> dict:
    """RSS and PSS of a process in bytes, in total and for mappings of the named files."""
    totals = {"rss": 0, "pss": 0, "mapped_rss": 0, "mapped_pss": 0}
    current = None
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if head and not head[0].endswith(":"):
            current = head[5] if len(head) > 5 else ""
            continue
        if head and head[0] in ("Rss:", "Pss:"):
            key = head[0][:-1].lower()
            value = int(head[1]) * 1024
            totals[key] += value
            if current and current.endswith(mapped) and mapped:
                totals[f"mapped_{key}"] += value
    return totals
