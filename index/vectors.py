"""The on-disk vector index: a faiss file chosen by size, the row ids it maps to, and a manifest.

Below `EXACT_BELOW` vectors the index is exact (flat inner product). Above it, an inverted file
of 4-bit product-quantized codes scanned with SIMD (IVF-PQ fast-scan, dim/8 bytes a vector)
whose best `REFINE_CANDIDATES` are re-scored exactly on fp16 copies of the vectors (768 bytes
at 384-d), with `nprobe` tuned at build time for recall@10 against exact search on the
collection's own vectors. The saved file is memory-mapped read-only, so gunicorn workers share
the fp16 pages and a restart serves without reading them all; only the small PQ lists are read
into each worker. Vectors added after the save go to a small exact side index searched
alongside; saving merges them in. Indexes of the earlier kind (IVF over fp16 codes) still load.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np

FAISS_FILE = "vectors.faiss"
IDS_FILE = "ids.npy"
MANIFEST_FILE = "manifest.json"
FORMAT = 2
EXACT_BELOW = 20_000
RECALL_TARGET = 0.98
# Tuning aims above the target: the noisy probe queries track real readers' queries only to
# within ~0.01-0.015 of recall@10 (bench: 0.98 at tuning gave 0.967 on real tweets at 100k;
# 0.990 gave 0.979 at 1M, while 0.9965 there gives 0.992).
TUNE_MARGIN = 0.015
NPROBES = (4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 320, 384, 512, 768, 1024)
# Candidates of the PQ scan re-scored on fp16 vectors per query, whatever k is. Measured at 1M
# on real queries (bench vectors): recall@10 0.966 / 0.983 / 0.989 at nprobe 128 / 256 / 384
# with 1,000; 2,000 adds ~0.002 for ~0.4 ms more; 200 stay under 0.955 at any nprobe.
REFINE_CANDIDATES = 1000
QUERY_NOISE = 2.0
# Files up to this size are fully checksummed on load; larger ones by sampled blocks, so a
# restart at 1M statements does not hash 800 MB per worker (`check-index` hashes everything).
FULL_CHECK_BYTES = 64 << 20


class VectorIndexError(RuntimeError):
    """Base of the vector index's errors; the message names the file and the fix."""


class IndexMismatch(VectorIndexError):
    """The index on disk was built with another model or dimension than the configured one."""


class IndexCorrupt(VectorIndexError):
    """A file of the index is missing, truncated or does not match its manifest."""


REBUILD_HINT = "rebuild it with `veracity check-index --repair` (or `make index`)"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sampled_sha256(path: Path, blocks: int = 32, size: int = 1 << 16) -> str:
    """Hash the file size and evenly spaced blocks: catches truncation and most damage, fast."""
    total = path.stat().st_size
    digest = hashlib.sha256(str(total).encode())
    with open(path, "rb") as fh:
        for n in range(blocks):
            fh.seek(max(0, (total - size) * n // max(blocks - 1, 1)))
            digest.update(fh.read(size))
    return digest.hexdigest()


def _read_ahead(path: Path) -> None:
    """Ask the kernel to load a file into the page cache in the background (no wait)."""
    if not hasattr(os, "posix_fadvise"):
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _commit(tmp: Path, path: Path) -> None:
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def plan(count: int, *, exact_below: int | None = None) -> dict:
    """The index kind for a collection size: exact when small, IVF-PQ with ~2 sqrt(n) lists."""
    exact_below = exact_below or EXACT_BELOW
    if count < exact_below:
        return {"kind": "flat"}
    return {"kind": "ivfpq", "nlist": 2 ** round(math.log2(2 * math.sqrt(count)))}


def pq_subquantizers(dim: int) -> int:
    """4-bit codes over sub-vectors of ~4 dimensions: 96 (48 bytes) for 384-d.

    At 1M, 48 sub-quantizers (8 dimensions each) kept recall@10 under 0.81 re-scoring 200
    candidates (96: 0.954); 192 gained 0.003 over 96 at 1.5x the time.
    """
    return next(m for m in range(max(dim // 4, 1), 0, -1) if dim % m == 0)


def search_params(info: dict, k: int):
    """faiss search parameters for an index of this kind, or None (flat)."""
    kind = info.get("kind")
    if kind == "ivf":
        return faiss.SearchParametersIVF(nprobe=int(info["nprobe"]))
    if kind == "ivfpq":
        params = faiss.IndexRefineSearchParameters(k_factor=max(1.0, REFINE_CANDIDATES / k))
        # faiss holds a bare pointer to the IVF parameters: keep them alive with the outer ones.
        params.ivf = faiss.SearchParametersIVF(nprobe=int(info["nprobe"]))
        params.base_index_params = params.ivf
        return params
    return None


def _unit(vectors: np.ndarray, dim: int) -> np.ndarray:
    return np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)


def tune_nprobe(
    index, vectors: np.ndarray, *, queries: int = 200, k: int = 10, target: float = RECALL_TARGET
) -> tuple[int, float, dict]:
    """Pick the smallest nprobe whose recall@k against exact search reaches `target` + margin.

    Queries are stored vectors moved away by Gaussian noise of norm `QUERY_NOISE`: a reader's
    sentence sits far from every stored one (real CheckThat! tweets have a median top-1
    cosine of ~0.57 here), and such queries need many more lists probed than a stored
    vector does. At this noise the recall-by-nprobe curve matches the real tweets' (at 100k:
    0.86/0.93/0.97/0.99 at nprobe 16/32/64/96 for both). The query's own row is left out.

    Re-scoring a fixed number of PQ candidates caps recall (~0.99 at 1M), so the goal is at
    most the best recall of the sweep less 0.002; the sweep is cheap with fast-scan codes.
    """
    rng = np.random.default_rng(0)
    rows = rng.choice(len(vectors), size=min(queries, len(vectors)), replace=False)
    noise = rng.standard_normal((len(rows), vectors.shape[1]), dtype=np.float32)
    probes = vectors[rows] + QUERY_NOISE * noise / np.sqrt(vectors.shape[1])
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(probes, k + 1)
    truth = [[p for p in t if p != r][:k] for t, r in zip(truth, rows, strict=True)]
    table = {}
    nlist = faiss.extract_index_ivf(index).nlist
    for nprobe in NPROBES:
        if nprobe > nlist:
            break
        params = search_params({"kind": "ivfpq", "nprobe": nprobe}, k + 1)
        _, found = index.search(probes, k + 1, params=params)
        pairs = zip(truth, found, rows, strict=True)
        hits = sum(len(set(t) & {p for p in f if p != r}) for t, f, r in pairs)
        table[nprobe] = round(hits / max(sum(len(t) for t in truth), 1), 4)
    goal = min(target + TUNE_MARGIN, max(table.values()) - 0.002)
    nprobe = next(n for n, recall in table.items() if recall >= goal)
    return nprobe, table[nprobe], table


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
        scores, positions = self.main.search(vectors, k, params=search_params(self.info, k))
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
        target: float = RECALL_TARGET,
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
        info = plan(len(ids), exact_below=exact_below)
        if info["kind"] == "flat":
            index = faiss.IndexFlatIP(dim)
            index.add(vectors)
        else:
            index = cls._train_ivfpq(dim, info["nlist"], vectors)
            index.add(vectors)
            nprobe, recall, table = tune_nprobe(index, vectors, target=target)
            info.update(nprobe=nprobe, recall_at_10=round(recall, 4), recall_by_nprobe=table)
        info["build_seconds"] = round(time.perf_counter() - started, 2)
        info["exact_below"] = exact_below or EXACT_BELOW
        return cls(model, dim, index, ids, info=info)

    @staticmethod
    def _train_ivfpq(dim: int, nlist: int, vectors: np.ndarray):
        # Measured at 1M (real queries, recall@10 ~0.99): the fp16 IVF this replaces scanned
        # ~150k codes in 8-9 ms; 4-bit fast-scan codes (16x fewer bytes) plus re-scoring take
        # ~1.8 ms. HNSW missed these far-off queries (0.95 at efSearch 256).
        quantizer = faiss.IndexFlatIP(dim)
        base = faiss.IndexIVFPQFastScan(
            quantizer, dim, nlist, pq_subquantizers(dim), 4, faiss.METRIC_INNER_PRODUCT
        )
        base.cp.niter = 10
        exact = faiss.IndexScalarQuantizer(
            dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
        )
        index = faiss.IndexRefine(base, exact)
        sample = min(len(vectors), 40 * nlist)
        rows = np.random.default_rng(0).choice(len(vectors), size=sample, replace=False)
        index.train(vectors[np.sort(rows)])
        return index

    def needs_rebuild(self, *, exact_below: int | None = None) -> bool:
        """True when the size class changed: flat grew past the threshold, or IVF 16-fold."""
        exact_below = exact_below or self.info.get("exact_below", EXACT_BELOW)
        wanted = plan(self.count, exact_below=exact_below)
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
        tmp = directory / f".{FAISS_FILE}.tmp"
        faiss.write_index(index, str(tmp))
        _commit(tmp, directory / FAISS_FILE)
        del index
        tmp = directory / f".{IDS_FILE}.tmp"
        with open(tmp, "wb") as fh:
            np.save(fh, ids)
        _commit(tmp, directory / IDS_FILE)
        names = (FAISS_FILE, IDS_FILE)
        manifest = {
            "format": FORMAT,
            "model": self.model,
            "dim": self.dim,
            "count": len(ids),
            "index_type": info.get("kind", "flat"),
            "params": info,
            "bytes": {name: (directory / name).stat().st_size for name in names},
            "checksum": {name: _sha256(directory / name) for name in names},
            "sampled_checksum": {name: _sampled_sha256(directory / name) for name in names},
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        tmp = directory / f".{MANIFEST_FILE}.tmp"
        tmp.write_text(json.dumps(manifest, indent=2))
        _commit(tmp, directory / MANIFEST_FILE)
        fsync_dir(directory)
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
        manifest_path = directory / MANIFEST_FILE
        try:
            manifest = json.loads(manifest_path.read_text())
            expected = (manifest["model"], int(manifest["dim"]), int(manifest["count"]))
            checksums = manifest["checksum"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorrupt(f"{manifest_path} is unreadable ({exc}); {REBUILD_HINT}") from exc
        if expected[0] != model or expected[1] != dim:
            raise IndexMismatch(
                f"the index in {directory} was built with model {expected[0]!r} ({expected[1]}-d) "
                f"but the configured model is {model!r} ({dim}-d); re-embed with "
                f"`veracity check-index --repair` or point VERACITY_MODEL back at {expected[0]!r}"
            )
        sampled = manifest.get("sampled_checksum", {})
        for name, digest in checksums.items():
            path = directory / name
            if not path.exists():
                raise IndexCorrupt(f"{path} is missing; {REBUILD_HINT}")
            if verify == "none":
                continue
            size = path.stat().st_size
            if manifest.get("bytes", {}).get(name, size) != size:
                raise IndexCorrupt(
                    f"{path} is {size} bytes, its manifest {manifest_path} says "
                    f"{manifest['bytes'][name]}; {REBUILD_HINT}"
                )
            quick = verify == "auto" and size > FULL_CHECK_BYTES and name in sampled
            actual = _sampled_sha256(path) if quick else _sha256(path)
            if actual != (sampled[name] if quick else digest):
                raise IndexCorrupt(
                    f"{path} does not match its checksum in {manifest_path}; {REBUILD_HINT}"
                )
        info = manifest.get("params") or {"kind": "flat"}
        flags = 0
        kind = info.get("kind", "flat")
        if mmap:
            # IVF lists map through OnDiskInvertedLists; flat codes (the flat index, IVF-PQ's
            # fp16 copies) need the IFC flag. Fast-scan lists are read into memory either way.
            mapped = {
                "ivf": faiss.IO_FLAG_MMAP,
                "ivfpq": faiss.IO_FLAG_MMAP | faiss.IO_FLAG_MMAP_IFC,
            }.get(kind, faiss.IO_FLAG_MMAP_IFC)
            flags = mapped | faiss.IO_FLAG_READ_ONLY
        try:
            index = faiss.read_index(str(directory / FAISS_FILE), flags)
            ids = np.load(directory / IDS_FILE, mmap_mode="r" if mmap else None)
        except (RuntimeError, ValueError, OSError) as exc:
            message = f"{directory / FAISS_FILE} is unreadable ({exc}); {REBUILD_HINT}"
            raise IndexCorrupt(message) from exc
        if mmap and kind == "ivf":
            # Mapped lists otherwise start 32 prefetch threads per search, which doubled the
            # time of a single query at 1M (9.6 -> 4.1 ms, same results). They only pay off
            # on a cold page cache, so the kernel is asked to read the file ahead instead:
            # the first check after a cold restart at 1M took 3.6 s without either, 0.85 s so.
            lists = faiss.downcast_InvertedLists(faiss.extract_index_ivf(index).invlists)
            lists.prefetch_nthread = 0
        if mmap and kind != "flat":
            _read_ahead(directory / FAISS_FILE)
        if index.ntotal != expected[2] or len(ids) != expected[2] or index.d != dim:
            raise IndexCorrupt(
                f"{directory / FAISS_FILE} holds {index.ntotal} vectors and {directory / IDS_FILE} "
                f"{len(ids)} ids, the manifest says {expected[2]}; {REBUILD_HINT}"
            )
        loaded = cls(model, dim, index, ids, info=info)
        loaded.source = directory
        return loaded
