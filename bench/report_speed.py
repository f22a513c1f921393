"""Render the speed benchmark's results as the `speed` section of docs/benchmarks.md."""

from __future__ import annotations

from bench.report import table

# The stages of one check that bench/speed_inprocess.py times, in order.
STAGES = ("clean + tokenize", "embed", "vector search", "BM25", "rest of the check", "serialize")

MB = 1 << 20
SERVERS = ("ours", "ours int8")


def _mem(run: dict) -> tuple[float, float]:
    mems = run["memory"]
    return max(m["rss"] for m in mems) / MB, max(m["pss"] for m in mems) / MB


def _index(params: dict) -> str:
    if params.get("kind") == "ivfpq":
        return (
            f"IVF-PQ fast-scan + fp16 re-scoring, nlist {params['nlist']}, "
            f"nprobe {params['nprobe']}"
        )
    if params.get("kind") == "ivf":
        return f"IVF fp16, nlist {params['nlist']}, nprobe {params['nprobe']}"
    return "exact (flat fp32)"


def _resident(row: dict, run: dict) -> float:
    """Bytes a statement of vectors + ids: the mapped files' PSS summed over the workers, plus
    what each worker reads into its own memory (IVF-PQ's fast-scan lists)."""
    mapped = sum(m["mapped_pss"] for m in run["memory"])
    private = row["params"].get("in_memory_bytes", 0) * len(run["memory"])
    return (mapped + private) / row["size"]


def _checks(row: dict, name: str) -> list[tuple[str, str, str, bool]]:
    ours, naive = row[name], row["naive"]
    lat, sat = ours["latency"], ours["saturation"]
    naive_done = naive["saturation"]["requests"]
    # A naive server that finishes nothing in the run gives a lower bound, not a ratio.
    floor = max(naive["saturation"]["rate"], 1 / naive["saturation"]["seconds"])
    speedup = sat["rate"] / floor
    speed_text = f"{speedup:.1f}x" if naive_done else f">= {speedup:.0f}x (naive finished 0)"
    resident = _resident(row, ours)
    recall = row["recall"]
    return [
        ("/v1/check p50 over HTTP", "<= 8 ms", f"{lat['p50_ms']:.1f} ms", lat["p50_ms"] <= 8),
        ("/v1/check p99 over HTTP", "<= 25 ms", f"{lat['p99_ms']:.1f} ms", lat["p99_ms"] <= 25),
        (
            "throughput at saturation, errors",
            ">= 250 req/s, 0 errors",
            f"{sat['rate']:.0f} req/s, {sat['error_count']} errors",
            sat["rate"] >= 250 and sat["error_count"] == 0,
        ),
        ("throughput vs naive", ">= 15x", speed_text, speedup >= 15),
        ("recall@10 vs exact, real queries", ">= 0.98", f"{recall:.3f}", recall >= 0.98),
        (
            "resident bytes/statement, vectors + ids",
            "<= 1200 B",
            f"{resident:.0f} B",
            resident <= 1200,
        ),
        ("serving after a restart", "<= 5 s", f"{ours['cold']:.1f} s", ours["cold"] <= 5),
    ]


def _verdict(got: str, ok: bool) -> str:
    return f"{got} (met)" if ok else f"{got} (**missed**)"


def targets(row: dict, imported: dict | None = None) -> list[list]:
    """One line per target: the shipped fp32 service and, beside it, the int8 setting."""
    names = [n for n in SERVERS if n in row]
    columns = [_checks(row, n) for n in names]
    lines = [
        [want[0], want[1], *(_verdict(c[i][2], c[i][3]) for c in columns)]
        for i, want in enumerate(columns[0])
    ]
    if imported:
        runs = [imported, imported.get("int8")][: len(names)]
        lines.append(
            [
                "import throughput",
                ">= 300 statements/s",
                *(
                    _verdict(f"{r['per_second']:.0f}/s", r["per_second"] >= 300) if r else "-"
                    for r in runs
                ),
            ]
        )
    return lines


def render(results, imported, embed, real_count, total, seconds, context=None) -> str:
    context = context or {}
    lines = [
        "## Speed: latency, throughput and memory from 10k to 1M statements",
        "",
        "Command: `make bench` (= `python -m bench.speed`), one run, everything below from it. "
        f"Whole run: {total / 60:.1f} min. Machine: {context.get('machine', '?')}; load average "
        f"(1 min) at start {context.get('load_start', '?')}, at end {context.get('load_end', '?')} "
        "(the end's includes the bench's own servers and load generator).",
        "",
        f"Data: {real_count} real statements (CheckThat! PolitiFact/Snopes verified claims and "
        "LIAR, imported through the product and embedded with the model); larger sizes add "
        "synthetic rows (a real embedding + Gaussian noise of norm 0.6, cosine ~0.86 to its "
        "source, renormalized; a copy of the source's record under a new id; bench/synth.py). "
        "Queries: 2,000 real CheckThat! tweets and debate sentences, distinct, query cache off.",
        "",
        "### HTTP: POST /v1/check, ours (gunicorn, 2 workers x 1 thread, ONNX fp32; and the "
        "same with VERACITY_ONNX_INT8=1) vs naive (Flask dev server, sentence-transformers on "
        "torch, `util.semantic_search` over a flat matrix)",
        "",
    ]
    rows = []
    for row in results:
        for name in (*SERVERS, "naive"):
            run = row.get(name)
            if run is None:
                continue
            lat, sat = run["latency"], run["saturation"]
            rss, pss = _mem(run)
            rows.append(
                [
                    f"{row['size']:,}",
                    name,
                    f"{lat['p50_ms']:.1f}",
                    f"{lat['p95_ms']:.1f}",
                    f"{lat['p99_ms']:.1f}",
                    f"{sat['rate']:.1f}",
                    sat["error_count"],
                    f"{rss:.0f}",
                    f"{pss:.0f}",
                    f"{run['cold']:.1f}",
                    f"{run['hybrid']:.1f}" if "hybrid" in run else "-",
                ]
            )
    lines.append(
        table(
            [
                "statements",
                "server",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "req/s at saturation",
                "errors",
                "RSS/worker MB",
                "PSS/worker MB",
                "cold start s",
                "hybrid from s",
            ],
            rows,
        )
    )
    lines += [
        "",
        f"Latency: wrk, 1 connection, {seconds} s (closed loop). Saturation: wrk, 2 threads, 8 "
        f"connections, {seconds} s, Lua script bench/check.lua posting the query bodies in turn; "
        "errors = connect/read/write/timeout + non-2xx (wrk does not count requests still "
        "pending when the run ends). Cold start: process start to the first 200 from /v1/check. "
        "Hybrid from: process start until BM25 is ready in both workers (they map the snapshot "
        "the import saved; without one a large backlog is indexed in the background and "
        "lookups before that are vector-only); latency and saturation are measured after it. "
        "Before each server starts, the bench reads its data directory once (bench/serve.py "
        "`warm`): this VM pages out file pages idle for ~60 s, and a 1M store written minutes "
        "earlier was otherwise read back from disk during the runs (one run: cold start 14.5 s, "
        "6.9 ms more a request). Our servers' model files and the packages they load "
        "(onnxruntime, faiss, ...) are read the same way (`warm_code`): after a 1M build, two "
        "runs' first cold starts were 5.0 and 6.9 s, read back from disk, against 1.2-1.8 s. "
        "Cold start is therefore a restart on a warm page cache.",
        "",
        "### Index",
        "",
    ]
    rows = []
    for row in results:
        ours = row["ours"]
        resident = _resident(row, ours)
        bm25 = sum(m.get("bm25_pss", 0) for m in ours["memory"]) / row["size"]
        rows.append(
            [
                f"{row['size']:,}",
                _index(row["params"]),
                f"{row['build_s']:.1f}",
                f"{row['store_s']:.1f}",
                f"{row['recall']:.3f}",
                row["params"].get("recall_at_10", "1 (exact)"),
                f"{row['file_bytes'] / row['size']:.0f}",
                f"{resident:.0f}",
                f"{row.get('bm25_s', 0):.1f}",
                f"{row.get('bm25_bytes', 0) / row['size']:.0f}",
                f"{bm25:.0f}",
            ]
        )
    lines.append(
        table(
            [
                "statements",
                "index (chosen by size)",
                "build s (from the store)",
                "store bulk load s",
                "recall@10 real queries",
                "recall@10 at build (held-out rows)",
                "file B/statement",
                "resident B/statement",
                "BM25 snapshot build s",
                "BM25 file B/statement",
                "BM25 resident B/statement",
            ],
            rows,
        )
    )
    lines += [
        "",
        "Resident B/statement: the PSS of the worker mappings of vectors.faiss + ids.npy, "
        "summed over the workers (PSS splits a shared page between the processes mapping it, so "
        "the sum is the physical memory the index takes), plus, for IVF-PQ, the fast-scan lists "
        "and centroids every worker reads into its own memory (`in_memory_bytes` in the "
        "manifest, counted once a worker), divided by the statements, after the "
        "saturation run. RSS counts a page shared by both workers in each of them. The BM25 "
        "columns are the same for lexical.bin, the postings snapshot `veracity import` saves "
        "and every worker maps (its build is timed from the store, like the index's).",
        "",
        "### Where the time of one check goes (in process, one thread, median ms)",
        "",
        "The stages of Retriever.search timed one by one in the bench process, after the HTTP "
        "runs and once its BM25 is ready; the rest of the check is fusion, the records, stance, "
        'verdict and sources. "CPU" is their sum. A check runs BM25 on a second thread '
        "beside the embedding and the vector search, so its clock time is the CPU less the "
        "shorter of the two branches. The last column is what HTTP, WSGI and validation add.",
        "",
    ]
    rows = []
    for row in results:
        st = row["stages"]
        cpu = sum(st.values())
        inside = cpu - min(st["BM25"], st["embed"] + st["vector search"])
        http = row["ours"]["latency"]["p50_ms"]
        rows.append(
            [f"{row['size']:,}"]
            + [f"{st[k]:.2f}" for k in STAGES]
            + [f"{cpu:.2f}", f"{inside:.2f}", f"{http:.2f}", f"{http - inside:.2f}"]
        )
    lines.append(
        table(
            ["statements", *STAGES, "CPU", "clock", "HTTP p50", "HTTP + WSGI + validation"],
            rows,
        )
    )
    lines += [
        "",
        "### Embedding one query (1 thread, median of 100 real queries, "
        f"median {embed.get('tokens', '?')} tokens)",
        "",
        table(
            ["runtime", "ms", "top-10 changed vs fp32 (real statements, exact, 200 queries)"],
            [
                ["sentence-transformers on torch", f"{embed['torch_ms']:.1f}", "0 (reference)"],
                ["onnxruntime fp32 (default)", f"{embed['fp32_ms']:.1f}", "0 (parity 1e-4)"],
                [
                    "onnxruntime int8 (VERACITY_ONNX_INT8=1)",
                    f"{embed['int8_ms']:.1f}",
                    f"{embed['changed'] * 100:.1f}%",
                ],
            ],
        ),
        "",
    ]
    if imported:
        lines += [
            f"Import (the real files through `import_file`, ONNX fp32 on 2 threads, store + "
            f"index): {imported['statements']} statements in {imported['seconds']:.0f} s = "
            f"**{imported['per_second']:.0f} statements/s**.",
            "",
        ]
        int8 = imported.get("int8")
        if int8:
            lines += [
                f"Import with VERACITY_ONNX_INT8=1 (a fresh import of {int8['files']}): "
                f"{int8['statements']} statements in {int8['seconds']:.0f} s = "
                f"**{int8['per_second']:.0f} statements/s**.",
                "",
            ]
    if results:
        names = [n for n in SERVERS if n in results[-1]]
        lines += [f"### Targets at {results[-1]['size']:,} statements", ""]
        headers = ["target", "wanted", "ours (fp32, default)", "ours int8 (setting)"]
        lines.append(table(headers[: 2 + len(names)], targets(results[-1], imported)))
    notes = context.get("notes")
    if notes:
        lines += ["", "### Notes", "", notes]
    return "\n".join(lines)
