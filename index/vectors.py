"""The on-disk vector index: a faiss file, the row ids it maps to, and a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import faiss
import numpy as np

FAISS_FILE = "vectors.faiss"
IDS_FILE = "ids.npy"
MANIFEST_FILE = "manifest.json"
FORMAT = 1


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


def _write_atomic(path: Path, data: bytes) -> None:
    """Write, fsync, rename: a crash leaves the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class VectorIndex:
    """Exact inner-product search over unit vectors; positions map to store row ids."""

    def __init__(self, model: str, dim: int, index=None, ids: np.ndarray | None = None):
        self.model = model
        self.dim = dim
        self.index = index if index is not None else faiss.IndexFlatIP(dim)
        self.ids = ids if ids is not None else np.empty(0, dtype=np.int64)

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    @property
    def last_id(self) -> int:
        return int(self.ids[-1]) if len(self.ids) else 0

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if len(ids) != len(vectors):
            raise ValueError("one id per vector")
        self.index.add(vectors)
        self.ids = np.concatenate([self.ids, np.asarray(ids, dtype=np.int64)])

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (scores, store row ids) for each query vector; -1 pads missing results."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        scores, positions = self.index.search(vectors, min(k, max(self.count, 1)))
        ids = np.where(positions >= 0, self.ids[np.clip(positions, 0, None)], -1)
        return scores, ids

    def save(self, directory: Path) -> dict:
        """Write the index atomically: data files first, the manifest (with checksums) last."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        _write_atomic(directory / FAISS_FILE, faiss.serialize_index(self.index).tobytes())
        ids_path = directory / IDS_FILE
        tmp = ids_path.with_name(f".{IDS_FILE}.tmp")
        with open(tmp, "wb") as fh:
            np.save(fh, self.ids)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, ids_path)
        manifest = {
            "format": FORMAT,
            "model": self.model,
            "dim": self.dim,
            "count": self.count,
            "index_type": type(self.index).__name__,
            "checksum": {
                FAISS_FILE: _sha256(directory / FAISS_FILE),
                IDS_FILE: _sha256(ids_path),
            },
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        _write_atomic(directory / MANIFEST_FILE, json.dumps(manifest, indent=2).encode())
        _fsync_dir(directory)
        return manifest

    @classmethod
    def exists(cls, directory: Path) -> bool:
        return (Path(directory) / MANIFEST_FILE).exists()

    @classmethod
    def load(cls, directory: Path, *, model: str, dim: int) -> VectorIndex:
        """Load an index; refuse one of another model or whose files fail their checksums."""
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
        for name, digest in checksums.items():
            path = directory / name
            if not path.exists():
                raise IndexCorrupt(f"{path} is missing; {REBUILD_HINT}")
            if _sha256(path) != digest:
                raise IndexCorrupt(
                    f"{path} does not match its checksum in {manifest_path}; {REBUILD_HINT}"
                )
        index = faiss.read_index(str(directory / FAISS_FILE))
        ids = np.load(directory / IDS_FILE)
        if index.ntotal != expected[2] or len(ids) != expected[2] or index.d != dim:
            raise IndexCorrupt(
                f"{directory / FAISS_FILE} holds {index.ntotal} vectors and {directory / IDS_FILE} "
                f"{len(ids)} ids, the manifest says {expected[2]}; {REBUILD_HINT}"
            )
        return cls(model, dim, index, ids)
