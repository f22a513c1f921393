"""Hybrid retrieval: clean the query, search BM25 and vectors, fuse, then re-rank the top."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

import numpy as np

from index import lexical
from index.collection import Collection, Hit
from index.dates import day
from index.text import Query, clean_query
from service.judgement.fusion import around, fuse

log = logging.getLogger(__name__)

# Past this many records to index, BM25 catches up in a background thread and lookups answer
# from the vectors alone meanwhile: a restart over 1M records then serves in seconds, where
# indexing them for BM25 first would take a minute per worker.
BACKGROUND_CATCH_UP = 20_000
# How far apart replicas' clocks may be: a poll re-reads the stamps of this much time before
# the newest it saw, so a record a slower clock stamped earlier is still found.
CLOCK_SKEW_US = 30_000_000


class Retriever:
    """Candidates from both indexes, fused, optionally re-ranked; settings from the app config."""

    def __init__(self, collection: Collection, config: dict, reranker=None):
        self.collection = collection
        self.config = config
        self.reranker = reranker
        # Milvus row ids are content hashes, not a sequence to catch up along: a worker reads
        # the cluster's records once, then indexes the records it adds itself.
        self._cluster = collection.backend != "faiss"
        self._scanned = False
        self.lexical = self._open_lexical()
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._building: threading.Thread | None = None
        # Milvus: records stamped from `_mark` on are read by the next poll of the cluster.
        self._mark = 0
        self._polled = 0.0
        self._polling: threading.Thread | None = None
        self._beside: ThreadPoolExecutor | None = None  # started on first use, after any fork

    def _open_lexical(self) -> lexical.LexicalIndex:
        """BM25 from the snapshot the last import saved (memory-mapped, shared by the workers),
        then caught up from the store; from the store alone without one (or with Milvus)."""
        if self._cluster:
            return lexical.LexicalIndex(any_order=True)
        if self.config["LEXICAL_WEIGHT"] <= 0:
            return lexical.LexicalIndex()
        return lexical.open_index(self.collection.lexical_path, self.collection.store)

    def catch_up(self) -> int:
        """Index for BM25 every stored record it does not hold yet (live adds, other writers).

        A large backlog is indexed in the background; until it is done `lexical_ready` is
        False and lookups skip BM25 rather than rank against a partial index.
        """
        store = self.collection.store
        if self._cluster:
            if self._scanned:
                self._poll()
                return 0
            self._scanned = True
            # What is added during the scan is polled for (rows are stamped in wall-clock µs).
            self._mark = time.time_ns() // 1000 - CLOCK_SKEW_US
            behind = store.count()
        else:
            behind = store.max_seq() - self.lexical.last_seq
        if behind <= 0:
            return 0
        if behind > BACKGROUND_CATCH_UP or self._building is not None:
            with self._lock:
                if self._building is None:
                    self._building = threading.Thread(target=self._catch_up, daemon=True)
                    self._building.start()
            return 0
        return self._catch_up()

    def _catch_up(self) -> int:
        store = self.collection.store
        try:
            with self._index_lock:
                if self._cluster:
                    rows = store.iter_statements()
                else:
                    rows = store.iter_statements(after=self.lexical.last_seq)
                pairs = ((seq, record.match_text) for seq, record in rows)
                added = 0
                # In slices, so a live add (index_added) never waits for a whole backlog.
                while chunk := list(islice(pairs, 2000)):
                    added += self.lexical.add(chunk)
                return added
        finally:
            if self._building is threading.current_thread():
                self._building = None

    def _poll(self) -> None:
        """On Milvus, read what other replicas added since the last poll, in the background
        and at most every LEXICAL_POLL_SECONDS; lookups never wait for it."""
        if not self.collection.store.stamped or self._building is not None:
            return
        now = time.monotonic()
        if now - self._polled < float(self.config["LEXICAL_POLL_SECONDS"]):
            return
        with self._lock:
            if self._polling is not None:
                return
            self._polled = now
            self._polling = threading.Thread(target=self._take_new, daemon=True)
            self._polling.start()

    def _take_new(self) -> int:
        """Index the records stamped since the mark that BM25 lacks; return how many."""
        store = self.collection.store
        try:
            newest, fresh = self._mark, []
            for seq, added in store.added_since(self._mark):
                newest = max(newest, added - CLOCK_SKEW_US)
                if not self.lexical.holds(seq):
                    fresh.append(seq)
            taken = 0
            for start in range(0, len(fresh), 2000):
                records = store.by_seq(fresh[start : start + 2000])
                with self._index_lock:
                    taken += self.lexical.add((s, r.match_text) for s, r in records.items())
            self._mark = newest
            return taken
        except Exception:
            # The next poll tries again from the same mark.
            log.warning("reading other replicas' records for BM25 failed", exc_info=True)
            return 0
        finally:
            self._polling = None

    def index_added(self, rows: list) -> None:
        """Index records this process just stored. A SQLite store's catch-up would find them
        too; a Milvus worker would find them only at its next poll (`_poll`)."""
        if self._cluster and rows:
            self.lexical.add((seq, record.match_text) for seq, record in rows)

    @property
    def lexical_ready(self) -> bool:
        return self._building is None

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
