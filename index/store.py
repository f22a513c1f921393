"""The record store: statements, their vectors and outlet profiles in one SQLite file."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from index.records import Statement
from index.store_outlets import OutletRows
from index.store_vectors import VectorRows

MMAP_BYTES = 1 << 34

SCHEMA = """
CREATE TABLE IF NOT EXISTS statements (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- the row id the vector index maps to
    id TEXT NOT NULL UNIQUE,                -- content hash: re-importing is a no-op
    external_id TEXT,
    kind TEXT NOT NULL,
    source TEXT,
    body TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX IF NOT EXISTS statements_external_id ON statements (external_id);
CREATE TABLE IF NOT EXISTS vectors (
    seq INTEGER PRIMARY KEY REFERENCES statements (seq),
    model TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS outlets (id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outlet_domains (
    domain TEXT PRIMARY KEY,
    outlet_id TEXT NOT NULL REFERENCES outlets (id)
);
"""


class Store(OutletRows, VectorRows):
    """SQLite in WAL mode; one connection per thread, since Flask serves from several."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as conn:
            conn.executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            # Reads through the page cache instead of read() into a private 2 MB cache: 30
            # records of a lookup at 1M statements took ~3 ms cold, ~1 ms so. SQLite caps the
            # map at its build's limit (2 GB here); pages past it are read as before.
            conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # statements -----------------------------------------------------------------

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn().execute(f"SELECT id FROM statements WHERE id IN ({marks})", chunk)
            found.update(row[0] for row in rows)
        return found

    def existing_external_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these external ids (a review's or an article's URL) some record has."""
        ids = [i for i in ids if i]
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._conn().execute(
                f"SELECT external_id FROM statements WHERE external_id IN ({marks})", chunk
            )
            found.update(row[0] for row in rows)
        return found

    def add_statements(
        self, records: list[Statement], vectors: np.ndarray, model: str
    ) -> list[tuple[int, Statement]]:
        """Store records with their vectors in one transaction; return the new (seq, record)s."""
        conn = self._conn()
        added = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            for record, vector in zip(records, vectors, strict=True):
                cur = conn.execute(
                    "INSERT OR IGNORE INTO statements (id, external_id, kind, source, body) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        record.content_hash,
                        record.external_id,
                        record.kind,
                        record.source,
                        record.to_json(),
                    ),
                )
                if cur.rowcount:
                    seq = cur.lastrowid
                    conn.execute(
                        "INSERT INTO vectors (seq, model, vector) VALUES (?, ?, ?)",
                        (seq, model, np.asarray(vector, dtype=np.float32).tobytes()),
                    )
                    added.append((seq, record))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return added

    def revise(self, record: Statement) -> bool:
        """Give the stored record with this content hash and external id (the same review,
        revised: a new rating or review date) this body; False when absent or unchanged. Its
        vector stays: the words it embeds are what the content hash covers."""
        body = record.to_json()
        cur = self._conn().execute(
            "UPDATE statements SET body = ? WHERE id = ? AND external_id = ? AND body != ?",
            (body, record.content_hash, record.external_id, body),
        )
        return cur.rowcount > 0

    def add_outlet_refs(self, record: Statement) -> bool:
        """Add to the stored record with this content hash the outlets of `record` it lacks (a
        quote another outlet reported too); False when absent or nothing is new."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            stored = self.get(record.content_hash)
            known = {o.id for o in stored.outlets} if stored else set()
            new = [o for o in record.outlets if o.id not in known]
            if stored and new:
                merged = dataclasses.replace(stored, outlets=stored.outlets + tuple(new))
                conn.execute(
                    "UPDATE statements SET body = ? WHERE id = ?",
                    (merged.to_json(), record.content_hash),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return bool(stored and new)

    def get(self, statement_id: str) -> Statement | None:
        row = (
            self._conn()
            .execute("SELECT body FROM statements WHERE id = ?", (statement_id,))
            .fetchone()
        )
        return statement_of(row[0]) if row else None

    def by_seq(self, seqs: Iterable[int]) -> dict[int, Statement]:
        seqs = [int(s) for s in seqs]
        if not seqs:
            return {}
        marks = ",".join("?" * len(seqs))
        rows = self._conn().execute(
            f"SELECT seq, body FROM statements WHERE seq IN ({marks})", seqs
        )
        return {seq: statement_of(body) for seq, body in rows}

    def dates_of(self, seqs: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
        """(when said, when fact-checked) for each record that gives either; read in SQL,
        since parsing whole records for a hundred candidates would cost more than the lookup."""
        seqs = [int(s) for s in seqs]
        if not seqs:
            return {}
        marks = ",".join("?" * len(seqs))
        rows = self._conn().execute(
            f"SELECT seq, json_extract(body, '$.date') AS said, "
            f"coalesce(json_extract(body, '$.extra.review_date'), "
            f"json_extract(body, '$.rating.date')) AS checked FROM statements "
            f"WHERE seq IN ({marks}) AND (said IS NOT NULL OR checked IS NOT NULL)",
            seqs,
        )
        return {seq: (said, checked) for seq, said, checked in rows.fetchall()}

    def count(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM statements").fetchone()[0]

    def counts_by_kind(self) -> dict[str, int]:
        rows = self._conn().execute("SELECT kind, COUNT(*) FROM statements GROUP BY kind")
        return dict(rows.fetchall())

    def max_seq(self) -> int:
        return self._conn().execute("SELECT COALESCE(MAX(seq), 0) FROM vectors").fetchone()[0]

    def statements_without_vectors(self) -> list[tuple[int, Statement]]:
        rows = self._conn().execute(
            "SELECT s.seq, s.body FROM statements s LEFT JOIN vectors v ON v.seq = s.seq "
            "WHERE v.seq IS NULL ORDER BY s.seq"
        )
        return [(seq, statement_of(body)) for seq, body in rows]

    def iter_statements(
        self, batch: int = 2000, *, after: int = 0
    ) -> Iterator[tuple[int, Statement]]:
        seq = after
        while True:
            rows = (
                self._conn()
                .execute(
                    "SELECT seq, body FROM statements WHERE seq > ? ORDER BY seq LIMIT ?",
                    (seq, batch),
                )
                .fetchall()
            )
            if not rows:
                return
            for seq, body in rows:
                yield seq, statement_of(body)


def statement_of(body: str) -> Statement:
    """A statement from the JSON body the store keeps."""
    data = json.loads(body)
    data.pop("id", None)
    return Statement.from_dict(data)
