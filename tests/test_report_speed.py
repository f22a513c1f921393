"""The speed report judges each target from the measured figures, for fp32 and int8 alike."""

from bench.report_speed import STAGES, render, targets


def _server(p50, p99, rate, cold=2.0, errors=0):
    mem = {"rss": 300 << 20, "pss": 200 << 20, "mapped_rss": 0, "mapped_pss": 350_000_000}
    return {
        "cold": cold,
        "hybrid": cold + 30,
        "latency": {"p50_ms": p50, "p95_ms": p99, "p99_ms": p99},
        "saturation": {
            "rate": rate,
            "requests": int(rate * 10),
            "seconds": 10,
            "error_count": errors,
        },
        "memory": [mem, mem],
    }


ROW = {
    "size": 1_000_000,
    "recall": 0.985,
    "build_s": 100.0,
    "store_s": 50.0,
    "file_bytes": 800_000_000,
    "params": {"kind": "ivf", "nlist": 2048, "nprobe": 128, "recall_at_10": 0.99},
    "ours": _server(20.0, 40.0, 90.0),
    "ours int8": _server(7.5, 24.0, 260.0),
    "naive": _server(900.0, 2000.0, 2.0),
    "stages": dict.fromkeys(STAGES, 1.0),
}
IMPORTED = {
    "statements": 1000,
    "seconds": 10.0,
    "per_second": 100.0,
    "files": "a",
    "int8": {"statements": 1000, "seconds": 3.0, "per_second": 333.0, "files": "b"},
}


def test_targets_judge_each_server_on_its_own_figures():
    lines = {line[0]: line[2:] for line in targets(ROW, IMPORTED)}
    assert lines["/v1/check p50 over HTTP"] == ["20.0 ms (**missed**)", "7.5 ms (met)"]
    assert lines["/v1/check p99 over HTTP"] == ["40.0 ms (**missed**)", "24.0 ms (met)"]
    assert lines["throughput vs naive"] == ["45.0x (met)", "130.0x (met)"]
    assert lines["resident bytes/statement, vectors + ids"] == ["700 B (met)"] * 2
    assert lines["import throughput"] == ["100/s (**missed**)", "333/s (met)"]


def test_render_shows_every_server_row():
    text = render(
        [ROW], IMPORTED, {"torch_ms": 20, "fp32_ms": 15, "int8_ms": 7, "changed": 0.1}, 5, 60, 10
    )
    assert "| 1,000,000 | ours int8 | 7.5 |" in text
    assert "| 2.0 | 32.0 |" in text
    assert "| 1,000,000 | naive | 900.0 |" in text
    assert "333 statements/s" in text


def test_resident_memory_counts_the_lists_each_worker_reads_in():
    row = ROW | {"params": ROW["params"] | {"kind": "ivfpq", "in_memory_bytes": 60_000_000}}
    lines = {line[0]: line[2:] for line in targets(row, IMPORTED)}
    # 700 B mapped, plus 60 B in each of the two workers.
    assert lines["resident bytes/statement, vectors + ids"] == ["820 B (met)"] * 2
