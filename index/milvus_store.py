"""The record store on Milvus: statements (with their vectors) and outlets, shared by replicas."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from pymilvus import DataType, MilvusClient

from index.milvus import (
    DUMMY_DIM,
    MilvusVectors,
    connect,
    ensure_collection,
    is_lite,
    literal,
    seq_of,
)
from index.milvus_outlets import MilvusOutlets
from index.records import STATEMENT_KINDS, Outlet, Statement
from index.store import statement_of

_HASH = re.compile(r"^[0-9a-f]{20}$")


def _keyed_schema(key: str, value: str):
    """A key-value collection; the 2-d zero vector only satisfies Milvus's one-vector rule."""
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field(key, DataType.VARCHAR, is_primary=True, max_length=300)
    schema.add_field(value, DataType.VARCHAR, max_length=65535)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=DUMMY_DIM)
    return schema


class MilvusStore(MilvusOutlets):
    """The Store interface the service uses, over three Milvus collections.

    `<prefix>_statements` holds each record's body beside its vector (see MilvusVectors), so a
    search result is enough to build the answer; `<prefix>_outlets` holds outlet profiles and
    `<prefix>_outlet_domains` maps each domain to the first outlet that claimed it, as the SQLite
    store does. Row ids are derived from content hashes, so every replica agrees on them.
    """

    def __init__(self, vectors: MilvusVectors, prefix: str, *, outlet_ttl: float = 30.0):
        self.vectors = vectors
        # Outlet profiles change only on import; caching them saves a round trip per cited
        # outlet per lookup. Another replica's outlet edit shows here within `outlet_ttl` s.
        self.outlet_ttl = outlet_ttl
        self._outlet_cache: dict[str, tuple[float, Outlet | None]] = {}
        self.client = vectors.client
        self.reads = vectors.reads
        self.statements = vectors.name
        # Collection names; `outlets()` is the Store method that lists the profiles.
        self.outlet_table = f"{prefix}_outlets"
        self.domain_table = f"{prefix}_outlet_domains"
        self.path = f"milvus collection {self.statements}"
        self.stamped = vectors.stamped  # rows carry when they were added (`added_since`)
        tables = ((self.outlet_table, "id", "body"), (self.domain_table, "domain", "outlet"))
        for name, key, value in tables:
            params = self.client.prepare_index_params()
            params.add_index(field_name="vector", index_type="FLAT", metric_type="L2")
            ensure_collection(self.client, name, _keyed_schema(key, value), params)

    def close(self) -> None:
        """Nothing per thread to close: the client is shared and thread-safe."""

    # statements -----------------------------------------------------------------

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.client.get(
                self.statements, ids=[seq_of(i) for i in chunk], output_fields=["id"], **self.reads
            )
            found.update(row["id"] for row in rows)
        return found & set(ids)

    def add_statements(
        self, records: list[Statement], vectors: np.ndarray, model: str
    ) -> list[tuple[int, Statement]]:
        """Write records with their vectors; return (seq, record) for each."""
        seqs = [seq_of(r.content_hash) for r in records]
        self.vectors.add(np.asarray(seqs, dtype=np.int64), vectors, records)
        return list(zip(seqs, records, strict=True))

    def existing_external_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these external ids (a review's or an article's URL) some record has."""
        ids = list(dict.fromkeys(i for i in ids if i))
        found: set[str] = set()
        for start in range(0, len(ids), 100):
            chunk = ", ".join(literal(i) for i in ids[start : start + 100])
            rows = self.client.query(
                self.statements,
                filter=f"external_id in [{chunk}]",
                output_fields=["external_id"],
                **self.reads,
            )
            found.update(row["external_id"] for row in rows)
        return found

    def revise(self, record: Statement) -> bool:
        """Give the stored record with this content hash and external id (the same review,
        revised) this body; False when absent or unchanged. Its vector stays."""
        stored = self.get(record.content_hash)
        if stored is None or stored.external_id != record.external_id:
            return False
        return self._rewrite(stored, record)

    def add_outlet_refs(self, record: Statement) -> bool:
        """Add to the stored record with this content hash the outlets of `record` it lacks.

        Not a transaction: two replicas adding outlets to one record at once keep the later
        write, as with upsert_outlet. Syncs hold a per-data-dir lock and run one at a time.
        """
        stored = self.get(record.content_hash)
        known = {o.id for o in stored.outlets} if stored else set()
        new = tuple(o for o in record.outlets if o.id not in known)
        if not (stored and new):
            return False
        return self._rewrite(stored, dataclasses.replace(stored, outlets=stored.outlets + new))

    def _rewrite(self, stored: Statement, record: Statement) -> bool:
        if record.to_json() == stored.to_json():
            return False
        seq = seq_of(record.content_hash)
        found, vectors = self.vectors_of([seq], self.vectors.dim)
        if not len(found):
            return False
        self.vectors.add(found, vectors, [record])
        # This replica's cache of hit bodies; another replica's shows the new body once the
        # old one is evicted.
        self.vectors.bodies.put(seq, record.to_json())
        return True

    def get(self, statement_id: str) -> Statement | None:
        if not _HASH.match(statement_id):
            return None
        rows = self.client.get(
            self.statements, ids=[seq_of(statement_id)], output_fields=["id", "body"], **self.reads
        )
        return statement_of(rows[0]["body"]) if rows and rows[0]["id"] == statement_id else None

    def iter_statements(self, batch: int = 2000) -> Iterator[tuple[int, Statement]]:
        """Every stored statement, paged through the cluster (in no guaranteed order)."""
        for row in self._scan('body != ""', ["seq", "body"], batch):
            yield int(row["seq"]), statement_of(row["body"])

    def added_since(self, stamp: int, batch: int = 5000) -> Iterator[tuple[int, int]]:
        """(row id, when added) of the records written at or after `stamp` (microseconds)."""
        for row in self._scan(f"added >= {int(stamp)}", ["seq", "added"], batch):
            yield int(row["seq"]), int(row["added"])

    def _scan(self, expression: str, fields: list[str], batch: int) -> Iterator[dict]:
        pages = self.client.query_iterator(
            self.statements, batch_size=batch, filter=expression, output_fields=fields
        )
        try:
            while rows := pages.next():
                yield from rows
        finally:
            pages.close()

    def _bodies(self, seqs: Iterable[int]) -> dict[int, str]:
        """Records' stored JSON: from the search's cache, the rest fetched in one call."""
        seqs = [int(s) for s in seqs]
        bodies = {seq: body for seq in seqs if (body := self.vectors.bodies.get(seq))}
        missing = [seq for seq in seqs if seq not in bodies]
        if missing:
            rows = self.client.get(
                self.statements, ids=missing, output_fields=["body"], **self.reads
            )
            for row in rows:
                if row["body"]:
                    bodies[int(row["seq"])] = row["body"]
                    # A dated lookup reads the candidates' dates, then the head's records:
                    # one fetch serves both.
                    self.vectors.bodies.put(int(row["seq"]), row["body"])
        return bodies

    def by_seq(self, seqs: Iterable[int]) -> dict[int, Statement]:
        return {seq: statement_of(body) for seq, body in self._bodies(seqs).items()}

    def vectors_of(self, seqs: Iterable[int], dim: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (row ids found, their vectors), as the SQLite store does."""
        seqs = [int(s) for s in seqs]
        rows = self.client.get(self.statements, ids=seqs, output_fields=["vector"], **self.reads)
        found = np.fromiter((int(row["seq"]) for row in rows), dtype=np.int64, count=len(rows))
        vectors = np.asarray([row["vector"] for row in rows], dtype=np.float32)
        return found, vectors.reshape(len(rows), dim)

    def dates_of(self, seqs: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
        # Only the dates are wanted: read them from the JSON rather than validate records.
        dates = {}
        for seq, body in self._bodies(seqs).items():
            data = json.loads(body)
            checked = (data.get("extra") or {}).get("review_date")
            checked = checked or (data.get("rating") or {}).get("date")
            if data.get("date") or checked:
                dates[seq] = (data.get("date"), checked)
        return dates

    def _count(self, name: str, expression: str = "") -> int:
        rows = self.client.query(name, filter=expression, output_fields=["count(*)"], **self.reads)
        return int(rows[0]["count(*)"])

    def count(self) -> int:
        return self._count(self.statements, 'body != ""')

    def counts_by_kind(self) -> dict[str, int]:
        counts = {k: self._count(self.statements, f"kind == {literal(k)}") for k in STATEMENT_KINDS}
        return {kind: n for kind, n in counts.items() if n}

    def max_seq(self) -> int:
        # Vectors are written with their records: the index never lags behind this store.
        return 0

    def models(self) -> set[str]:
        return {self.vectors.model} if self.vectors.count else set()


def open_milvus(config: dict, embedder) -> tuple[MilvusStore, MilvusVectors]:
    """Connect to VERACITY_MILVUS_URI (default: a Milvus Lite file in the data directory)."""
    uri = config.get("MILVUS_URI") or str(Path(config["DATA_DIR"]) / "milvus.db")
    prefix = config.get("MILVUS_COLLECTION") or "veracity"
    client = connect(uri, config.get("MILVUS_TOKEN") or "")
    vectors = MilvusVectors(
        client,
        f"{prefix}_statements",
        embedder.name,
        embedder.dim,
        index_type=config.get("MILVUS_INDEX") or "FLAT",
        flush_writes=is_lite(uri),
        consistency=config.get("MILVUS_CONSISTENCY") or "Session",
    )
    ttl = float(config.get("MILVUS_OUTLET_TTL", 30.0))
    return MilvusStore(vectors, prefix, outlet_ttl=ttl), vectors
