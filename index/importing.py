"""Run an import: stream a file through its parser into a collection, batch by batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.collection import Collection
from index.importers import FORMATS
from index.records import Outlet, RecordError, Statement


@dataclass
class ImportSummary:
    added: int = 0
    duplicates: int = 0
    outlets_added: int = 0
    outlets_merged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "added": self.added,
            "duplicates": self.duplicates,
            "outlets_added": self.outlets_added,
            "outlets_merged": self.outlets_merged,
            "rejected": len(self.rejected),
            "rejected_lines": [{"line": n, "reason": r} for n, r in self.rejected],
        }


def import_file(
    collection: Collection,
    path: Path,
    fmt: str,
    *,
    batch_size: int = 256,
    progress: bool = False,
    on_commit=None,
) -> ImportSummary:
    """Import one file; bad lines are reported, good ones committed a batch at a time.

    Each batch is one transaction (records with their vectors), so an interruption keeps
    every batch already reported and re-running skips them by content hash.
    `on_commit(summary)` is called after each committed batch.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    path = Path(path)
    summary = ImportSummary()
    batch: list[Statement] = []
    bar = _progress(path) if progress else None

    def flush() -> None:
        result = collection.add(batch, batch_size=batch_size)
        summary.added += result.added
        summary.duplicates += result.duplicates
        if bar is not None:
            bar.update(len(batch))
        batch.clear()
        if on_commit is not None:
            on_commit(summary)

    try:
        for line, item in FORMATS[fmt](path):
            if isinstance(item, RecordError):
                summary.rejected.append((line, str(item)))
            elif isinstance(item, Outlet):
                outcome = collection.store.upsert_outlet(item)
                summary.outlets_added += outcome == "added"
                summary.outlets_merged += outcome == "merged"
            else:
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
        if batch:
            flush()
    finally:
        if bar is not None:
            bar.close()
        collection.save()
    return summary


def _progress(path: Path):
    from tqdm import tqdm

    return tqdm(desc=f"importing {path.name}", unit=" records", mininterval=0.5)
