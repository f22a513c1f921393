"""Labelled groups for `veracity train`: train-split queries, their claims, mined hard negatives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.collection import Collection
from index.importing import import_file
from index.train import Example
from service.retrieval import Retriever
from service.splits import Split


def open_collection(split: Split, data_dir: Path, embedder, *, log: Callable = print) -> Collection:
    """The split's claim collection, imported with the product's importer unless already there."""
    collection = Collection(Path(data_dir), embedder)
    if not collection.store.count():
        log(f"importing {split.collection} into {data_dir}")
        summary = import_file(collection, split.collection, "checkthat")
        log(f"added {summary.added}, rejected {len(summary.rejected)}")
    return collection


def external_ids(collection: Collection) -> dict[int, str]:
    """Row id -> the collection's own claim id (vclaim_id)."""
    return {seq: r.external_id for seq, r in collection.store.iter_statements() if r.external_id}


def mine(
    split: Split, retriever: Retriever, ids: dict[int, str], *, depth: int = 30
) -> list[Example]:
    """One example per query: relevant claims as positives, the top non-relevant as negatives."""
    store = retriever.collection.store
    by_external = {ext: seq for seq, ext in ids.items()}
    examples = []
    for qid, text in split.queries.items():
        relevant = split.qrels.get(qid, set())
        query, hits = retriever.search(text, depth)
        positives = store.by_seq(by_external[r] for r in relevant if r in by_external)
        negatives = [h.statement.match_text for h in hits if ids.get(h.seq) not in relevant]
        words = retriever.query_text(query) or text
        examples.append(Example(words, [s.match_text for s in positives.values()], negatives))
    return examples
