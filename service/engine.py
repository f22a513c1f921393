"""The per-app engine: the loaded collection and the lookup it serves."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from pathlib import Path

from index import integrity
from index.collection import Collection
from index.embed import Embedder, load_embedder
from index.importing import import_file
from index.records import Outlet, RecordError, Statement
from service.config import flag
from service.judgement import cross, lookup
from service.judgement.rerank import load_reranker
from service.judgement.retrieval import Retriever

log = logging.getLogger(__name__)


def bootstrap(collection: Collection, corpus_dir: Path) -> int:
    """Import the bundled corpus into an empty collection; return how many records it added."""
    if collection.store.count() or not corpus_dir.is_dir():
        return 0
    added = 0
    # Outlets first, so statements' outlet ids resolve from the first lookup.
    for path in sorted(corpus_dir.glob("*.jsonl"), key=lambda p: p.name != "outlets.jsonl"):
        summary = import_file(collection, path, "jsonl")
        if summary.rejected:
            raise RecordError(f"bundled corpus {path} has bad lines: {summary.rejected}")
        added += summary.added
    log.info("built the index from the bundled corpus in %s: %d statements", corpus_dir, added)
    return added


def onnx_dir(config: dict) -> Path:
    """The ONNX export of the configured model: ONNX_DIR, else DATA_DIR/models/<name>-onnx."""
    from index.models import resolve_model
    from index.onnx_embed import export_dir

    if config.get("ONNX_DIR"):
        return Path(config["ONNX_DIR"])
    name, _ = resolve_model(config["MODEL"])
    return export_dir(Path(config["DATA_DIR"]), name)


def configured_embedder(config: dict) -> Embedder:
    """Load the embedder the settings name (EMBEDDER, ONNX_DIR, ONNX_INT8, TORCH_THREADS)."""
    runtime = config.get("EMBEDDER") or "auto"
    return load_embedder(
        config["MODEL"],
        runtime=runtime if isinstance(runtime, str) else "auto",
        onnx_dir=onnx_dir(config),
        threads=int(config["TORCH_THREADS"]),
        int8=flag(config.get("ONNX_INT8", False)),
    )


def _is_embedder(value) -> bool:
    # Tests (and embedding programs) pass an embedder object in the EMBEDDER setting.
    return value is not None and not isinstance(value, str)


class Engine:
    """What a request needs: the collection, settings, and the lookup over them."""

    def __init__(self, config: dict, embedder: Embedder | None = None):
        self.config = config
        self.embedder = embedder if _is_embedder(embedder) else configured_embedder(config)
        data_dir = Path(config["DATA_DIR"])
        # Workers open one at a time: on a fresh deployment they all find the directory
        # empty, and two filling it at once corrupted the index. The first fills it; the
        # others then open what it saved. (A Milvus replica keeps no local files at all.)
        local = (config.get("VECTOR_BACKEND") or "faiss") == "faiss"
        with integrity.exclusive(data_dir, integrity.FILL_LOCK_FILE) if local else nullcontext():
            self.collection = integrity.open_collection(data_dir, self.embedder, config)
            bootstrap(self.collection, Path(config["CORPUS_DIR"]))
        reranker = load_reranker(
            config.get("RERANKER"),
            cosine_weight=float(config["RERANK_COSINE_WEIGHT"]),
            threads=int(config["TORCH_THREADS"]),
        )
        self.retriever = Retriever(self.collection, config, reranker)
        if flag(config["JUDGE"]) and config["JUDGE_MODEL"] != "head":
            # Refuse to start without the artifact, rather than fail every lookup later.
            cross.load(config["CROSS_MODEL"] or None)

    def warm_up(self) -> None:
        """Make a served worker ready before its first request: BM25 (in the background for a
        large store) and the model's session. Left to the first lookup, a worker at 10k
        records answered it ~2 s late."""
        self.retriever.catch_up()
        self.embedder.encode(["warm up"])

    def check(
        self,
        text: str,
        *,
        url: str | None = None,
        top_k: int = 5,
        date: str | None = None,
        context: dict | None = None,
    ) -> dict:
        return lookup.check(self, text, url=url, top_k=top_k, date=date, context=context)

    def check_many(self, texts: list[str], **options) -> list[dict]:
        """Check each text as `check` does, all embedded in one batched encode."""
        return lookup.check_many(self, texts, **options)

    def add_records(self, items: list[dict]) -> dict:
        """Validate and store statements or outlets live; RecordError names the first bad one."""
        statements, outlets = [], []
        for number, item in enumerate(items, 1):
            try:
                if isinstance(item, dict) and item.get("kind") == "outlet":
                    outlets.append(Outlet.from_dict(item))
                else:
                    statements.append(Statement.from_dict(item))
            except RecordError as exc:
                raise RecordError(f"record {number}: {exc}") from exc
        counts = self.collection.add_outlets(outlets)
        result = self.collection.add(statements)
        self.retriever.index_added(result.rows)
        return {
            "added": result.added,
            "duplicates": result.duplicates,
            "ids": result.ids,
            "outlets_added": counts["added"],
            "outlets_merged": counts["merged"],
        }
