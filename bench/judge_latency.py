"""/v1/check latency over HTTP with the claim-pair judge off, head alone and cross, from one run.

Gunicorn servers (one worker each, the query encoded by the ONNX export as `veracity serve`
runs, no query cache) serve the bench-verdicts `full` data dir (the bundled corpus and the
19,250 PolitiFact fact-checks): VERACITY_JUDGE=0, the vector head alone
(VERACITY_JUDGE_MODEL=head), the default (=cross: the cross-encoder on the first candidate,
started ahead on the side thread, the head on the rest; =veto makes the same model run, so
costs the same), and the default with VERACITY_CROSS_AHEAD=0 (the model run when the verdict
asks); then judge off and the default again with the query cache answering every sentence
(a sentence sent again). The 2B dev sentences are sent to each in turn, so the shared CPU's
load falls on all alike; p50 and p90 per server, and each one's p50 growth over judge off, go
to docs/benchmarks.md.

    python -m bench.judge_latency [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from bench.models import onnx_dir
from bench.report import table, write_section
from bench.serve import gunicorn_cmd, post, start, stop
from bench.speed import server_env
from bench.verdict_data import CACHE, queries

OFF = {"VERACITY_JUDGE": "0", "VERACITY_JUDGE_MODEL": "head"}
# Each server's settings over the defaults, and the judge-off server its growth is against.
SERVERS = {
    "off": (OFF, "off"),
    "head": ({"VERACITY_JUDGE_MODEL": "head"}, "off"),
    "cross": ({}, "off"),
    "cross, no early guess": ({"VERACITY_CROSS_EARLY_LEAD": "0"}, "off"),
    "cross, read when asked": ({"VERACITY_CROSS_AHEAD": "0"}, "off"),
    # A sentence sent again: its vector comes from the query cache, the lookup is shorter.
    "off, repeated sentence": (OFF | {"VERACITY_QUERY_CACHE": "1024"}, "off, repeated sentence"),
    "cross, repeated sentence": ({"VERACITY_QUERY_CACHE": "1024"}, "off, repeated sentence"),
}
PORT = 8731


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    texts = list(queries()[0].values())
    first = json.dumps({"text": texts[0]}).encode()
    model = onnx_dir()
    ports = {name: PORT + i for i, name in enumerate(SERVERS)}
    servers = {}
    try:
        for name, port in ports.items():
            # As `make bench` serves ours (the ONNX export, as `veracity serve` runs, and no
            # query cache: each sentence encoded as a new one is), one worker each.
            env = server_env(CACHE / "full", model) | {
                "VERACITY_CORPUS_DIR": str(CACHE / "full" / "none"),
                "VERACITY_BIND": f"127.0.0.1:{port}",
                "VERACITY_WORKERS": "1",
                "OMP_NUM_THREADS": "1",
            }
            env |= SERVERS[name][0]
            servers[name] = start(gunicorn_cmd(), env, port, first)[0]
        timings: dict[str, list[float]] = {name: [] for name in ports}
        # Warm them all; each sentence once, so the query cache answers every timed repeat.
        for text in texts:
            for port in ports.values():
                post(port, json.dumps({"text": text}).encode())
        for round_ in range(args.rounds):
            for i, text in enumerate(texts):
                body = json.dumps({"text": text}).encode()
                # Every other sentence in the reverse order: no server always comes first.
                order = list(ports.items())
                for name, port in order if (i + round_) % 2 == 0 else order[::-1]:
                    started = time.perf_counter()
                    status, _ = post(port, body)
                    timings[name].append((time.perf_counter() - started) * 1000)
                    assert status == 200, status
    finally:
        for process in servers.values():
            stop(process)
    rows = []
    for name, t in timings.items():
        off = np.array(timings[SERVERS[name][1]])
        p50 = float(np.percentile(t, 50))
        rows.append(
            [
                name,
                len(t),
                p50,
                float(np.percentile(t, 90)),
                p50 - float(np.percentile(off, 50)),
                # The same request to each server: its own growth, which the p50 of a
                # two-humped distribution can exaggerate or hide.
                float(np.median(np.array(t) - off)),
                float(np.mean(np.array(t) - off)),
            ]
        )
    header = ["judge", "requests", "p50 ms", "p90 ms", "p50 growth ms"]
    header += ["per-request growth: median ms", "mean ms"]
    print(table(header, rows))
    write_section(
        "judge-latency",
        "## Judge latency: /v1/check over HTTP, judge off, head and cross\n\n"
        f"`python -m bench.judge_latency --rounds {args.rounds}` (in `make bench-verdicts`): "
        "seven gunicorn servers (1 worker each, the query encoded by the ONNX export as "
        "`veracity serve` runs) on the bench-verdicts `full` data dir (19,250 PolitiFact "
        "fact-checks): VERACITY_JUDGE=0; the vector head alone (VERACITY_JUDGE_MODEL=head); "
        "the default (=cross: the cross-encoder on the first VERACITY_CROSS_DEPTH=1 "
        "candidate, the head on the rest, =veto makes the same model run; the model started "
        "on the side thread before the records are read, VERACITY_CROSS_AHEAD=1, and on "
        "BM25's first before the query is encoded where it leads its second by "
        "VERACITY_CROSS_EARLY_LEAD=1.3); the default without that early guess (=0); the "
        "default with VERACITY_CROSS_AHEAD=0, the model run when the verdict asks. These five "
        "have no query cache (VERACITY_QUERY_CACHE=0), so every round encodes each sentence "
        "as a new one is; the last two are judge off and the default with the cache on "
        "(1,024, the default) and every sentence sent once before, so each lookup takes its "
        "vector from the cache: a sentence sent again. The 119 2B dev sentences go to each in "
        "turn from one client, every other one in the reverse order. Growth is against judge "
        "off (with the cache, against judge off with the cache): of the p50, and of each "
        "request against the same request to that server.\n\n" + table(header, rows),
    )


if __name__ == "__main__":
    main()
