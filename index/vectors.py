"""The on-disk vector index: a faiss file chosen by size, the row ids it maps to, and a manifest.

The kind is chosen and tuned in index/ivf.py; its files are written and read in
index/vector_files.py. Below `EXACT_BELOW` vectors the index is exact (flat inner product).
Above it, an inverted file of 4-bit product-quantized codes scanned with SIMD (IVF-PQ
fast-scan, dim/8 bytes a vector) whose best `REFINE_CANDIDATES` are re-scored exactly on fp16
copies of the vectors (768 bytes at 384-d), with `nprobe` tuned at build time for recall@10
against exact search on the collection's own vectors. The saved file is memory-mapped
read-only, so gunicorn workers share the fp16 pages and a restart serves without reading them
all; only the small PQ lists are read into each worker. Vectors added after the save go to a
small exact side index searched alongside; saving merges them in. Indexes of the earlier kind
(IVF over fp16 codes) still load.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np

from index import ivf, vector_files

# Re-exported: callers import these from here, the vector index's public face.
from index.ivf import NPROBES as NPROBES
from index.ivf import plan as plan
from index.vector_files import FAISS_FILE as FAISS_FILE
from index.vector_files import IDS_FILE as IDS_FILE
from index.vector_files import MANIFEST_FILE as MANIFEST_FILE
from index.vector_files import IndexCorrupt as IndexCorrupt
from index.vector_files import IndexMismatch as IndexMismatch
from index.vector_files import VectorIndexError as VectorIndexError


def _unit(vectors: np.ndarray, dim: int) -> np.ndarray:
    return np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)


class VectorIndex:
    """Inner-product search over unit vectors; positions map to store row ids.

    `main` is the saved index (immutable once loaded, searched without a lock); `side` is an
    exact in-memory index of the vectors added since, under a lock that only adds and the
    side search take, so a live add never waits on, or stalls, a lookup of the main index.
    """

    def __init__(
        self, model: str, dim: int, index=None, ids: np.ndarray | None = None, *, info=None
    ):
        self.model = model
        self.dim = dim
        self.main = index if index is not None else faiss.IndexFlatIP(dim)
        self.main_ids = ids if ids is not None else np.empty(0, dtype=np.int64)
        self.info = dict(info or {"kind": "flat"})
        self.source: Path | None = None
        self.side = faiss.IndexFlatIP(dim)
        self.side_ids = np.empty(0, dtype=np.int64)
        self._lock = threading.Lock()

    # the stable interface (add, search, save, load, exists, count, last_id) -------

    @property
    def count(self) -> int:
        return int(self.main.ntotal) + int(self.side.ntotal)

    @property
    def last_id(self) -> int:
        if len(self.side_ids):
            return int(self.side_ids[-1])
        return int(self.main_ids[-1]) if len(self.main_ids) else 0

    @property
    def ids(self) -> np.ndarray:
        return np.concatenate([self.main_ids, self.side_ids])

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors = _unit(vectors, self.dim)
        if len(ids) != len(vectors):
            raise ValueError("one id per vector")
        with self._lock:
            self.side.add(vectors)
            self.side_ids = np.concatenate([self.side_ids, np.asarray(ids, dtype=np.int64)])

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (scores, store row ids) for each query vector; -1 pads missing results."""
        vectors = _unit(vectors, self.dim)
        k = max(1, min(k, max(self.count, 1)))
        scores, ids = self._search_main(vectors, k)
        side = None
        with self._lock:
            if self.side.ntotal:
                side_scores, positions = self.side.search(vectors, min(k, self.side.ntotal))
                side_ids = np.where(positions >= 0, self.side_ids[np.clip(positions, 0, None)], -1)
                side = (np.where(positions >= 0, side_scores, -np.inf), side_ids)
        if side is not None:
            scores = np.concatenate([scores, side[0]], axis=1)
            ids = np.concatenate([ids, side[1]], axis=1)
            order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
            scores = np.take_along_axis(scores, order, axis=1)
            ids = np.take_along_axis(ids, order, axis=1)
        return scores.astype(np.float32), ids

    def _search_main(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if not self.main.ntotal:
            return np.full((len(vectors), 0), -np.inf, np.float32), np.full((len(vectors), 0), -1)
        k = min(k, self.main.ntotal)
        scores, positions = self.main.search(vectors, k, params=ivf.search_params(self.info, k))
        ids = np.where(positions >= 0, self.main_ids[np.clip(positions, 0, None)], -1)
        return np.where(positions >= 0, scores, -np.inf), ids

    def vectors_of(self, seqs: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(row ids found, their vectors) as the index holds them: exact in a flat index, the
        fp16 copies IVF-PQ re-scores with. Rows it cannot hand back are left to the store.

        The index's pages are the ones every search reads; the store's vectors are read by
        nothing else on a lookup, and at 1M records they were cold on the page cache.
        """
        wanted = np.asarray(seqs, dtype=np.int64)
        found, parts = [], []
        kind = self.info.get("kind", "flat")
        holder = None
        if kind == "flat":
            holder = self.main
        elif kind == "ivfpq":
            holder = faiss.downcast_index(faiss.downcast_index(self.main).refine_index)
        if holder is not None and self.main.ntotal:
            # Row ids ascend (appended in store order); a position whose id is not the one
            # wanted is simply not found here, so the store answers for it.
            at = np.clip(np.searchsorted(self.main_ids, wanted), 0, len(self.main_ids) - 1)
            hit = np.asarray(self.main_ids[at]) == wanted
            if hit.any():
                found.append(wanted[hit])
                parts.append(holder.reconstruct_batch(at[hit].astype(np.int64)))
        with self._lock:
            if self.side.ntotal:
                where = {int(seq): row for row, seq in enumerate(self.side_ids)}
                rows = [where[s] for s in map(int, wanted) if s in where]
                if rows:
                    found.append(self.side_ids[rows])
                    parts.append(self.side.reconstruct_batch(np.asarray(rows, dtype=np.int64)))
        if not found:
            return np.empty(0, dtype=np.int64), np.empty((0, self.dim), dtype=np.float32)
        return np.concatenate(found), np.concatenate(parts).astype(np.float32, copy=False)

    # building and merging ---------------------------------------------------------

    @classmethod
    def build(
        cls,
        model: str,
        dim: int,
        batches: Iterable[tuple[np.ndarray, np.ndarray]],
        *,
        exact_below: int | None = None,
        target: float = ivf.RECALL_TARGET,
    ) -> VectorIndex:
        """Build the index a collection of this size should have from all its (ids, vectors)."""
        started = time.perf_counter()
        id_parts, vector_parts = [], []
        for ids, vectors in batches:
            id_parts.append(np.asarray(ids, dtype=np.int64))
            vector_parts.append(_unit(vectors, dim))
        ids = np.concatenate(id_parts) if id_parts else np.empty(0, dtype=np.int64)
        vectors = np.concatenate(vector_parts) if vector_parts else np.empty((0, dim), np.float32)
        del vector_parts
        info = ivf.plan(len(ids), exact_below=exact_below)
        if info["kind"] == "flat":
            index = faiss.IndexFlatIP(dim)
            index.add(vectors)
        else:
            index = ivf.train_ivfpq(dim, info["nlist"], vectors)
            index.add(vectors)
            nprobe, recall, table = ivf.tune_nprobe(index, vectors, target=target)
            info.update(nprobe=nprobe, recall_at_10=round(recall, 4), recall_by_nprobe=table)
        info["build_seconds"] = round(time.perf_counter() - started, 2)
        info["exact_below"] = exact_below or ivf.EXACT_BELOW
        return cls(model, dim, index, ids, info=info)

    def needs_rebuild(self, *, exact_below: int | None = None) -> bool:
        """True when the size class changed: flat grew past the threshold, or IVF 16-fold."""
        exact_below = exact_below or self.info.get("exact_below", ivf.EXACT_BELOW)
        wanted = ivf.plan(self.count, exact_below=exact_below)
        if wanted["kind"] != self.info.get("kind", "flat"):
            return True
        return wanted["kind"] != "flat" and wanted["nlist"] >= 4 * int(self.info["nlist"])

    def _merged(self):
        """A writable copy of the main index with the side vectors added (for saving)."""
        if self.source is not None:
            index = faiss.read_index(str(self.source / FAISS_FILE))
        else:
            index = faiss.clone_index(self.main)
        with self._lock:
            if self.side.ntotal:
                index.add(self.side.reconstruct_n(0, self.side.ntotal))
            ids = np.concatenate([self.main_ids, self.side_ids])
        return index, ids

    # files ------------------------------------------------------------------------

    def save(self, directory: Path) -> dict:
        """Write main + side atomically: data files first, the manifest (with checksums) last.

        Afterwards this object serves from the saved files, memory-mapped, with an empty side.
        """
        directory = Path(directory)
        if not self.side.ntotal and self.source == directory and self.exists(directory):
            return json.loads((directory / MANIFEST_FILE).read_text())
        directory.mkdir(parents=True, exist_ok=True)
        index, ids = self._merged()
        info = dict(self.info)
        if isinstance(index, faiss.IndexRefine):
            # Fast-scan lists are read into each worker's memory, not mapped: say how much.
            base = faiss.downcast_index(index.base_index)
            info["in_memory_bytes"] = int(faiss.serialize_index(base).nbytes)
        vector_files.write_faiss(directory, index)
        del index
        vector_files.write_ids(directory, ids)
        manifest = vector_files.write_manifest(
            directory, model=self.model, dim=self.dim, count=len(ids), info=info
        )
        fresh = self.load(directory, model=self.model, dim=self.dim, verify="none")
        with self._lock:
            self.main, self.main_ids, self.info = fresh.main, fresh.main_ids, fresh.info
            self.source = directory
            self.side = faiss.IndexFlatIP(self.dim)
            self.side_ids = np.empty(0, dtype=np.int64)
        return manifest

    @classmethod
    def exists(cls, directory: Path) -> bool:
        return (Path(directory) / MANIFEST_FILE).exists()

    @classmethod
    def load(
        cls, directory: Path, *, model: str, dim: int, verify: str = "auto", mmap: bool = True
    ) -> VectorIndex:
        """Load an index; refuse one of another model or whose files fail their checksums.

        `verify`: "full" hashes every byte, "auto" does so for small files and checks large
        ones by size and sampled blocks, "none" trusts the manifest (just written by us).
        """
        directory = Path(directory)
        found = vector_files.read(directory, model=model, dim=dim, verify=verify, mmap=mmap)
        index, ids, info = found
        loaded = cls(model, dim, index, ids, info=info)
        loaded.source = directory
        return loaded
