"""A collection: the record store, the embedder and the vector index kept in step."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index import lexical
from index.embed import Embedder, QueryCache
from index.records import Outlet, Statement
from index.store import Store
from index.vectors import VectorIndex

STORE_FILE = "veracity.sqlite3"
INDEX_DIR = "index"
# How often a serving process looks for an index saved by someone else (the CLI's merge).
RELOAD_CHECK_SECONDS = 2.0

log = logging.getLogger(__name__)


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
    rows: list[tuple[int, Statement]] = field(default_factory=list)  # (row id, record) added


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

    def __init__(
        self,
        data_dir: Path,
        embedder: Embedder,
        config: dict | None = None,
        *,
        query_cache: int | None = None,
    ):
        config = config or {}
        self.data_dir = Path(data_dir)
        self.embedder = embedder
        if query_cache is None:
            query_cache = int(config.get("QUERY_CACHE", 1024))
        self.queries = QueryCache(embedder, query_cache)
        self.index_dir = self.data_dir / INDEX_DIR
        self.lexical_path = self.data_dir / lexical.SNAPSHOT_FILE
        self._lock = threading.RLock()
        self._reloading = False
        self._next_reload_check = 0.0
        self.backend = config.get("VECTOR_BACKEND") or "faiss"
        self._manifest_stamp = self._stamp()
        self.store, self.vectors = make_backend(self.data_dir, embedder, config)
        self.catch_up()

    def _load(self):
        return VectorIndex.load(self.index_dir, model=self.embedder.name, dim=self.embedder.dim)

    def _stamp(self) -> int | None:
        try:
            return os.stat(self.index_dir / "manifest.json").st_mtime_ns
        except OSError:
            return None

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
        # The first copy is the one kept, as it is when the copies fall in different batches.
        firsts: dict[str, Statement] = {}
        for record in batch:
            firsts.setdefault(record.content_hash, record)
        unique = list(firsts.values())
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
        result.rows.extend(added)
        self.catch_up()

    def add_outlets(self, outlets: Iterable[Outlet]) -> dict[str, int]:
        counts = {"added": 0, "merged": 0, "unchanged": 0}
        for outlet in outlets:
            counts[self.store.upsert_outlet(outlet)] += 1
        return counts

    def catch_up(self, *, wait: bool = True) -> int:
        """Add to the in-memory index every stored vector it does not hold yet (other writers').

        With `wait=False` (the lookup path) a catch-up already running in another thread is
        not waited for: that lookup answers from what is indexed now.
        """
        self._maybe_reload()
        if not self._lock.acquire(blocking=wait):
            return 0
        try:
            return self._catch_up(self.vectors)
        finally:
            self._lock.release()

    def _catch_up(self, vectors) -> int:
        if self.store.max_seq() <= vectors.last_id:
            return 0
        added = 0
        for seqs, batch in self.store.vectors_after(vectors.last_id, vectors.dim):
            vectors.add(seqs, batch)
            added += len(seqs)
        return added

    def _maybe_reload(self) -> None:
        """Swap in an index another process saved (a merge), loading it in the background."""
        now = time.monotonic()
        # Only the faiss index is a file other processes save; Milvus is shared already.
        if self.backend != "faiss" or self._reloading or now < self._next_reload_check:
            return
        self._next_reload_check = now + RELOAD_CHECK_SECONDS
        stamp = self._stamp()
        if stamp is None or stamp == self._manifest_stamp:
            return
        self._reloading = True
        threading.Thread(target=self._reload, args=(stamp,), daemon=True).start()

    def _reload(self, stamp: int) -> None:
        try:
            fresh = self._load()
            self._catch_up(fresh)
            with self._lock:
                self._catch_up(fresh)
                self.vectors = fresh
                self._manifest_stamp = stamp
            log.info("reloaded the saved index: %d vectors", fresh.count)
        except Exception:
            log.exception(
                "could not reload the saved index in %s; serving the old one", self.index_dir
            )
        finally:
            self._reloading = False

    def save(self) -> dict:
        """Merge live adds into the saved index, rebuilding it when the size class changed;
        bring the BM25 snapshot up to date too, so a restart serves hybrid at once."""
        if self.backend == "faiss":
            lexical.refresh(self.lexical_path, self.store)
        with self._lock:
            self._catch_up(self.vectors)
            rebuild = getattr(self.vectors, "needs_rebuild", None)
            if rebuild is not None and rebuild():
                self.vectors = VectorIndex.build(
                    self.embedder.name,
                    self.embedder.dim,
                    self.store.vectors_after(0, self.embedder.dim),
                )
            manifest = self.vectors.save(self.index_dir)
            self._manifest_stamp = self._stamp()
            return manifest

    # reading ----------------------------------------------------------------------

    def encode(self, texts: list[str]) -> np.ndarray:
        if len(texts) == 1:
            return self.queries.encode_one(texts[0])
        return self.embedder.encode(texts)

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Return the (row id, cosine) of the k nearest stored vectors, best first."""
        self.catch_up(wait=False)
        scores, ids = self.vectors.search(vector, k)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def search(self, vector: np.ndarray, k: int) -> list[Hit]:
        """Return the k nearest stored records to one query vector, best first."""
        pairs = self.nearest(vector, k)
        records = self.store.by_seq(seq for seq, _ in pairs)
        return [Hit(seq, records[seq], score) for seq, score in pairs if seq in records]

    def similarities(self, vector: np.ndarray, seqs: list[int]) -> dict[int, float]:
        """Cosine of one query vector to given stored records.

        Read from the vector index where it can hand them back (the vectors a search scores
        with), else from the store: every index kind and backend keeps the store's vectors.
        """
        if not seqs:
            return {}
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        scores: dict[int, float] = {}
        own = getattr(self.vectors, "vectors_of", None)
        if own is not None:
            found, held = own(seqs)
            scores.update(zip(found.tolist(), (held @ query).tolist(), strict=True))
        rest = [s for s in seqs if s not in scores]
        fetch = getattr(self.store, "vectors_of", None)
        if rest and fetch is not None:
            found, stored = fetch(rest, self.embedder.dim)
            scores.update(zip(found.tolist(), (stored @ query).tolist(), strict=True))
        return scores

    def vectors_by_seq(self, seqs: list[int]) -> dict[int, np.ndarray]:
        """The stored vectors of given records (from the index where it holds them, as
        similarities reads them, else from the store)."""
        out: dict[int, np.ndarray] = {}
        own = getattr(self.vectors, "vectors_of", None)
        if own is not None:
            found, held = own(seqs)
            out.update(zip(found.tolist(), held, strict=True))
        rest = [s for s in seqs if s not in out]
        fetch = getattr(self.store, "vectors_of", None)
        if rest and fetch is not None:
            found, stored = fetch(rest, self.embedder.dim)
            out.update(zip(found.tolist(), stored, strict=True))
        return out

    def counts(self) -> dict:
        """What a health check reports: cheap queries only (no grouping of the whole store)."""
        return {
            "statements": self.store.count(),
            "outlets": self.store.outlet_count(),
            "indexed": self.vectors.count,
            "model": self.embedder.name,
        }

    def stats(self) -> dict:
        # Grouping by kind reads every row: 0.6 s at 1M statements, fine for `veracity stats`.
        return self.counts() | {
            "by_kind": self.store.counts_by_kind(),
            "dim": self.embedder.dim,
            "data_dir": str(self.data_dir),
            "backend": self.backend,
        }
