"""Durable files: checksums, read-ahead, and the write, fsync, rename that makes a write atomic."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sampled_sha256(path: Path, blocks: int = 32, size: int = 1 << 16) -> str:
    """Hash the file size and evenly spaced blocks: catches truncation and most damage, fast."""
    total = path.stat().st_size
    digest = hashlib.sha256(str(total).encode())
    with open(path, "rb") as fh:
        for n in range(blocks):
            fh.seek(max(0, (total - size) * n // max(blocks - 1, 1)))
            digest.update(fh.read(size))
    return digest.hexdigest()


def read_ahead(path: Path) -> None:
    """Ask the kernel to load a file into the page cache in the background (no wait)."""
    if not hasattr(os, "posix_fadvise"):
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
    finally:
        os.close(fd)


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(tmp: Path, path: Path) -> None:
    """Flush `tmp` to disk, then put it in place of `path` in one step."""
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def fingerprints(directory: Path, names: tuple[str, ...]) -> dict:
    """A manifest's record of its files: sizes, full and sampled checksums."""
    return {
        "bytes": {name: (directory / name).stat().st_size for name in names},
        "checksum": {name: sha256(directory / name) for name in names},
        "sampled_checksum": {name: sampled_sha256(directory / name) for name in names},
    }


def problem(
    manifest_path: Path, manifest: dict, verify: str, *, full_check_bytes: int
) -> str | None:
    """What is wrong with the files the manifest beside them records (missing, resized,
    damaged), or None.

    `verify`: "full" hashes every byte, "auto" hashes files up to `full_check_bytes` and
    checks larger ones by size and sampled blocks, "none" only checks that they exist.
    """
    sampled = manifest.get("sampled_checksum", {})
    for name, digest in manifest["checksum"].items():
        path = manifest_path.parent / name
        if not path.exists():
            return f"{path} is missing"
        if verify == "none":
            continue
        size = path.stat().st_size
        if manifest.get("bytes", {}).get(name, size) != size:
            said = manifest["bytes"][name]
            return f"{path} is {size} bytes, its manifest {manifest_path} says {said}"
        quick = verify == "auto" and size > full_check_bytes and name in sampled
        actual = sampled_sha256(path) if quick else sha256(path)
        if actual != (sampled[name] if quick else digest):
            return f"{path} does not match its checksum in {manifest_path}"
    return None
