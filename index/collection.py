"""A collection: the record store, the embedder and the vector index kept in step."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.embed import Embedder
from index.records import Outlet, Statement
from index.store import Store
from index.vectors import VectorIndex

STORE_FILE = "veracity.sqlite3"
INDEX_DIR = "index"


@dataclass
class Hit:
    """One search result: the stored record, its row id and its cosine similarity."""

    seq: int
    statement: Statement
    score: float
    # Where the retrieval pipeline ranked it (fused or re-ranker score); None for plain search.
    rank_score: float | None = None


@dataclass
class AddResult:
    added: int = 0
    duplicates: int = 0
    ids: list[str] = field(default_factory=list)


def make_backend(data_dir: Path, embedder: Embedder, config: dict):
    """Open the configured (record store, vector index) pair: local SQLite + faiss, or Milvus."""
    backend = config.get("VECTOR_BACKEND") or "faiss"
    if backend == "milvus":
        from index.milvus_store import open_milvus

        return open_milvus({"DATA_DIR": str(data_dir), **config}, embedder)
    if backend != "faiss":
        raise ValueError(f"VERACITY_VECTOR_BACKEND={backend!r}: choose faiss or milvus")
    store = Store(data_dir / STORE_FILE)
    index_dir = data_dir / INDEX_DIR
    if VectorIndex.exists(index_dir):
        return store, VectorIndex.load(index_dir, model=embedder.name, dim=embedder.dim)
    _refuse_other_model(store, embedder)
    return store, VectorIndex(embedder.name, embedder.dim)


def _refuse_other_model(store: Store, embedder: Embedder) -> None:
    from index.vectors import IndexMismatch

    others = store.models() - {embedder.name}
    if others:
        raise IndexMismatch(
            f"{store.path} holds vectors of model(s) {sorted(others)}, not "
            f"{embedder.name!r}; re-embed with `veracity check-index --repair`"
        )


class Collection:
    """The store is the truth; the vector index is derived from its vectors and caught up on open.

    Every record is committed together with its vector, so an interrupted import leaves a
    consistent store, and an index file that lags behind it is brought up to date from there.
    """

    def __init__(self, data_dir: Path, embedder: Embedder, config: dict | None = None):
        self.data_dir = Path(data_dir)
        self.embedder = embedder
        self.index_dir = self.data_dir / INDEX_DIR
        self._lock = threading.RLock()
        self.backend = (config or {}).get("VECTOR_BACKEND") or "faiss"
        self.store, self.vectors = make_backend(self.data_dir, embedder, config or {})
        self.catch_up()

    # writing ----------------------------------------------------------------------

    def add(self, records: Iterable[Statement], *, batch_size: int = 256) -> AddResult:
        """Store and index records; ones already stored (same content hash) are skipped."""
        result = AddResult()
        batch: list[Statement] = []
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                self._add_batch(batch, result)
                batch = []
        if batch:
            self._add_batch(batch, result)
        return result

    def _add_batch(self, batch: list[Statement], result: AddResult) -> None:
        unique = list({r.content_hash: r for r in batch}.values())
        existing = self.store.existing_ids(r.content_hash for r in unique)
        fresh = [r for r in unique if r.content_hash not in existing]
        result.duplicates += len(batch) - len(fresh)
        if not fresh:
            return
        vectors = self.embedder.encode([r.embed_text for r in fresh])
        added = self.store.add_statements(fresh, vectors, self.embedder.name)
        result.added += len(added)
        result.duplicates += len(fresh) - len(added)
        result.ids.extend(record.content_hash for _, record in added)
        self.catch_up()

    def add_outlets(self, outlets: Iterable[Outlet]) -> dict[str, int]:
        counts = {"added": 0, "merged": 0, "unchanged": 0}
        for outlet in outlets:
            counts[self.store.upsert_outlet(outlet)] += 1
        return counts

    def catch_up(self) -> int:
        """Add to the in-memory index every stored vector it does not hold yet (other writers')."""
        with self._lock:
            if self.store.max_seq() <= self.vectors.last_id:
                return 0
            added = 0
            for seqs, vectors in self.store.vectors_after(self.vectors.last_id, self.vectors.dim):
                self.vectors.add(seqs, vectors)
                added += len(seqs)
            return added

    def save(self) -> dict:
        with self._lock:
            return self.vectors.save(self.index_dir)

    # reading ----------------------------------------------------------------------

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def search(self, vector: np.ndarray, k: int) -> list[Hit]:
        """Return the k nearest stored records to one query vector, best first."""
        self.catch_up()
        with self._lock:
            scores, ids = self.vectors.search(vector, k)
        pairs = [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        records = self.store.by_seq(seq for seq, _ in pairs)
        return [Hit(seq, records[seq], score) for seq, score in pairs if seq in records]

    def similarities(self, vector: np.ndarray, seqs: list[int]) -> dict[int, float]:
        """Cosine similarity of one query vector to given stored records (those indexed)."""
        with self._lock:
            ids = self.vectors.ids
            pos = np.searchsorted(ids, seqs)
            found = [(s, int(p)) for s, p in zip(seqs, pos, strict=True) if p < len(ids)]
            found = [(s, p) for s, p in found if ids[p] == s]
            if not found:
                return {}
            stored = np.vstack([self.vectors.index.reconstruct(p) for _, p in found])
        scores = stored @ np.asarray(vector, dtype=np.float32).reshape(-1)
        return {s: float(v) for (s, _), v in zip(found, scores, strict=True)}

    def stats(self) -> dict:
        return {
            "statements": self.store.count(),
            "by_kind": self.store.counts_by_kind(),
            "outlets": self.store.outlet_count(),
            "indexed": self.vectors.count,
            "model": self.embedder.name,
            "dim": self.embedder.dim,
            "data_dir": str(self.data_dir),
            "backend": self.backend,
        }
