"""/v1/check latency over HTTP with the claim-pair judge off, head alone and cross, from one run.

Four gunicorn servers (one worker each) serve the bench-verdicts `full` data dir (the
bundled corpus and the 19,250 PolitiFact fact-checks): VERACITY_JUDGE=0, the vector head
alone (VERACITY_JUDGE_MODEL=head), the default (=cross: the cross-encoder on the first
candidate, started ahead on the side thread, the head on the rest; =veto makes the same model
run, so costs the same), and the default with VERACITY_CROSS_AHEAD=0 (the model run when the
verdict asks). The 2B dev sentences are sent to each in turn, so the shared CPU's load falls
on all alike; p50 and p90 per server, and each one's p50 growth over judge off, go to
docs/benchmarks.md.

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

PORTS = {"off": 8731, "head": 8732, "cross": 8733, "cross, read when asked": 8734}


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
                "VERACITY_JUDGE": "0" if name == "off" else "1",
                "VERACITY_JUDGE_MODEL": "head" if name == "off" else name.split(",")[0],
                "VERACITY_CROSS_AHEAD": "0" if "asked" in name else "1",
                "OMP_NUM_THREADS": "1",
            }
            servers[name] = start(gunicorn_cmd(), env, port, first)[0]
        timings: dict[str, list[float]] = {name: [] for name in PORTS}
        for text in texts[:10]:  # warm them all
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
    base = float(np.percentile(timings["off"], 50))
    off = np.array(timings["off"])
    rows = [
        [
            name,
            len(t),
            float(np.percentile(t, 50)),
            float(np.percentile(t, 90)),
            float(np.percentile(t, 50)) - base,
            # The same request to each server: its own growth, which the p50 of a two-humped
            # distribution (fast lookups ~9 ms, slow ~25-40 ms) can exaggerate or hide.
            float(np.median(np.array(t) - off)),
            float(np.mean(np.array(t) - off)),
        ]
        for name, t in timings.items()
    ]
    header = ["judge", "requests", "p50 ms", "p90 ms", "p50 growth ms"]
    header += ["per-request growth: median ms", "mean ms"]
    print(table(header, rows))
    write_section(
        "judge-latency",
        "## Judge latency: /v1/check over HTTP, judge off, head and cross\n\n"
        f"`python -m bench.judge_latency --rounds {args.rounds}`: four gunicorn servers (1 "
        "worker each) on the bench-verdicts `full` data dir (19,250 PolitiFact fact-checks): "
        "VERACITY_JUDGE=0; the vector head alone (VERACITY_JUDGE_MODEL=head); the default "
        "(=cross: the cross-encoder on the first VERACITY_CROSS_DEPTH=1 candidate, started "
        "on the side thread before the records are read, VERACITY_CROSS_AHEAD=1; the head on "
        "the rest; =veto makes the same model run); the default with VERACITY_CROSS_AHEAD=0, "
        "the model run when the verdict asks. The 119 2B dev sentences go to each in turn from "
        "one client. Growth is against judge off: of the p50, and of each request against the "
        "same request to the judge-off server.\n\n" + table(header, rows),
    )


if __name__ == "__main__":
    main()
