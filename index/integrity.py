"""Verify that the vector index and the record store agree, and rebuild the index when not."""

from __future__ import annotations

from pathlib import Path

from index.collection import INDEX_DIR, STORE_FILE
from index.embed import Embedder
from index.store import Store
from index.vectors import VectorIndex, VectorIndexError


def verify(data_dir: Path, embedder: Embedder) -> list[str]:
    """Return the problems found (empty when the index and the store agree)."""
    store = Store(Path(data_dir) / STORE_FILE)
    problems = []
    missing = store.statements_without_vectors()
    if missing:
        problems.append(f"{len(missing)} stored statements have no vector")
    others = store.models() - {embedder.name}
    if others:
        problems.append(f"the store holds vectors of other model(s): {sorted(others)}")
    index_dir = Path(data_dir) / INDEX_DIR
    if not VectorIndex.exists(index_dir):
        problems.append(f"{index_dir} has no index yet")
        return problems
    try:
        index = VectorIndex.load(index_dir, model=embedder.name, dim=embedder.dim, verify="full")
    except VectorIndexError as exc:
        problems.append(str(exc))
        return problems
    stored = set()
    for seqs, _ in store.vectors_after(0, embedder.dim):
        stored.update(seqs.tolist())
    indexed = set(index.ids.tolist())
    if indexed - stored:
        problems.append(f"{len(indexed - stored)} indexed ids are not in the store")
    if len(index.ids) != len(indexed):
        problems.append(f"{len(index.ids) - len(indexed)} ids are indexed twice")
    lagging = len(stored - indexed)
    if lagging:
        # Not an error: the service catches up from the store on open; repair saves it.
        problems.append(f"{lagging} stored vectors are not in the saved index yet")
    return problems


def repair(data_dir: Path, embedder: Embedder, *, batch_size: int = 128) -> dict:
    """Embed what lacks a vector of the configured model, then rebuild and save the index."""
    store = Store(Path(data_dir) / STORE_FILE)
    reembedded = 0
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal reembedded
        vectors = embedder.encode([text for _, text in pending])
        store.set_vectors([seq for seq, _ in pending], vectors, embedder.name)
        reembedded += len(pending)
        pending.clear()

    stale = store.seqs_needing_vectors(embedder.name)
    for seq, statement in store.iter_statements():
        if seq in stale:
            pending.append((seq, statement.embed_text))
            if len(pending) >= batch_size:
                flush()
    if pending:
        flush()
    index = VectorIndex.build(embedder.name, embedder.dim, store.vectors_after(0, embedder.dim))
    manifest = index.save(Path(data_dir) / INDEX_DIR)
    return {"reembedded": reembedded, "indexed": manifest["count"]}
