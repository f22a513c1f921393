"""Measure the Milvus backend on one node against faiss: inserts, lookups, replicas, start-up.

    python -m bench.milvus_bench                     # 10k and 100k records, writes the report
    python -m bench.milvus_bench --sizes 2000 --no-report   # a quick look

Records are synthetic but of realistic size (a LIAR-like body, ~600 bytes of JSON); vectors
are random unit vectors. Both backends search exactly (faiss IndexFlatIP, Milvus FLAT), whose
cost does not depend on how vectors are spread. Milvus runs as Milvus Lite's gRPC server in
its own process, as a cluster would be reached by replicas; each replica is a process.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from bench.report import table, write_section
from index.collection import Collection
from index.records import Statement

DIM = 384
K = 20  # CANDIDATES: what one /v1/check asks of the index
SERVER = [sys.executable, "-m", "milvus_lite", "server"]
LABELS = {
    "faiss": "faiss + SQLite",
    "lite": "Milvus Lite 3.2",
    "server": "Milvus 2.3 standalone",
}


class NoEmbedder:
    """Vectors are given; the collection only needs the model's name and dimension."""

    name = "bench-random-384"
    dim = DIM

    def encode(self, texts, *, batch_size=64):
        raise NotImplementedError


def make_records(n: int) -> list[Statement]:
    return [
        Statement.from_dict(
            {
                "kind": "fact_check",
                "text": f"Claim number {i}: the state budget grew by {i % 97} percent in one "
                "year while school funding fell, according to the governor's office.",
                "speaker": {"name": f"Speaker {i % 997}", "role": "Governor", "party": "none"},
                "date": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}",
                "event": "a press release",
                "rating": {"label": "half-true", "reviewer": "PolitiFact"},
                "external_id": f"bench-{i}",
                "source": "bench",
                "extra": {"subjects": ["budget", "education"], "state": "Texas"},
            }
        )
        for i in range(n)
    ]


def unit_vectors(n: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def open_collection(backend: str, data_dir: Path, uri: str) -> Collection:
    faiss.omp_set_num_threads(1)  # as the service runs it: one thread per worker
    config = {"VECTOR_BACKEND": backend, "MILVUS_URI": uri, "MILVUS_COLLECTION": "bench"}
    return Collection(data_dir, NoEmbedder(), config)


def fill(collection: Collection, records, vectors, batch: int = 1000) -> float:
    """Write records with their vectors a batch at a time, as an import does; return rows/s."""
    started = time.perf_counter()
    for start in range(0, len(records), batch):
        collection.store.add_statements(
            records[start : start + batch], vectors[start : start + batch], NoEmbedder.name
        )
        collection.catch_up()
    return len(records) / (time.perf_counter() - started)


def latencies(collection: Collection, queries: np.ndarray) -> list[float]:
    """Milliseconds per lookup: search plus the hits' records, as /v1/check does."""
    collection.search(queries[:1], K)  # warm up
    times = []
    for query in queries:
        started = time.perf_counter()
        hits = collection.search(query[None, :], K)
        times.append((time.perf_counter() - started) * 1000)
        assert len(hits) == K
    return times


def _replica(backend, data_dir, uri, seconds, queue):
    collection = open_collection(backend, Path(data_dir), uri)
    queries = unit_vectors(64, seed=multiprocessing.current_process().pid)
    done, deadline = 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        collection.search(queries[done % 64][None, :], K)
        done += 1
    queue.put(done / seconds)


def throughput(backend: str, data_dir: Path, uri: str, replicas: int, seconds: float) -> float:
    """Lookups per second summed over `replicas` processes querying at once."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    procs = [
        context.Process(target=_replica, args=(backend, str(data_dir), uri, seconds, queue))
        for _ in range(replicas)
    ]
    for proc in procs:
        proc.start()
    rates = [queue.get(timeout=seconds + 300) for _ in procs]
    for proc in procs:
        proc.join()
    return sum(rates)


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [*SERVER, "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return server, f"http://127.0.0.1:{port}"
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("the Milvus Lite server did not start")


def du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def run(size: int, targets: list[str], args, work: Path) -> list[dict]:
    records, vectors = make_records(size), unit_vectors(size, seed=size)
    probes = unit_vectors(args.queries, seed=1)
    lite = "lite" in targets
    server, lite_uri = start_server(work / f"milvus-{size}") if lite else (None, "")
    rows = []
    try:
        for target in targets:
            backend = "faiss" if target == "faiss" else "milvus"
            uri = args.server_uri if target == "server" else lite_uri
            data_dir = work / f"{target}-{size}"
            collection = open_collection(backend, data_dir, uri)
            rate = fill(collection, records, vectors)
            collection.save()
            times = latencies(collection, probes)
            started = time.perf_counter()
            open_collection(backend, data_dir, uri)
            opened = time.perf_counter() - started
            on_disk = {"faiss": du(data_dir), "lite": du(work / f"milvus-{size}")}.get(target)
            row = {
                "backend": LABELS[target],
                "size": size,
                "insert": rate,
                "p50": float(np.percentile(times, 50)),
                "p95": float(np.percentile(times, 95)),
                "open": opened,
                "disk": on_disk,
            }
            for replicas in (1, 2):
                row[f"qps{replicas}"] = throughput(backend, data_dir, uri, replicas, args.seconds)
            if target == "server":
                collection.vectors.client.drop_collection(collection.vectors.name)
            print(row, flush=True)
            rows.append(row)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    return rows


def _mb(value) -> str:
    return "-" if value is None else str(round(value))


def report(rows: list[dict], command: str) -> str:
    body = table(
        [
            "backend",
            "records",
            "insert rows/s",
            "lookup p50 ms",
            "lookup p95 ms",
            "1 replica lookups/s",
            "2 replicas lookups/s",
            "replica open s",
            "on disk MB",
        ],
        [
            [
                *(r["backend"], r["size"], round(r["insert"]), r["p50"], r["p95"]),
                *(round(r["qps1"]), round(r["qps2"]), r["open"], _mb(r["disk"])),
            ]
            for r in rows
        ],
    )
    return (
        "## Milvus backend on one node\n\n"
        f"`{command}` (2 cores, shared with other jobs). Exact search over 384-d random unit "
        "vectors with synthetic LIAR-sized records; a lookup is the k=20 search plus the hits' "
        "records (no embedding). faiss is IndexFlatIP with the records in local SQLite. Milvus "
        "Lite 3.2 (a pure-Python engine, for development and tests) runs as its gRPC server in "
        "its own process; Milvus 2.3 standalone is the C++/Go server from the `milvus==2.3.5` "
        "wheel (`milvus-server --data DIR`), FLAT index, Session reads. 'replica open' is a new "
        "process's start on existing data: faiss loads and checksums its file, Milvus only "
        "connects. Replicas are processes querying at once on the same 2 cores as the engine."
        "\n\n" + body
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0, help="per throughput run")
    parser.add_argument("--targets", default="faiss,lite", help="of faiss, lite, server")
    parser.add_argument("--server-uri", default="http://127.0.0.1:19530")
    parser.add_argument("--lite-max", type=int, default=10000, help="larger sizes skip Lite")
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="milvus-bench-"))
    try:
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            targets = [t for t in args.targets.split(",") if t != "lite" or size <= args.lite_max]
            rows += run(size, targets, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    command = "python -m bench.milvus_bench " + " ".join(argv or sys.argv[1:])
    if not args.no_report:
        write_section("milvus", report(rows, command.strip()))
    print(report(rows, command.strip()))


if __name__ == "__main__":
    main()
