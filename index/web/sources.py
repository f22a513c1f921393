"""The sources an operator manages, with each one's cursor and last outcome, in the store's file."""

from __future__ import annotations

import datetime
import json
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from index.records import normalize_domain

KINDS = ("claimreview-feed", "factcheck-api", "factcheck-site", "news")
DEFAULT_EVERY = 6 * 3600
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    kind TEXT NOT NULL,
    outlet TEXT,                         -- the outlet id its statements are credited to
    options TEXT NOT NULL DEFAULT '{}',  -- JSON: query, reviewPublisherSiteFilter...
    every INTEGER NOT NULL,              -- seconds between runs
    cursor TEXT NOT NULL DEFAULT '{}',   -- JSON: etag, last_modified, newest, page_token...
    last_run TEXT,                       -- UTC ISO time the last run ended
    last_outcome TEXT                    -- JSON: the last run's report
);
CREATE TABLE IF NOT EXISTS source_seen (   -- article URLs done: a re-run skips them
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    seen_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    modified TEXT,                               -- the feed's last-changed time when done
    PRIMARY KEY (source, url)
);
"""


class SourceError(ValueError):
    """A source that cannot be added: the message says which field and why."""


@dataclass
class Source:
    name: str
    url: str
    kind: str
    outlet: str | None = None
    options: dict = field(default_factory=dict)
    every: int = DEFAULT_EVERY
    cursor: dict = field(default_factory=dict)
    last_run: str | None = None
    last_outcome: dict | None = None

    def due(self, now: datetime.datetime) -> bool:
        if not self.last_run:
            return True
        last = datetime.datetime.fromisoformat(self.last_run)
        return (now - last).total_seconds() >= self.every


def parse_every(value: str | int) -> int:
    """Seconds of '6h', '30m', '1d', '90s' or a bare number of seconds."""
    m = re.fullmatch(r"\s*(\d+)\s*([smhd]?)\s*", str(value))
    if not m or int(m.group(1)) <= 0:
        raise SourceError(f"every must look like 30m, 6h or 1d, not {value!r}")
    return int(m.group(1)) * _UNITS[m.group(2) or "s"]


def default_name(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"[^a-z0-9]+", "-", parts.path.lower()).strip("-")
    return normalize_domain(url) + (f"-{path}" if path else "")


class Sources:
    """The `sources` and `source_seen` tables, in the collection's SQLite file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        conn = self._conn()
        conn.executescript(SCHEMA)
        columns = {row[1] for row in conn.execute("PRAGMA table_info(source_seen)")}
        if "modified" not in columns:  # a store made before pages were re-checked
            conn.execute("ALTER TABLE source_seen ADD COLUMN modified TEXT")

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            self._local.conn = conn
        return conn

    def add(self, source: Source) -> Source:
        if source.kind not in KINDS:
            raise SourceError(f"kind must be one of {', '.join(KINDS)}, not {source.kind!r}")
        if urlsplit(source.url).scheme not in ("http", "https") or not urlsplit(source.url).netloc:
            raise SourceError(f"url must be an http(s) URL, not {source.url!r}")
        if not re.fullmatch(r"[\w.\-]{1,100}", source.name):
            raise SourceError("name may hold letters, digits, '.', '_' and '-' (at most 100)")
        try:
            self._conn().execute(
                "INSERT INTO sources (name, url, kind, outlet, options, every) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    source.name,
                    source.url,
                    source.kind,
                    source.outlet,
                    json.dumps(source.options),
                    source.every,
                ),
            )
        except sqlite3.IntegrityError:
            raise SourceError(f"a source named {source.name!r} exists already") from None
        return source

    def remove(self, name: str) -> bool:
        conn = self._conn()
        conn.execute("DELETE FROM source_seen WHERE source = ?", (name,))
        return conn.execute("DELETE FROM sources WHERE name = ?", (name,)).rowcount > 0

    def all(self) -> list[Source]:
        rows = self._conn().execute(
            "SELECT name, url, kind, outlet, options, every, cursor, last_run, last_outcome "
            "FROM sources ORDER BY name"
        )
        return [
            Source(
                name=r[0],
                url=r[1],
                kind=r[2],
                outlet=r[3],
                options=json.loads(r[4]),
                every=r[5],
                cursor=json.loads(r[6]),
                last_run=r[7],
                last_outcome=json.loads(r[8]) if r[8] else None,
            )
            for r in rows
        ]

    def get(self, name: str) -> Source | None:
        return next((s for s in self.all() if s.name == name), None)

    def save_cursor(self, name: str, cursor: dict) -> None:
        self._conn().execute(
            "UPDATE sources SET cursor = ? WHERE name = ?", (json.dumps(cursor), name)
        )

    def finish(self, name: str, outcome: dict, now: datetime.datetime) -> None:
        self._conn().execute(
            "UPDATE sources SET last_run = ?, last_outcome = ? WHERE name = ?",
            (now.isoformat(timespec="seconds"), json.dumps(outcome), name),
        )

    def done(self, name: str, url: str) -> tuple[bool, str | None]:
        """(whether the page was done, the feed's last-changed time for it then)."""
        row = (
            self._conn()
            .execute("SELECT modified FROM source_seen WHERE source = ? AND url = ?", (name, url))
            .fetchone()
        )
        return (row is not None, row[0] if row else None)

    def mark_seen(self, name: str, url: str, modified: str | None = None) -> None:
        self._conn().execute(
            "INSERT INTO source_seen (source, url, modified) VALUES (?, ?, ?) "
            "ON CONFLICT (source, url) DO UPDATE SET modified = excluded.modified, "
            "seen_at = CURRENT_TIMESTAMP",
            (name, url, modified),
        )

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
