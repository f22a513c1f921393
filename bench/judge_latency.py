"""/v1/check latency over HTTP with the claim-pair judge off and on, from one run.

Two gunicorn servers (one worker each) serve the bench-verdicts `full` data dir (the bundled
corpus and the 19,250 PolitiFact fact-checks), one with VERACITY_JUDGE=0 and one with =1.
The 2B dev sentences are sent to both in turn, so the shared CPU's load falls on both alike;
p50 and p90 per server, and their difference, are printed and written to docs/benchmarks.md.

    python -m bench.judge_latency [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from bench.report import table, write_section
from bench.serve import gunicorn_cmd, post, start, stop
from bench.verdicts import CACHE, queries

PORTS = {"off": 8731, "on": 8732}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    texts = list(queries()[0].values())
    first = json.dumps({"text": texts[0]}).encode()
    servers = {}
    try:
        for name, port in PORTS.items():
            env = {
                "VERACITY_DATA_DIR": str(CACHE / "full"),
                "VERACITY_CORPUS_DIR": str(CACHE / "full" / "none"),
                "VERACITY_BIND": f"127.0.0.1:{port}",
                "VERACITY_WORKERS": "1",
                "VERACITY_ACCESS_LOG": "",
                "VERACITY_JUDGE": "1" if name == "on" else "0",
                "OMP_NUM_THREADS": "1",
            }
            servers[name] = start(gunicorn_cmd(), env, port, first)[0]
        timings: dict[str, list[float]] = {name: [] for name in PORTS}
        for text in texts[:10]:  # warm both
            for port in PORTS.values():
                post(port, json.dumps({"text": text}).encode())
        for _ in range(args.rounds):
            for text in texts:
                body = json.dumps({"text": text}).encode()
                for name, port in PORTS.items():
                    started = time.perf_counter()
                    status, _ = post(port, body)
                    timings[name].append((time.perf_counter() - started) * 1000)
                    assert status == 200, status
    finally:
        for process in servers.values():
            stop(process)
    rows = [
        [name, len(t), float(np.percentile(t, 50)), float(np.percentile(t, 90))]
        for name, t in timings.items()
    ]
    growth = rows[1][2] - rows[0][2]
    print(table(["judge", "requests", "p50 ms", "p90 ms"], rows), f"\np50 growth {growth:.2f} ms")
    write_section(
        "judge-latency",
        "## Judge latency: /v1/check over HTTP, judge off and on\n\n"
        f"`python -m bench.judge_latency --rounds {args.rounds}`: two gunicorn servers (1 "
        "worker each) on the bench-verdicts `full` data dir (19,250 PolitiFact fact-checks), "
        "VERACITY_JUDGE=0 and =1, sent the 119 2B dev sentences in turn from one client.\n\n"
        + table(["judge", "requests", "p50 ms", "p90 ms"], rows)
        + f"\n\np50 growth with the judge on: {growth:.2f} ms.",
    )


if __name__ == "__main__":
    main()
