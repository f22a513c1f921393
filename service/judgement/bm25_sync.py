"""BM25 kept in step with the record store: caught up from it at start and after writes,
fed what this process adds, and on Milvus polled for what other replicas added."""

from __future__ import annotations

import logging
import threading
import time
from itertools import islice

from index import lexical
from index.collection import Collection

log = logging.getLogger(__name__)

# Past this many records to index, BM25 catches up in a background thread and lookups answer
# from the vectors alone meanwhile: a restart over 1M records then serves in seconds, where
# indexing them for BM25 first would take a minute per worker.
BACKGROUND_CATCH_UP = 20_000
# How far apart replicas' clocks may be: a poll re-reads the stamps of this much time before
# the newest it saw, so a record a slower clock stamped earlier is still found.
CLOCK_SKEW_US = 30_000_000


class Bm25Sync:
    """The BM25 index of a collection and what keeps it current; settings from the app config."""

    def __init__(self, collection: Collection, config: dict):
        self.collection = collection
        self.config = config
        # Milvus row ids are content hashes, not a sequence to catch up along: a worker reads
        # the cluster's records once, then indexes the records it adds itself.
        self._cluster = collection.backend != "faiss"
        self._scanned = False
        self.index = self._open()
        self._lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._building: threading.Thread | None = None
        # Milvus: records stamped from `_mark` on are read by the next poll of the cluster.
        self._mark = 0
        self._polled = 0.0
        self._polling: threading.Thread | None = None

    def _open(self) -> lexical.LexicalIndex:
        """BM25 from the snapshot the last import saved (memory-mapped, shared by the workers),
        then caught up from the store; from the store alone without one (or with Milvus)."""
        if self._cluster:
            return lexical.LexicalIndex(any_order=True)
        if self.config["LEXICAL_WEIGHT"] <= 0:
            return lexical.LexicalIndex()
        return lexical.open_index(self.collection.lexical_path, self.collection.store)

    def catch_up(self) -> int:
        """Index for BM25 every stored record it does not hold yet (live adds, other writers).

        A large backlog is indexed in the background; until it is done `ready` is
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
            behind = store.max_seq() - self.index.last_seq
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
                    rows = store.iter_statements(after=self.index.last_seq)
                pairs = ((seq, record.match_text) for seq, record in rows)
                added = 0
                # In slices, so a live add (index_added) never waits for a whole backlog.
                while chunk := list(islice(pairs, 2000)):
                    added += self.index.add(chunk)
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
                if not self.index.holds(seq):
                    fresh.append(seq)
            taken = 0
            for start in range(0, len(fresh), 2000):
                records = store.by_seq(fresh[start : start + 2000])
                with self._index_lock:
                    taken += self.index.add((s, r.match_text) for s, r in records.items())
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
            self.index.add((seq, record.match_text) for seq, record in rows)

    @property
    def ready(self) -> bool:
        return self._building is None
