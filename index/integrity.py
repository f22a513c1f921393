"""Verify that the vector index, the BM25 snapshot and the record store agree; rebuild if not.

The store is the truth: every statement is committed with its vector in one transaction, so
the index can always be rebuilt from it, and a corrupt index file never costs a record.
"""

from __future__ import annotations

import fcntl
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from index import lexical
from index.collection import INDEX_DIR, STORE_FILE, Collection
from index.embed import Embedder
from index.store import Store
from index.vectors import IndexCorrupt, VectorIndex, VectorIndexError

log = logging.getLogger(__name__)
LOCK_FILE = ".repair.lock"
FILL_LOCK_FILE = ".fill.lock"


@dataclass(frozen=True)
class Problem:
    """One disagreement; `serious` ones lose search results until repaired."""

    message: str
    serious: bool = True

    def __str__(self) -> str:
        return self.message if self.serious else f"{self.message} (not an error)"


def verify(data_dir: Path, embedder: Embedder) -> list[Problem]:
    """Return the problems found (empty when the index and the store agree)."""
    data_dir = Path(data_dir)
    store = Store(data_dir / STORE_FILE)
    try:
        return _verify(data_dir, store, embedder)
    finally:
        store.close()


def _verify(data_dir: Path, store: Store, embedder: Embedder) -> list[Problem]:
    problems = _lexical_problems(data_dir / lexical.SNAPSHOT_FILE, store)
    missing = store.statements_without_vectors()
    if missing:
        problems.append(Problem(f"{len(missing)} stored statements have no vector"))
    others = store.models() - {embedder.name}
    if others:
        problems.append(Problem(f"the store holds vectors of other model(s): {sorted(others)}"))
    wrong_size = store._conn().execute(
        "SELECT COUNT(*) FROM vectors WHERE model = ? AND length(vector) != ?",
        (embedder.name, embedder.dim * 4),
    )
    if (count := wrong_size.fetchone()[0]) > 0:
        problems.append(Problem(f"{count} stored vectors are not {embedder.dim}-d"))
        return problems
    index_dir = data_dir / INDEX_DIR
    if not VectorIndex.exists(index_dir):
        # Like a lagging file: opening builds the index from the store's vectors.
        problems.append(Problem(f"{index_dir} has no saved index yet", serious=False))
        return problems
    try:
        index = VectorIndex.load(index_dir, model=embedder.name, dim=embedder.dim, verify="full")
    except VectorIndexError as exc:
        problems.append(Problem(str(exc)))
        return problems
    stored = set()
    for seqs, _ in store.vectors_after(0, embedder.dim):
        stored.update(seqs.tolist())
    indexed = set(index.ids.tolist())
    if indexed - stored:
        problems.append(Problem(f"{len(indexed - stored)} indexed ids are not in the store"))
    if len(index.ids) != len(indexed):
        problems.append(Problem(f"{len(index.ids) - len(indexed)} ids are indexed twice"))
    lagging = stored - indexed
    if lagging:
        # The saved file behind the store is normal after a crash: opening catches it up.
        behind = min(lagging) > index.last_id
        problems.append(
            Problem(f"{len(lagging)} stored vectors are not in the saved index yet", not behind)
        )
    return problems


def _lexical_problems(path: Path, store: Store) -> list[Problem]:
    # Without a usable snapshot nothing is lost: each worker indexes the store at start.
    if not path.exists():
        return [Problem(f"{path} does not exist yet (workers index BM25 at start)", False)]
    try:
        snapshot = lexical.load_for(path, store)
    except lexical.SnapshotError as exc:
        return [Problem(f"{exc}; every worker re-indexes BM25 at start until it is repaired")]
    behind = store.max_seq() - snapshot.last_seq
    if behind > 0:
        return [Problem(f"{behind} stored rows are not in the BM25 snapshot yet", False)]
    return []


@contextmanager
def exclusive(data_dir: Path, lock_file: str = LOCK_FILE):
    """One process at a time: gunicorn workers may all find the same broken file (or, with
    FILL_LOCK_FILE, the same empty directory to fill)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / lock_file, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def repair(data_dir: Path, embedder: Embedder, *, batch_size: int = 128) -> dict:
    """Embed what lacks a vector of the configured model, then rebuild and save the index."""
    data_dir = Path(data_dir)
    with exclusive(data_dir):
        store = Store(data_dir / STORE_FILE)
        try:
            return _repair(data_dir, store, embedder, batch_size)
        finally:
            store.close()


def _repair(data_dir: Path, store: Store, embedder: Embedder, batch_size: int) -> dict:
    reembedded = 0
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal reembedded
        vectors = embedder.encode([text for _, text in pending])
        store.set_vectors([seq for seq, _ in pending], vectors, embedder.name)
        reembedded += len(pending)
        pending.clear()

    stale = store.seqs_needing_vectors(embedder.name)
    stale |= {
        row[0]
        for row in store._conn().execute(
            "SELECT seq FROM vectors WHERE length(vector) != ?", (embedder.dim * 4,)
        )
    }
    if stale:
        for seq, statement in store.iter_statements():
            if seq in stale:
                pending.append((seq, statement.embed_text))
                if len(pending) >= batch_size:
                    flush()
        if pending:
            flush()
    index = VectorIndex.build(embedder.name, embedder.dim, store.vectors_after(0, embedder.dim))
    manifest = index.save(data_dir / INDEX_DIR)
    snapshot = data_dir / lexical.SNAPSHOT_FILE
    snapshot.unlink(missing_ok=True)
    bm25 = lexical.refresh(snapshot, store)
    return {"reembedded": reembedded, "indexed": manifest["count"], "bm25": bm25["count"]}


def open_collection(data_dir: Path, embedder: Embedder, config: dict | None = None) -> Collection:
    """Open a collection; a corrupt index file is rebuilt from the store instead of failing.

    A process manager restarting a service that dies on a bad file would loop forever; the
    vectors are all in the store, so rebuilding is always possible and loses nothing. An
    index of another model is not rebuilt here (re-embedding can take hours): that stays an
    error naming the fix.
    """
    try:
        return Collection(data_dir, embedder, config)
    except IndexCorrupt as exc:
        log.error("%s; rebuilding the index from the record store now", exc)
    with exclusive(Path(data_dir)):
        try:  # another worker may have rebuilt it while this one waited for the lock
            return Collection(data_dir, embedder, config)
        except IndexCorrupt:
            pass
    summary = repair(data_dir, embedder)
    log.warning("rebuilt the index from the record store: %d vectors", summary["indexed"])
    return Collection(data_dir, embedder, config)
