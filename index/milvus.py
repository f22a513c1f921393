"""Milvus as the shared vector index: statements' vectors with their bodies, for many replicas."""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
from pymilvus import DataType, MilvusClient
from pymilvus.exceptions import MilvusException

from index.vectors import IndexMismatch

# Milvus caps a VARCHAR at 65,535 bytes; a record body (text, title, extra) must fit in it.
BODY_LIMIT = 65535
# Rows per insert call: well under the 64 MB gRPC message cap even with full bodies.
CHUNK = 256
# Outlet and domain collections hold no searchable vector, but Milvus requires one per collection.
DUMMY_DIM = 2
MODEL_KEY = "veracity.model"


def seq_of(content_hash: str) -> int:
    """The row id of a record: 60 bits of its content hash, the same on every replica."""
    return int(content_hash[:15], 16)


def literal(value: str) -> str:
    """A string literal for a Milvus filter expression (this Milvus Lite has no filter_params)."""
    return json.dumps(value, ensure_ascii=False)


def is_lite(uri: str) -> bool:
    return "://" not in uri


def connect(uri: str, token: str = "") -> MilvusClient:
    """Open a client: a local `*.db` path runs Milvus Lite in-process, a URL reaches a server."""
    if is_lite(uri):
        if not uri.endswith(".db"):
            raise ValueError(
                f"VERACITY_MILVUS_URI={uri!r} is neither a URL nor a Milvus Lite path ending in .db"
            )
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
    return MilvusClient(uri=uri, token=token) if token else MilvusClient(uri=uri)


def ensure_collection(client: MilvusClient, name: str, schema, index_params) -> bool:
    """Create the collection unless it exists (another replica may race us); load it.

    Returns whether this call created it.
    """
    created = False
    if not client.has_collection(name):
        try:
            client.create_collection(name, schema=schema, consistency_level="Strong")
            # The index of an empty collection is ready at once; pymilvus's wait for it polls
            # every 0.5 s, which would add seconds to every fresh start and test.
            client.create_index(name, index_params, sync=False)
            created = True
        except MilvusException:
            if not client.has_collection(name):
                raise
    client.load_collection(name)
    return created


def statements_schema(dim: int):
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("seq", DataType.INT64, is_primary=True)
    schema.add_field("id", DataType.VARCHAR, max_length=32)
    schema.add_field("external_id", DataType.VARCHAR, max_length=300)
    schema.add_field("kind", DataType.VARCHAR, max_length=32)
    schema.add_field("source", DataType.VARCHAR, max_length=100)
    schema.add_field("body", DataType.VARCHAR, max_length=BODY_LIMIT)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    # When a replica wrote the row (microseconds, its clock): the others poll for what is new.
    schema.add_field("added", DataType.INT64)
    return schema


def now_us() -> int:
    return time.time_ns() // 1000


class BodyCache:
    """The bodies of recent hits by row id, bounded.

    Safe to keep: a row id is a content hash and re-adding a record is a duplicate, so a body
    changes only when a sync revises a review or adds an outlet to a quote
    (MilvusStore._rewrite puts the new body here; another replica's copy ages out).
    """

    def __init__(self, size: int = 4096):
        self.size = size
        self._items: OrderedDict[int, str] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, seq: int, body: str) -> None:
        with self._lock:
            self._items[seq] = body
            self._items.move_to_end(seq)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, seq: int) -> str | None:
        with self._lock:
            return self._items.get(seq)


class MilvusVectors:
    """Inner-product search in a Milvus collection whose rows also carry the record bodies.

    The interface matches the faiss VectorIndex. Milvus persists what it is given, so there is
    no file to save and nothing to catch up from a local store: `last_id` is always 0.
    """

    def __init__(
        self,
        client: MilvusClient,
        name: str,
        model: str,
        dim: int,
        *,
        index_type: str = "FLAT",
        flush_writes: bool = False,
        consistency: str = "Session",
    ):
        self.client, self.name, self.model, self.dim = client, name, model, dim
        # Strong waits out the server's time tick (~200 ms a read on a 2.3 standalone);
        # Session reads this client's own writes at once and other replicas' a tick later.
        self.reads = {"consistency_level": consistency}
        # Milvus Lite seals its write buffer only at 128 MB, and scans it slowly; a server
        # seals segments itself and is slowed by frequent flushes. So: flush each write on Lite.
        self.flush_writes = flush_writes
        self.bodies = BodyCache()
        index_params = client.prepare_index_params()
        # FLAT is exact, as faiss IndexFlatIP; a cluster may choose HNSW or AUTOINDEX.
        index_params.add_index(field_name="vector", index_type=index_type, metric_type="IP")
        if ensure_collection(client, name, statements_schema(dim), index_params):
            client.alter_collection_properties(name, properties={MODEL_KEY: model})
        self._check_model()
        fields = {f["name"] for f in client.describe_collection(name)["fields"]}
        # Collections made before the stamp have none: other replicas' adds then reach a
        # replica's BM25 only when it restarts (docs/scaling.md).
        self.stamped = "added" in fields

    def _check_model(self) -> None:
        info = self.client.describe_collection(self.name)
        model = (info.get("properties") or {}).get(MODEL_KEY, self.model)
        dims = [f["params"].get("dim") for f in info["fields"] if f["name"] == "vector"]
        dim = int(dims[0]) if dims else self.dim
        if model != self.model or dim != self.dim:
            raise IndexMismatch(
                f"the Milvus collection {self.name!r} holds vectors of model {model!r} ({dim}-d) "
                f"but the configured model is {self.model!r} ({self.dim}-d); use another "
                f"VERACITY_MILVUS_COLLECTION or point VERACITY_MODEL back at {model!r}"
            )

    @property
    def count(self) -> int:
        rows = self.client.query(self.name, filter="", output_fields=["count(*)"], **self.reads)
        return int(rows[0]["count(*)"])

    @property
    def last_id(self) -> int:
        return 0

    def add(self, ids: np.ndarray, vectors: np.ndarray, records: list | None = None) -> None:
        """Upsert vectors by row id; with `records` (Statements), their bodies go alongside.

        Upsert, not insert: Milvus does not enforce unique keys, and two replicas adding the
        same record must leave one row.
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        if len(ids) != len(vectors) or (records is not None and len(records) != len(ids)):
            raise ValueError("one id per vector (and per record)")
        stamp = {"added": now_us()} if self.stamped else {}
        rows = [
            {
                "seq": int(seq),
                **_fields(records[n] if records is not None else None),
                "vector": vectors[n].tolist(),
                **stamp,
            }
            for n, seq in enumerate(ids)
        ]
        for start in range(0, len(rows), CHUNK):
            self.client.upsert(self.name, rows[start : start + CHUNK])
        if self.flush_writes:
            self.client.flush(self.name)

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Return (scores, row ids) for each query vector; -1 pads missing results.

        The hits' bodies come back in the same call and are kept in `bodies`, so building
        the answer needs no second round trip (MilvusStore.by_seq reads them from there).
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        scores = np.full((len(vectors), k), -np.inf, dtype=np.float32)
        ids = np.full((len(vectors), k), -1, dtype=np.int64)
        results = self.client.search(
            self.name,
            data=vectors.tolist(),
            limit=k,
            output_fields=["seq", "body"],  # a 2.3 server names the key "id", not "seq"
            search_params={"metric_type": "IP"},
            **self.reads,
        )
        for row, hits in enumerate(results):
            for col, hit in enumerate(hits):
                scores[row, col] = hit["distance"]
                ids[row, col] = hit["seq"]
                self.bodies.put(int(hit["seq"]), hit["entity"]["body"])
        return scores, ids

    def save(self, directory: Path | None = None) -> dict:
        """Seal what was inserted (Milvus persists on insert); return what a manifest would say.

        Sealed segments are searched through their index; rows still in the write buffer are
        scanned one by one, which in Milvus Lite costs ~0.15 ms per row per search.
        """
        self.client.flush(self.name)
        return {
            "backend": "milvus",
            "collection": self.name,
            "model": self.model,
            "dim": self.dim,
            "count": self.count,
        }


def _fields(record) -> dict:
    if record is None:
        return {"id": "", "external_id": "", "kind": "", "source": "", "body": ""}
    body = record.to_json()
    if len(body.encode()) > BODY_LIMIT:
        from index.records import RecordError

        raise RecordError(
            f"record {record.content_hash} is {len(body.encode())} bytes as JSON; the Milvus "
            f"backend stores at most {BODY_LIMIT} (shorten its extra fields)"
        )
    return {
        "id": record.content_hash,
        "external_id": record.external_id or "",
        "kind": record.kind,
        "source": record.source or "",
        "body": body,
    }
