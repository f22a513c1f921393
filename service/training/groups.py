"""Labelled groups for `veracity train`: train-split queries, their claims, mined hard negatives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from index.collection import Collection
from index.importers.checkthat import parse
from index.importing import import_file
from index.lexical import LexicalIndex
from index.records import Statement
from index.text import clean_query
from index.train import Example
from service.training.splits import Split


def open_collection(split: Split, data_dir: Path, embedder, *, log: Callable = print) -> Collection:
    """The split's claim collection, imported with the product's importer (resumes if partial)."""
    collection = Collection(Path(data_dir), embedder)
    log(f"importing {split.collection} into {data_dir} ({collection.store.count()} stored)")
    summary = import_file(collection, split.collection, "checkthat")
    log(f"added {summary.added}, already stored {summary.duplicates}")
    return collection


def claims(split: Split) -> dict[str, Statement]:
    """The split's verified claims by their own id, read with the product's importer."""
    return {
        record.external_id: record
        for _, record in parse(split.collection)
        if isinstance(record, Statement) and record.external_id
    }


def query_words(text: str) -> str:
    """The query text the retriever matches (cleaned, with a tweet's author appended)."""
    query = clean_query(text)
    return f"{query.text} {query.author}" if query.author else query.text or text


def mine(split: Split, *, depth: int = 30) -> list[Example]:
    """One example per query: its relevant claims, and the best BM25 non-relevant ones.

    BM25 needs no vectors, so training starts without embedding the collection; the
    bi-encoder loss adds every other query's claims in the batch as further negatives.
    """
    records = claims(split)
    ids = list(records)
    lexical = LexicalIndex()
    lexical.add((row, records[ext].match_text) for row, ext in enumerate(ids, 1))
    examples = []
    for qid, text in split.queries.items():
        relevant = split.qrels.get(qid, set())
        words = query_words(text)
        ranked = [ids[row - 1] for row, _ in lexical.search(words, depth + len(relevant))]
        # A re-published copy of a relevant claim (same content hash) is no negative.
        same = {records[ext].content_hash for ext in relevant if ext in records}
        negatives = [
            records[ext].match_text
            for ext in ranked
            if ext not in relevant and records[ext].content_hash not in same
        ][:depth]
        positives = [records[ext].match_text for ext in sorted(relevant) if ext in records]
        examples.append(Example(words, positives, negatives))
    return examples
