"""The record store's outlet profiles, and the domains each one answers for."""

from __future__ import annotations

import json
import sqlite3

from index.records import Outlet, normalize_domain


class OutletRows:
    """The outlet half of `Store` (index/store.py), on the connection it gives."""

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError

    def upsert_outlet(self, outlet: Outlet) -> str:
        """Add an outlet or merge it into the one that already has its id or a domain of it."""
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            existing = self._outlet_row(outlet.id)
            if existing is None:
                for domain in outlet.domains:
                    row = conn.execute(
                        "SELECT outlet_id FROM outlet_domains WHERE domain = ?", (domain,)
                    ).fetchone()
                    if row:
                        existing = self._outlet_row(row[0])
                        break
            merged = existing.merged(outlet) if existing else outlet
            outcome = (
                "added" if existing is None else ("unchanged" if merged == existing else "merged")
            )
            if outcome != "unchanged":
                conn.execute(
                    "INSERT OR REPLACE INTO outlets (id, body) VALUES (?, ?)",
                    (merged.id, json.dumps(merged.to_dict(), ensure_ascii=False)),
                )
                for domain in merged.domains:
                    conn.execute(
                        "INSERT OR IGNORE INTO outlet_domains (domain, outlet_id) VALUES (?, ?)",
                        (domain, merged.id),
                    )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return outcome

    def _outlet_row(self, outlet_id: str) -> Outlet | None:
        row = self._conn().execute("SELECT body FROM outlets WHERE id = ?", (outlet_id,)).fetchone()
        return outlet_of(row[0]) if row else None

    def outlet(self, outlet_id: str) -> Outlet | None:
        """Find an outlet by id, or by domain when the id is a domain."""
        return self._outlet_row(outlet_id) or (
            self.outlet_for_domain(outlet_id) if "." in outlet_id else None
        )

    def outlet_for_domain(self, host: str) -> Outlet | None:
        """Find the outlet of a host, walking up to parent domains (news.bbc.co.uk -> bbc.co.uk)."""
        parts = normalize_domain(host).split(".")
        for start in range(len(parts) - 1):
            domain = ".".join(parts[start:])
            row = (
                self._conn()
                .execute("SELECT outlet_id FROM outlet_domains WHERE domain = ?", (domain,))
                .fetchone()
            )
            if row:
                return self._outlet_row(row[0])
        return None

    def outlets(self) -> list[Outlet]:
        return [outlet_of(row[0]) for row in self._conn().execute("SELECT body FROM outlets")]

    def outlet_count(self) -> int:
        return self._conn().execute("SELECT COUNT(*) FROM outlets").fetchone()[0]


def outlet_of(body: str) -> Outlet:
    """An outlet from the JSON body the store keeps."""
    data = json.loads(body)
    data.pop("rated", None)
    return Outlet.from_dict(data)
