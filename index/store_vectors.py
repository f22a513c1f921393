"""The store's vector rows: each statement's embedding and the model that made it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

import numpy as np


class VectorRows:
    """The vector half of `Store` (index/store.py), on the connection it gives."""

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def models(self) -> set[str]:
        return {row[0] for row in self._conn().execute("SELECT DISTINCT model FROM vectors")}

    def vectors_after(
        self, seq: int, dim: int, batch: int = 10000
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield (seqs, vectors) batches of every stored vector past `seq`, in order."""
        while True:
            rows = (
                self._conn()
                .execute(
                    "SELECT seq, vector FROM vectors WHERE seq > ? ORDER BY seq LIMIT ?",
                    (seq, batch),
                )
                .fetchall()
            )
            if not rows:
                return
            seqs = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
            yield seqs, vectors.reshape(len(rows), dim)
            seq = int(seqs[-1])

    def vectors_of(self, seqs: Iterable[int], dim: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (row ids found, their vectors) for the given row ids."""
        seqs = [int(s) for s in seqs]
        rows = []
        for start in range(0, len(seqs), 500):
            chunk = seqs[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += (
                self._conn()
                .execute(f"SELECT seq, vector FROM vectors WHERE seq IN ({marks})", chunk)
                .fetchall()
            )
        found = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
        return found, vectors.reshape(len(rows), dim)

    def seqs_needing_vectors(self, model: str) -> set[int]:
        """Row ids of statements with no vector, or one made by another model."""
        rows = self._conn().execute(
            "SELECT s.seq FROM statements s LEFT JOIN vectors v ON v.seq = s.seq "
            "WHERE v.seq IS NULL OR v.model != ?",
            (model,),
        )
        return {row[0] for row in rows}

    def set_vectors(self, seqs: list[int], vectors: np.ndarray, model: str) -> None:
        """Replace the vectors of stored statements (re-embedding with another model)."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors (seq, model, vector) VALUES (?, ?, ?)",
                [
                    (int(s), model, np.asarray(v, np.float32).tobytes())
                    for s, v in zip(seqs, vectors, strict=True)
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
