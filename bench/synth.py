"""Bench data: the real statements imported through the product, and synthetic rows up to 1M.

Encoding a million texts on 2 cores takes over an hour, so sizes past the real collection are
filled with synthetic rows: each is a real statement's embedding plus isotropic Gaussian noise
of norm `SIGMA` (cosine ~0.86 to its source), renormalized, stored with a copy of its source's
record under a new id. Real queries then meet dense, realistic neighbourhoods instead of
uniform noise (which makes approximate indexes look far worse than on text).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np

from index.collection import STORE_FILE, Collection
from index.importing import import_file
from index.store import Store

REAL_FILES = (
    ("checkthat/ct2020_task2_en/verified_claims.docs.tsv", "checkthat"),
    ("checkthat/ct2021_2022_task2a_en/vclaims.jsonl", "checkthat"),
    ("checkthat/ct2021_2022_task2b_en/politifact_vclaims.jsonl", "checkthat"),
    ("liar/train.tsv", "liar"),
    ("liar/valid.tsv", "liar"),
)
QUERY_FILES = (
    "checkthat/ct2020_task2_en/train.tweets.queries.tsv",
    "checkthat/ct2020_task2_en/dev.tweets.queries.tsv",
    "checkthat/ct2021_2022_task2a_en/train.queries.tsv",
    "checkthat/ct2021_2022_task2b_en/train.queries.tsv",
    "checkthat/ct2021_2022_task2b_en/dev.queries.tsv",
)
SIGMA = 0.6
CHUNK = 50_000


def import_real(shared: Path, data_dir: Path, embedder, files=REAL_FILES) -> dict:
    """Import real statements through the product's import path; time it."""
    collection = Collection(data_dir, embedder, query_cache=0)
    started = time.perf_counter()
    added = 0
    for name, fmt in files:
        added += import_file(collection, shared / name, fmt).added
    seconds = time.perf_counter() - started
    collection.save()
    files = ", ".join(name for name, _ in files)
    return {"statements": added, "seconds": seconds, "per_second": added / seconds, "files": files}


def queries(shared: Path, limit: int, seed: int = 0) -> list[str]:
    """Real claims as readers meet them: CheckThat tweets and debate sentences, shuffled."""
    texts = set()
    for name in QUERY_FILES:
        for line in (shared / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            text = parts[1].strip() if len(parts) > 1 else ""
            if 10 <= len(text) <= 900 and text.lower() != "tweet_content":
                texts.add(text)
    ordered = sorted(texts)
    np.random.default_rng(seed).shuffle(ordered)
    return ordered[:limit]


def real_rows(data_dir: Path) -> tuple[list[tuple], np.ndarray]:
    """(external_id, kind, source, body) rows and the vectors of an imported collection."""
    conn = sqlite3.connect(Path(data_dir) / STORE_FILE)
    rows = conn.execute(
        "SELECT s.external_id, s.kind, s.source, s.body, v.vector FROM statements s "
        "JOIN vectors v ON v.seq = s.seq ORDER BY s.seq"
    ).fetchall()
    conn.close()
    vectors = np.frombuffer(b"".join(r[4] for r in rows), dtype=np.float32)
    return [r[:4] for r in rows], vectors.reshape(len(rows), -1).copy()


def build_store(
    data_dir: Path, size: int, rows: list[tuple], vectors: np.ndarray, model: str, seed: int = 0
) -> tuple[np.ndarray, float]:
    """Write a store of `size` statements (real first, then synthetic); return its vectors.

    A bulk load, not an import: rows go in with executemany, durability off until the end.
    """
    rng = np.random.default_rng(seed)
    data_dir.mkdir(parents=True, exist_ok=True)
    Store(data_dir / STORE_FILE).close()
    started = time.perf_counter()
    conn = sqlite3.connect(data_dir / STORE_FILE, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    real = len(rows)
    if size <= real:
        parents = np.sort(rng.choice(real, size=size, replace=False))
    else:
        parents = np.concatenate([np.arange(real), rng.integers(0, real, size - real)])
    out = np.empty((size, vectors.shape[1]), dtype=np.float32)
    for start in range(0, size, CHUNK):
        chunk = parents[start : start + CHUNK]
        block = vectors[chunk].copy()
        synthetic = np.arange(start, start + len(chunk)) >= min(size, real)
        if synthetic.any():
            noise = rng.standard_normal((int(synthetic.sum()), block.shape[1]), dtype=np.float32)
            block[synthetic] += SIGMA * noise / np.sqrt(block.shape[1])
            block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + len(chunk)] = block
        seqs = range(start + 1, start + len(chunk) + 1)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO statements (seq, id, external_id, kind, source, body) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                (seq, f"bench-{seq}", *rows[int(p)][:3], rows[int(p)][3])
                for seq, p in zip(seqs, chunk, strict=True)
            ),
        )
        conn.executemany(
            "INSERT INTO vectors (seq, model, vector) VALUES (?, ?, ?)",
            ((seq, model, v.tobytes()) for seq, v in zip(seqs, block, strict=True)),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return out, time.perf_counter() - started
