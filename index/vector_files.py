"""The vector index's files: written atomically under a checksummed manifest, read back verified."""

from __future__ import annotations

import json
import time
from pathlib import Path

import faiss
import numpy as np

from index.files import commit, fsync_dir, read_ahead, sampled_sha256, sha256

FAISS_FILE = "vectors.faiss"
IDS_FILE = "ids.npy"
MANIFEST_FILE = "manifest.json"
FORMAT = 2
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


def write_faiss(directory: Path, index) -> None:
    tmp = directory / f".{FAISS_FILE}.tmp"
    faiss.write_index(index, str(tmp))
    commit(tmp, directory / FAISS_FILE)


def write_ids(directory: Path, ids: np.ndarray) -> None:
    tmp = directory / f".{IDS_FILE}.tmp"
    with open(tmp, "wb") as fh:
        np.save(fh, ids)
    commit(tmp, directory / IDS_FILE)


def write_manifest(directory: Path, *, model: str, dim: int, count: int, info: dict) -> dict:
    """Write the manifest, with the checksums of the data files already in place."""
    names = (FAISS_FILE, IDS_FILE)
    manifest = {
        "format": FORMAT,
        "model": model,
        "dim": dim,
        "count": count,
        "index_type": info.get("kind", "flat"),
        "params": info,
        "bytes": {name: (directory / name).stat().st_size for name in names},
        "checksum": {name: sha256(directory / name) for name in names},
        "sampled_checksum": {name: sampled_sha256(directory / name) for name in names},
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    tmp = directory / f".{MANIFEST_FILE}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2))
    commit(tmp, directory / MANIFEST_FILE)
    fsync_dir(directory)
    return manifest


def read(
    directory: Path, *, model: str, dim: int, verify: str = "auto", mmap: bool = True
) -> tuple[object, np.ndarray, dict]:
    """(faiss index, row ids, params) of a saved index, checked against its manifest.

    `verify`: "full" hashes every byte, "auto" does so for small files and checks large
    ones by size and sampled blocks, "none" trusts the manifest (just written by us).
    """
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
    _verify(directory, manifest, checksums, verify)
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
        read_ahead(directory / FAISS_FILE)
    if index.ntotal != expected[2] or len(ids) != expected[2] or index.d != dim:
        raise IndexCorrupt(
            f"{directory / FAISS_FILE} holds {index.ntotal} vectors and {directory / IDS_FILE} "
            f"{len(ids)} ids, the manifest says {expected[2]}; {REBUILD_HINT}"
        )
    return index, ids, info


def _verify(directory: Path, manifest: dict, checksums: dict, verify: str) -> None:
    """Raise IndexCorrupt for a data file that is missing, or fails its size or checksum."""
    manifest_path = directory / MANIFEST_FILE
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
        actual = sampled_sha256(path) if quick else sha256(path)
        if actual != (sampled[name] if quick else digest):
            raise IndexCorrupt(
                f"{path} does not match its checksum in {manifest_path}; {REBUILD_HINT}"
            )
