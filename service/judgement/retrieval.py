"""Hybrid retrieval: clean the query, search BM25 and vectors, fuse, then re-rank the top."""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from index import lexical
from index.collection import Collection, Hit
from index.dates import day
from index.text import Query, clean_query
from service.judgement.bm25_sync import Bm25Sync
from service.judgement.fusion import around, fuse

log = logging.getLogger(__name__)


class Retriever:
    """Candidates from both indexes, fused, optionally re-ranked; settings from the app config."""

    def __init__(self, collection: Collection, config: dict, reranker=None):
        self.collection = collection
        self.config = config
        self.reranker = reranker
        self.bm25 = Bm25Sync(collection, config)
        self._lock = threading.Lock()
        self._beside: ThreadPoolExecutor | None = None  # started on first use, after any fork

    @property
    def lexical(self) -> lexical.LexicalIndex:
        return self.bm25.index

    @property
    def lexical_ready(self) -> bool:
        return self.bm25.ready

    def catch_up(self) -> int:
        return self.bm25.catch_up()

    def index_added(self, rows: list) -> None:
        self.bm25.index_added(rows)

    def query_text(self, query: Query) -> str:
        if query.author and self.config["QUERY_AUTHOR"]:
            return f"{query.text} {query.author}"
        return query.text

    def search(
        self,
        text: str,
        k: int,
        *,
        date: str | None = None,
        context: tuple[str, str] | None = None,
    ) -> tuple[Query, list[Hit]]:
        """Return the cleaned query and the k best records (see search_claim)."""
        query, hits, _ = self.search_claim(text, k, date=date, context=context)
        return query, hits

    def search_claim(
        self,
        text: str,
        k: int,
        *,
        date: str | None = None,
        context: tuple[str, str] | None = None,
        vectors: dict[str, np.ndarray] | None = None,
        ahead: Callable[[list[int], dict[int, float]], dict | None] | None = None,
        on_bm25: Callable[[list[tuple[int, float]]], object] | None = None,
    ) -> tuple[Query, list[Hit], np.ndarray]:
        """Return the cleaned query and the k best records; Hit.score stays the claim's cosine,
        and the claim's vector.

        `date` (YYYY, YYYY-MM or YYYY-MM-DD), when the claim was made, favours records said
        near it: a debate line is most often fact-checked as said that day. `context`, the
        text (before, after) the claim, is searched with it: "a couple of months?" alone
        matches nothing, after "Paul Manafort worked for me for a very short period" it does.
        `vectors` holds what `encode_many` made for a batch of claims (else each is encoded).
        `ahead` is called with the ranked row ids and their cosines before the records are
        read, so a caller can start on the likely first one (lookup.py); it returns the
        records it read, by row id, which are not read again. `on_bm25` is called with BM25's
        ranking on the side thread as soon as it is made, before the query is encoded.
        """
        config = self.config
        query, words, found = self._texts(text, context)
        depth = max(k, int(config["RETRIEVAL_DEPTH"]))
        hybrid = config["LEXICAL_WEIGHT"] > 0
        if hybrid:
            self.catch_up()
            hybrid = self.lexical_ready
        # BM25 needs only the words, so it runs on the other core while the query is embedded
        # and the vectors searched (numpy, onnxruntime and faiss all release the GIL).
        lexical = self.side().submit(self._bm25, found, depth, on_bm25) if hybrid else None
        # The verdict judges the claim, not its surroundings: with a context, every cosine is
        # the claim's own, from a second encode on the side thread after BM25.
        alone = None
        if vectors is not None:  # encoded beforehand, with the rest of a batch
            vector = vectors[found]
        else:
            if found != words:
                alone = self.side().submit(self.collection.encode, [words])
            vector = self.collection.encode([found])
        # Cosines of what was searched (the claim, or the claim amid its context).
        dense = dict(self.collection.nearest(vector, depth))
        if lexical is not None:
            ranked = lexical.result()
            only = [seq for seq, _ in ranked if seq not in dense]
            dense.update(self.collection.similarities(vector, only))
            fused = fuse(dense, ranked, depth, float(config["LEXICAL_WEIGHT"]))
        else:
            fused = dict(dense)  # the date prior adds to it; `dense` stays the cosines
        if found == words:
            claim = vector
        else:
            claim = vectors[words] if vectors is not None else alone.result()
        cosine = dense if found == words else {}
        # A date the request gives wins over the one an embedded tweet's signature names.
        date = date or query.date
        if date and config["DATE_WEIGHT"] > 0:
            self.near(fused, date)
        order = sorted(fused, key=lambda s: -fused[s])
        # Only the head is read from the store (and re-ranked): reading every candidate of
        # both lists cost more than the rest of a lookup. A few spare in case some are gone.
        reranking = self.reranker is not None and config["RERANK_DEPTH"] > 0
        head = order[: max(k, int(config["RERANK_DEPTH"]) if reranking else 0) + 10]
        cosine.update(self.collection.similarities(claim, [s for s in head if s not in cosine]))
        records = {}
        if ahead is not None:
            records.update(ahead(head, cosine) or {})
        records.update(self.collection.store.by_seq([s for s in head if s not in records]))
        hits = [
            Hit(s, records[s], cosine[s], fused[s]) for s in head if s in records and s in cosine
        ]
        if reranking:
            hits = self.rerank(query, hits, int(config["RERANK_DEPTH"]))
        # The claim's own vector too: the judge compares it with the candidates' vectors.
        return query, hits[: max(k, 1)], claim

    def _bm25(self, found: str, depth: int, then: Callable | None) -> list[tuple[int, float]]:
        ranked = self.lexical.search(found, depth)
        if then is not None:
            try:
                then(ranked)
            except Exception:  # a guess made early must never cost the lookup its BM25
                log.warning("acting on BM25's ranking early failed", exc_info=True)
        return ranked

    def _texts(self, text: str, context: tuple[str, str] | None) -> tuple[Query, str, str]:
        """The cleaned query, the words whose cosines the verdict judges, and what is searched
        (those words amid their context, when one is given)."""
        query = clean_query(text)
        words = self.query_text(query) or text
        found = words
        if context and any(context) and self.config["CONTEXT_CHARS"] > 0:
            found = around(context[0], words, context[1], int(self.config["CONTEXT_CHARS"]))
        return query, words, found

    def encode_many(
        self, texts: list[str], context: tuple[str, str] | None = None
    ) -> dict[str, np.ndarray]:
        """Every vector `search` needs for these claims, from one batched encode."""
        needed = []
        for text in texts:
            _, words, found = self._texts(text, context)
            needed += [found] if found == words else [found, words]
        return self.collection.queries.encode_many(needed)

    def near(self, fused: dict[int, float], date: str) -> None:
        """Add DATE_WEIGHT x exp(-days apart / tau) to each candidate with a date: the day it
        was said (tau DATE_TAU_DAYS), else the day it was fact-checked (CHECKED_TAU_DAYS)."""
        said = day(date)
        if said is None:
            return
        weight = float(self.config["DATE_WEIGHT"])
        taus = (float(self.config["DATE_TAU_DAYS"]), float(self.config["CHECKED_TAU_DAYS"]))
        for seq, (said_on, checked_on) in self.collection.store.dates_of(list(fused)).items():
            if (when := day(said_on)) is not None:
                tau = taus[0]
            elif (when := day(checked_on)) is not None:
                tau = taus[1]
            else:
                continue
            fused[seq] += weight * math.exp(-abs((said - when).days) / max(tau, 1.0))

    def side(self) -> ThreadPoolExecutor:
        """The one thread beside a lookup: BM25, a context's second encode, the cross-encoder
        reading ahead (service/judgement/ahead.py)."""
        if self._beside is None:  # the lock only for the first lookup, not on every one
            with self._lock:
                if self._beside is None:
                    self._beside = ThreadPoolExecutor(1, thread_name_prefix="beside")
        return self._beside

    def rerank(self, query: Query, hits: list[Hit], depth: int) -> list[Hit]:
        """Re-order the top `depth` by the trained re-ranker; the rest keep their order below."""
        head, tail = hits[:depth], hits[depth:]
        if not head:
            return hits
        scores = self.reranker.score(
            self.query_text(query), [h.statement.match_text for h in head], features=head
        )
        for hit, score in zip(head, scores, strict=True):
            hit.rank_score = float(score)
        order = np.argsort(-np.asarray(scores), kind="stable")
        floor = min(scores) if tail else 0.0
        for hit in tail:
            hit.rank_score = floor - 1.0
        return [head[i] for i in order] + tail
