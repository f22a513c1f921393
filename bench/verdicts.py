"""Verdict benchmark: accuracy with the gold fact-check indexed, confident wrongs when left out.

Queries are CheckThat! 2B dev debate sentences; their gold fact-checks are PolitiFact's, which
carry truth labels. Two data dirs are built with the product's importer and cached under
data/bench/: `full` (all 19,250 fact-checks) and `leaveout` (the same minus every dev gold id).
Each query goes through Engine.check, the code behind /v1/check, once per data dir; the sweep
then re-decides the verdict for other thresholds from the same answers' evidence scores.

    python -m bench.verdicts            # writes the "verdicts" section of docs/benchmarks.md
    python -m bench.verdicts --limit 30 # a quick look while developing
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from pathlib import Path

import numpy as np

from bench.report import table, write_section
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
    from index.embed import load_embedder
    from index.importers import FORMATS
    from service.config import DEFAULTS

    texts = sorted({r.embed_text for _, r in FORMATS["checkthat"](VCLAIMS) if hasattr(r, "kind")})
    mine = texts[part::parts]
    vectors = load_embedder(DEFAULTS["MODEL"]).encode(mine)
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

    from index.collection import Collection
    from index.embed import load_embedder
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
        embedder = CachedEmbedder(load_embedder(DEFAULTS["MODEL"]), _cache())
        collection = Collection(leaveout, embedder)
        bootstrap(collection, Path(DEFAULTS["CORPUS_DIR"]))
        summary = _import(collection, lambda vid: vid not in gold_ids)
        collection.store.close()  # checkpoints the WAL, so the copy below is complete
        (leaveout / "built.json").write_text(json.dumps(summary, indent=1))
    if not (full / "built.json").exists():
        shutil.rmtree(full, ignore_errors=True)
        shutil.copytree(leaveout, full)
        (full / "built.json").unlink()
        embedder = embedder or CachedEmbedder(load_embedder(DEFAULTS["MODEL"]), _cache())
        collection = Collection(full, embedder)
        summary = _import(collection, lambda vid: vid in gold_ids)
        (full / "built.json").write_text(json.dumps(summary, indent=1))
    return full, leaveout


def engine_for(path: Path, embedder):
    """The engine the API builds on this data dir (create_app), sharing one query-vector cache:
    the sweep asks each query once per threshold, and a query's vector does not change."""
    from service.app import create_app

    config = {"DATA_DIR": str(path), "CORPUS_DIR": str(path / "none"), "EMBEDDER": embedder}
    return create_app(config).extensions["veracity"]


THRESHOLDS = (0.5, 0.55, 0.58, 0.6, 0.62, 0.65, 0.68, 0.7, 0.75)
CUTOFFS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)


def answers(engine, texts: dict[str, str], threshold: float) -> dict[str, dict]:
    """Every query through Engine.check (the /v1/check code) at one match threshold."""
    engine.config["MATCH_THRESHOLD"] = threshold
    top_k = int(engine.config["CANDIDATES"])
    return {qid: engine.check(text, top_k=top_k) for qid, text in texts.items()}


def outcomes(runs: dict[str, dict], gold: dict[str, list[str]], labels, cutoff: float) -> dict:
    """Count what a set of answers did against the gold labels, a verdict at `cutoff` or above
    being a confident one."""
    n = len(runs)
    rated = confident = right = confident_right = 0
    for qid, answer in runs.items():
        verdict = answer["verdict"]
        if verdict["label"] == "unverified":
            continue
        ok = verdict["label"] in {labels[v] for v in gold[qid]}
        sure = verdict["confidence"] >= cutoff
        rated += 1
        right += ok
        confident += sure
        confident_right += ok and sure
    return {
        "queries": n,
        "rated": rated / n,
        "correct": right / n,
        "confident": confident / n,
        "confident_correct": confident_right / n,
        "confident_wrong": (confident - confident_right) / n,
        "precision": confident_right / confident if confident else 1.0,
    }


def top_is_gold(runs: dict[str, dict], gold: dict[str, list[str]]) -> set[str]:
    """Queries whose best-scoring evidence is one of their gold fact-checks."""
    found = set()
    for qid, answer in runs.items():
        best = max(answer["evidence"], key=lambda e: e["score"], default=None)
        if best and best.get("external_id") in gold[qid]:
            found.add(qid)
    return found


def features(answer: dict) -> dict:
    """What the calibration sees of an answer: top score, margin to a rival, top stance."""
    ranked = sorted(answer["evidence"], key=lambda e: -e["score"])
    best = ranked[0]
    value = (best.get("rating") or {}).get("value")
    rival = next(
        (
            e["score"]
            for e in ranked[1:]
            if not (
                value is not None
                and (e.get("rating") or {}).get("value") is not None
                and abs(e["rating"]["value"] - value) <= 1
            )
        ),
        0.0,
    )
    return {
        "score": best["score"],
        "margin": best["score"] - rival,
        "stance": best["stance"],
        "label": scale_label(value),
        "kind": best["kind"],
        "external_id": best.get("external_id"),
    }


def fit(rows: list[dict]) -> dict:
    """Fit the logistic calibration: is the top fact-check's rating the gold one?"""
    from sklearn.linear_model import LogisticRegression

    x = [[r["score"], r["margin"], r["stance"] == "supports"] for r in rows]
    y = [r["right"] for r in rows]
    model = LogisticRegression(C=10.0).fit(np.array(x, dtype=float), y)
    w = model.coef_[0]
    return {
        "bias": round(float(model.intercept_[0]), 2),
        "score": round(float(w[0]), 2),
        "margin": round(float(w[1]), 2),
        "supports": round(float(w[2]), 2),
    }


def calibration_rows(runs: dict[str, dict], gold, labels) -> list[dict]:
    """Features and outcome of each answer, and of the same answer with its gold removed.

    The vector search is exact, so an index without the gold ranks the rest exactly as the
    full one does: dropping the gold from the candidates is the leave-out answer's evidence.
    """
    rows = []
    for qid, answer in runs.items():
        golds = set(gold[qid])
        kept = [e for e in answer["evidence"] if e.get("external_id") not in golds]
        for condition, evidence in (("full", answer["evidence"]), ("leaveout", kept)):
            f = features({"evidence": evidence})
            if f["kind"] == "fact_check" and f["label"]:
                right = f["label"] in {labels[v] for v in golds}
                rows.append({**f, "qid": qid, "condition": condition, "right": right})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N dev queries")
    parser.add_argument("--rebuild", action="store_true", help="re-import the cached data dirs")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--embed-part", help="I/N: embed part I of N of the records, then stop")
    parser.add_argument("--fit", action="store_true", help="print a calibration fitted on train")
    args = parser.parse_args(argv)
    import torch

    # One intra-op thread: the machine is shared, and oversubscribed torch threads crawl.
    torch.set_num_threads(1)
    if args.embed_part:
        print(embed_part(*map(int, args.embed_part.split("/"))))
        return
    texts, gold = queries()
    left = {vid for ids in gold.values() for vid in ids}
    full, leaveout = data_dirs(left, rebuild=args.rebuild)
    if args.build_only:
        print(full, leaveout)
        return
    if args.limit:
        texts = dict(list(texts.items())[: args.limit])
    labels = gold_labels()
    from index.embed import load_embedder
    from service import verdict
    from service.config import DEFAULTS

    embedder = CachedEmbedder(load_embedder(DEFAULTS["MODEL"]), {})
    engines = {"full": engine_for(full, embedder), "leaveout": engine_for(leaveout, embedder)}
    chosen = float(engines["full"].config["MATCH_THRESHOLD"])
    if args.fit:
        # Fitted on the train queries, so the dev figures below are out of sample.
        train, train_gold = queries("train")
        rows = calibration_rows(answers(engines["full"], train, 0.0), train_gold, labels)
        print(json.dumps(fit(rows)), len(rows), sum(r["right"] for r in rows))
        (CACHE / "calibration_rows.json").write_text(json.dumps(rows))
        return
    runs = {
        (name, t): answers(engine, texts, t)
        for name, engine in engines.items()
        for t in sorted({*THRESHOLDS, chosen})
    }
    found = top_is_gold(runs[("full", chosen)], gold)
    sweep = []
    for t in sorted({*THRESHOLDS, chosen}):
        for cutoff in CUTOFFS:
            a = outcomes(runs[("full", t)], gold, labels, cutoff)
            b = outcomes(runs[("leaveout", t)], gold, labels, cutoff)
            top = outcomes({q: runs[("full", t)][q] for q in found}, gold, labels, cutoff)
            sweep.append((t, cutoff, a, b, top))
    report(sweep, chosen, verdict.CONFIDENT, len(texts), len(found))


def report(sweep, chosen: float, confident: float, n: int, found: int) -> None:
    """Print the curve and write it, with the operating point, into docs/benchmarks.md."""
    headers = [
        "threshold",
        "confident at",
        "(a) matched accuracy",
        "(a) rated",
        "(a) precision",
        "(a') accuracy, gold ranked 1st",
        "(b) leave-out confident wrong",
        "(b) leave-out confident rated",
    ]
    rows = [
        [
            t,
            c,
            a["confident_correct"],
            a["confident"],
            a["precision"],
            top["confident_correct"],
            b["confident_wrong"],
            b["confident"],
        ]
        for t, c, a, b, top in sweep
        if c in (0.0, confident) or t == chosen
    ]
    point = next(r for r in rows if r[0] == chosen and r[1] == confident)
    print(table(headers, rows))
    write_section(
        "verdicts",
        "## Verdicts: accuracy when the fact-check is indexed, abstention when it is not\n\n"
        f"`make bench-verdicts` (`python -m bench.verdicts`). {n} CheckThat! 2B dev debate "
        f"sentences; gold = their PolitiFact fact-checks (140 qrels), truth labels mapped onto "
        "our scale (index/ratings.py). Index: the bundled corpus plus the 19,250 PolitiFact "
        "fact-checks, imported with `checkthat`; leave-out: the same minus every dev gold id. "
        "Every query goes through Engine.check, the code behind /v1/check.\n\n"
        "- (a) matched accuracy: share of queries whose verdict is confident (confidence >= the "
        "cutoff) and equal to a gold fact-check's label; abstentions and tentative verdicts "
        "count as wrong. (a) precision: correct share of the confident verdicts.\n"
        f"- (a') the same on the {found} queries whose gold is ranked first by retrieval: "
        "what the verdict logic does when retrieval has done its part.\n"
        "- (b) leave-out confident wrong: share of queries with a confident verdict whose label "
        "is not the gold label; 'confident rated' counts every confident rating (strict: none is "
        "warranted, since the fact-check of this claim is gone).\n\n"
        f"**Operating point: MATCH_THRESHOLD = {chosen}, confident at {confident}: (a) "
        f"{point[2]:.3f}, (a') {point[5]:.3f}, (b) {point[6]:.3f}.**\n\n" + table(headers, rows),
    )


if __name__ == "__main__":
    main()
