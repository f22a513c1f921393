"""An in-memory BM25 index over stored records that grows as records are added."""

from __future__ import annotations

import threading
from array import array
from collections import Counter
from collections.abc import Iterable

import numpy as np

from index.text import tokens


class LexicalIndex:
    """Okapi BM25 over row ids; postings append in place, so new records never force a rebuild.

    Statistics (idf, average length) are read at query time, so they stay exact as it grows.
    """

    def __init__(self, *, k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self._postings: dict[str, tuple[array, array]] = {}
        self._seqs = array("q")
        self._lengths = array("f")
        self._total = 0.0
        self._norm_cache: np.ndarray | None = None
        self.last_seq = 0
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        return len(self._seqs)

    def add(self, items: Iterable[tuple[int, str]]) -> int:
        """Index (row id, text) pairs with ids above the last one seen; return how many."""
        added = 0
        with self._lock:
            for seq, text in items:
                if seq <= self.last_seq:
                    continue
                row = len(self._seqs)
                terms = Counter(tokens(text))
                for term, tf in terms.items():
                    rows, tfs = self._postings.setdefault(term, (array("q"), array("f")))
                    rows.append(row)
                    tfs.append(tf)
                length = float(sum(terms.values()))
                self._seqs.append(seq)
                self._lengths.append(length)
                self._total += length
                self.last_seq = seq
                added += 1
        return added

    def search(self, text: str, k: int) -> list[tuple[int, float]]:
        """Return up to k (row id, BM25 score) pairs for a query, best first."""
        with self._lock:
            n = len(self._seqs)
            if not n:
                return []
            norm = self._norm(n)
            scores = np.zeros(n, dtype=np.float32)
            touched = []
            for term in set(tokens(text)):
                posting = self._postings.get(term)
                if posting is None:
                    continue
                rows = np.frombuffer(posting[0], dtype=np.int64, count=len(posting[0]))
                tfs = np.frombuffer(posting[1], dtype=np.float32, count=len(posting[1]))
                idf = np.log(1 + (n - len(rows) + 0.5) / (len(rows) + 0.5))
                scores[rows] += idf * tfs * (self.k1 + 1) / (tfs + norm[rows])
                touched.append(rows)
            top = _best(scores, touched, k)
            # Read the ids under the lock: an add may grow (move) the array afterwards.
            seqs = np.frombuffer(self._seqs, dtype=np.int64, count=n)[top].tolist()
        return [(seq, float(scores[i])) for seq, i in zip(seqs, top, strict=True)]

    def _norm(self, n: int) -> np.ndarray:
        """The BM25 length normalisation of every row, recomputed only after adds."""
        if self._norm_cache is None or len(self._norm_cache) != n:
            lengths = np.frombuffer(self._lengths, dtype=np.float32, count=n)
            self._norm_cache = self.k1 * (1 - self.b + self.b * lengths / (self._total / n))
        return self._norm_cache


def _best(scores: np.ndarray, touched: list[np.ndarray], k: int) -> np.ndarray:
    """The k best rows by (score, row), best first, chosen among the posting lists touched.

    A row is in each term's list at most once, so the best k * len(touched) entries of the
    lists hold the k best distinct rows. Selecting there, not over every row, matters at 1M
    records: a scan for the nonzero scores cost more than the scoring (3.9 vs 3.5 ms).
    Cuts keep every row tied at the boundary, so the order never depends on the partition.
    """
    if not touched:
        return np.empty(0, dtype=np.int64)
    rows = _at_least(np.concatenate(touched), scores, k * len(touched))
    rows = _at_least(np.unique(rows), scores, k)
    return rows[np.lexsort((rows, -scores[rows]))][:k]


def _at_least(rows: np.ndarray, scores: np.ndarray, wanted: int) -> np.ndarray:
    """The rows scoring at least the `wanted`-th best score among them (ties kept)."""
    if len(rows) <= wanted:
        return rows
    values = scores[rows]
    floor = np.partition(values, len(values) - wanted)[len(values) - wanted]
    return rows[values >= floor]
