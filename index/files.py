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
