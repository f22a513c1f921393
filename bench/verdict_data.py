"""The 2B queries, their gold labels, and the cached data dirs the verdict benchmarks answer on."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import numpy as np

from index.ratings import rating_value, scale_label

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared" / "data"
TASK = SHARED / "checkthat" / "ct2021_2022_task2b_en"
VCLAIMS = TASK / "politifact_vclaims.jsonl"
CACHE = PROJECT / "data" / "bench"
SPLIT = "dev"


def queries(split: str = SPLIT) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Return {query id: sentence} and {query id: gold vclaim ids} for a 2B split."""
    with open(TASK / f"{split}.queries.tsv", newline="") as fh:
        texts = {row[0]: row[1] for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    gold: dict[str, list[str]] = {}
    with open(TASK / f"{split}.qrels.tsv") as fh:
        for line in fh:
            qid, _, vid, _ = line.split()
            gold.setdefault(qid, []).append(vid)
    return texts, gold


def gold_labels() -> dict[str, str | None]:
    """Each PolitiFact vclaim id -> our scale label (None for flip-o-meter ratings)."""
    labels = {}
    with open(VCLAIMS) as fh:
        for line in fh:
            data = json.loads(line)
            labels[data["vclaim_id"]] = scale_label(rating_value(data.get("truth_label")))
    return labels


class CachedEmbedder:
    """The real model, with vectors computed ahead of time (in parallel parts) looked up by text.

    Only the speed differs from the model itself: the importer and the store run as they do for
    `veracity import`.
    """

    def __init__(self, embedder, cache: dict[str, np.ndarray]):
        self.embedder, self.cache = embedder, cache
        self.name, self.dim = embedder.name, embedder.dim

    def encode(self, texts, *, batch_size=64):
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.embedder.encode(missing), strict=True))
        return np.stack([self.cache[t] for t in texts]).astype(np.float32)


def embed_part(part: int, parts: int) -> Path:
    """Embed every `parts`-th PolitiFact record text (from `part`) into data/bench/vectors/."""
    from bench.models import onnx_embedder
    from index.importers import FORMATS
    from service.config import DEFAULTS

    texts = sorted({r.embed_text for _, r in FORMATS["checkthat"](VCLAIMS) if hasattr(r, "kind")})
    mine = texts[part::parts]
    vectors = onnx_embedder(DEFAULTS["MODEL"]).encode(mine)
    target = CACHE / "vectors" / f"part{part}of{parts}.npz"
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez(target, texts=np.array(mine, dtype=object), vectors=vectors)
    return target


def _cache() -> dict[str, np.ndarray]:
    cache = {}
    for path in sorted((CACHE / "vectors").glob("part*.npz")):
        data = np.load(path, allow_pickle=True)
        cache.update(zip(data["texts"].tolist(), data["vectors"], strict=True))
    return cache


def _import(collection, keep) -> dict:
    """Import the PolitiFact vclaims for which keep(id) holds, through the product's importer."""
    from index.importing import import_file

    with tempfile.TemporaryDirectory() as tmp:
        # The importer takes a file: write the chosen part of the collection beside it.
        source = Path(tmp) / VCLAIMS.name
        with open(VCLAIMS) as fh, open(source, "w") as out:
            for line in fh:
                if keep(json.loads(line)["vclaim_id"]):
                    out.write(line)
        return import_file(collection, source, "checkthat", progress=True).as_dict()


def data_dirs(gold_ids: set[str], *, rebuild: bool = False) -> tuple[Path, Path]:
    """Build (once) the leave-out dir, then the full dir as a copy of it plus the gold ids.

    Both hold the bundled corpus too, as a served data dir would. Building the full dir on top
    of the leave-out one embeds each record once; the search is exact, so order does not matter.
    """
    import shutil

    from bench.models import onnx_embedder
    from index.collection import Collection
    from service.config import DEFAULTS
    from service.engine import bootstrap

    leaveout, full = CACHE / "leaveout", CACHE / "full"
    if rebuild:
        shutil.rmtree(leaveout, ignore_errors=True)
        shutil.rmtree(full, ignore_errors=True)
    embedder = None
    if not (leaveout / "built.json").exists():
        shutil.rmtree(leaveout, ignore_errors=True)
        leaveout.mkdir(parents=True)
        embedder = CachedEmbedder(onnx_embedder(DEFAULTS["MODEL"]), _cache())
        collection = Collection(leaveout, embedder)
        bootstrap(collection, Path(DEFAULTS["CORPUS_DIR"]))
        summary = _import(collection, lambda vid: vid not in gold_ids)
        collection.store.close()  # checkpoints the WAL, so the copy below is complete
        (leaveout / "built.json").write_text(json.dumps(summary, indent=1))
    if not (full / "built.json").exists():
        shutil.rmtree(full, ignore_errors=True)
        shutil.copytree(leaveout, full)
        (full / "built.json").unlink()
        embedder = embedder or CachedEmbedder(onnx_embedder(DEFAULTS["MODEL"]), _cache())
        collection = Collection(full, embedder)
        summary = _import(collection, lambda vid: vid in gold_ids)
        (full / "built.json").write_text(json.dumps(summary, indent=1))
    return full, leaveout


def engine_for(path: Path, embedder, **overrides):
    """The engine the API builds on this data dir (create_app), sharing one query-vector cache:
    the sweep asks each query once per threshold, and a query's vector does not change."""
    from service.app import create_app

    config = {"DATA_DIR": str(path), "CORPUS_DIR": str(path / "none"), "EMBEDDER": embedder}
    return create_app(config | overrides).extensions["veracity"]


def answers(
    engine, texts: dict[str, str], threshold: float, hints: dict[str, dict] | None = None
) -> dict[str, dict]:
    """Every query through Engine.check (the /v1/check code) at one match threshold; `hints`
    (id -> {"date", "context"}) sends what a client checking a transcript knows too."""
    engine.config["MATCH_THRESHOLD"] = threshold
    top_k = int(engine.config["CANDIDATES"])
    hints = hints or {}
    return {
        qid: engine.check(text, top_k=top_k, **hints.get(qid, {})) for qid, text in texts.items()
    }
