"""The on-disk vector index: a faiss file chosen by size, the row ids it maps to, and a manifest.

Below `EXACT_BELOW` vectors the index is exact (flat inner product). Above it, an inverted file
of fp16 codes (IVF, ~776 bytes a vector) with `nprobe` tuned at build time for recall@10 against
exact search on the collection's own vectors. The saved file is memory-mapped read-only, so
gunicorn workers share its pages and a restart serves without reading it all. Vectors added
after the save go to a small exact side index searched alongside; saving merges them in.
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
    """The index kind for a collection size: exact when small, IVF (fp16) with ~2 sqrt(n) lists."""
    exact_below = exact_below or EXACT_BELOW
    if count < exact_below:
        return {"kind": "flat"}
    return {"kind": "ivf", "nlist": 2 ** round(math.log2(2 * math.sqrt(count)))}


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
    best = (NPROBES[-1], 0.0)
    for nprobe in NPROBES:
        if nprobe > index.nlist:
            break
        params = faiss.SearchParametersIVF(nprobe=nprobe)
        _, found = index.search(probes, k + 1, params=params)
        pairs = zip(truth, found, rows, strict=True)
        hits = sum(len(set(t) & {p for p in f if p != r}) for t, f, r in pairs)
        recall = hits / max(sum(len(t) for t in truth), 1)
        table[nprobe] = round(recall, 4)
        best = (nprobe, recall)
        if recall >= min(target + TUNE_MARGIN, 1.0):
            break
    return best[0], best[1], table


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
        params = None
        if self.info.get("kind") == "ivf":
            params = faiss.SearchParametersIVF(nprobe=int(self.info["nprobe"]))
        scores, positions = self.main.search(vectors, min(k, self.main.ntotal), params=params)
        ids = np.where(positions >= 0, self.main_ids[np.clip(positions, 0, None)], -1)
        return np.where(positions >= 0, scores, -np.inf), ids

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
            index = cls._train_ivf(dim, info["nlist"], vectors)
            index.add(vectors)
            nprobe, recall, table = tune_nprobe(index, vectors, target=target)
            info.update(nprobe=nprobe, recall_at_10=round(recall, 4), recall_by_nprobe=table)
        info["build_seconds"] = round(time.perf_counter() - started, 2)
        info["exact_below"] = exact_below or EXACT_BELOW
        return cls(model, dim, index, ids, info=info)

    @staticmethod
    def _train_ivf(dim: int, nlist: int, vectors: np.ndarray):
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, dim, nlist, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
        )
        # fp16 codes are precise enough to store the vectors themselves, not residuals:
        # the scan is then a plain dot product.
        index.by_residual = False
        index.cp.niter = 10
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
        return wanted["kind"] == "ivf" and wanted["nlist"] >= 4 * int(self.info["nlist"])

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
            "index_type": self.info.get("kind", "flat"),
            "params": self.info,
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
        if mmap:
            # IVF lists map through OnDiskInvertedLists; flat codes need the IFC flag instead.
            mapped = faiss.IO_FLAG_MMAP if info.get("kind") == "ivf" else faiss.IO_FLAG_MMAP_IFC
            flags = mapped | faiss.IO_FLAG_READ_ONLY
        try:
            index = faiss.read_index(str(directory / FAISS_FILE), flags)
            ids = np.load(directory / IDS_FILE, mmap_mode="r" if mmap else None)
        except (RuntimeError, ValueError, OSError) as exc:
            message = f"{directory / FAISS_FILE} is unreadable ({exc}); {REBUILD_HINT}"
            raise IndexCorrupt(message) from exc
        if mmap and info.get("kind") == "ivf":
            # Mapped lists otherwise start 32 prefetch threads per search, which doubled the
            # time of a single query at 1M (9.6 -> 4.1 ms, same results). They only pay off
            # on a cold page cache, so the kernel is asked to read the file ahead instead:
            # the first check after a cold restart at 1M took 3.6 s without either, 0.85 s so.
            lists = faiss.downcast_InvertedLists(faiss.extract_index_ivf(index).invlists)
            lists.prefetch_nthread = 0
            _read_ahead(directory / FAISS_FILE)
        if index.ntotal != expected[2] or len(ids) != expected[2] or index.d != dim:
            raise IndexCorrupt(
                f"{directory / FAISS_FILE} holds {index.ntotal} vectors and {directory / IDS_FILE} "
                f"{len(ids)} ids, the manifest says {expected[2]}; {REBUILD_HINT}"
            )
        loaded = cls(model, dim, index, ids, info=info)
        loaded.source = directory
        return loaded
