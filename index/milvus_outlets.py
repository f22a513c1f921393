"""The Milvus store's outlet profiles: merged by id or claimed domain, cached for a while."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

from index.fields import normalize_domain
from index.milvus import DUMMY_DIM
from index.records import Outlet
from index.store_outlets import outlet_of


class MilvusOutlets:
    """MilvusStore's outlet methods, over its outlet and domain collections.

    A part of MilvusStore (index/milvus_store.py), which names and creates the collections
    and holds the client, the read options, the outlet cache and `_count`.
    """

    def upsert_outlet(self, outlet: Outlet) -> str:
        """Add an outlet or merge it into the one with its id or one of its domains.

        Not a transaction: two replicas merging the same outlet at once keep the later write.
        Outlets come from imports, which run one at a time.
        """
        existing = self._outlet_row(outlet.id, fresh=True)
        if existing is None:
            claimed = self._claimed(outlet.domains)
            owner = next((claimed[d] for d in outlet.domains if d in claimed), None)
            existing = self._outlet_row(owner, fresh=True) if owner else None
        merged = existing.merged(outlet) if existing else outlet
        outcome = "added" if existing is None else ("unchanged" if merged == existing else "merged")
        if outcome != "unchanged":
            body = json.dumps(merged.to_dict(), ensure_ascii=False)
            zero = [0.0] * DUMMY_DIM
            self.client.upsert(self.outlet_table, [{"id": merged.id, "body": body, "vector": zero}])
            self._outlet_cache.pop(merged.id, None)
            claimed = self._claimed(merged.domains)
            free = [d for d in merged.domains if d not in claimed]
            if free:
                rows = [{"domain": d, "outlet": merged.id, "vector": zero} for d in free]
                self.client.upsert(self.domain_table, rows)
        return outcome

    def _claimed(self, domains: Iterable[str]) -> dict[str, str]:
        domains = list(domains)
        if not domains:
            return {}
        rows = self.client.get(
            self.domain_table, ids=domains, output_fields=["outlet"], **self.reads
        )
        return {row["domain"]: row["outlet"] for row in rows}

    def _outlet_row(self, outlet_id: str, *, fresh: bool = False) -> Outlet | None:
        now = time.monotonic()
        cached = self._outlet_cache.get(outlet_id)
        if cached is not None and cached[0] > now and not fresh:
            return cached[1]
        rows = self.client.get(
            self.outlet_table, ids=[outlet_id], output_fields=["body"], **self.reads
        )
        outlet = outlet_of(rows[0]["body"]) if rows else None
        if self.outlet_ttl > 0:
            if len(self._outlet_cache) > 10000:
                self._outlet_cache.clear()
            self._outlet_cache[outlet_id] = (now + self.outlet_ttl, outlet)
        return outlet

    def outlet(self, outlet_id: str) -> Outlet | None:
        """Find an outlet by id, or by domain when the id is a domain."""
        return self._outlet_row(outlet_id) or (
            self.outlet_for_domain(outlet_id) if "." in outlet_id else None
        )

    def outlet_for_domain(self, host: str) -> Outlet | None:
        """Find the outlet of a host, walking up to parent domains (news.bbc.co.uk -> bbc.co.uk)."""
        parts = normalize_domain(host).split(".")
        candidates = [".".join(parts[start:]) for start in range(len(parts) - 1)]
        claimed = self._claimed(candidates)
        # One round trip for every parent; the most specific domain wins, as in the SQLite walk.
        owner = next((claimed[d] for d in candidates if d in claimed), None)
        return self._outlet_row(owner) if owner else None

    def outlets(self) -> list[Outlet]:
        pages = self.client.query_iterator(
            self.outlet_table, batch_size=1000, filter='id != ""', output_fields=["body"]
        )
        found = []
        try:
            while rows := pages.next():
                found += [outlet_of(row["body"]) for row in rows]
        finally:
            pages.close()
        return found

    def outlet_count(self) -> int:
        return self._count(self.outlet_table)
