"""Verdict benchmark: accuracy with the gold fact-check indexed, confident wrongs when left out.

Queries are CheckThat! 2B dev debate sentences; their gold fact-checks are PolitiFact's, which
carry truth labels. Two data dirs are built with the product's importer and cached under
data/bench/: `full` (all 19,250 fact-checks) and `leaveout` (the same minus every dev gold id).
Each query goes through Engine.check, the code behind /v1/check, once per data dir; the sweep
then re-decides the verdict for other thresholds from the same answers' evidence scores.

    python -m bench.verdicts --build-only  # the two data dirs (embeds 19k records: minutes)
    python -m bench.verdicts --fit      # CALIBRATION fitted on 2B train, and the train curve
                                        # (needs the fold students: service/training/folds.py)
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


THRESHOLDS = (0.5, 0.55, 0.58, 0.6, 0.62, 0.65, 0.68, 0.7, 0.75)
CUTOFFS = (0.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


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


def transcript_hints(texts: dict[str, str]) -> dict[str, dict]:
    """Each 2B line's day and the split's lines near it, as bench-quality's `context` rows send."""
    from service.training.splits import debate_contexts, debate_day

    contexts = debate_contexts(texts)
    hints = {}
    for qid in texts:
        hints[qid] = {"date": debate_day(qid)}
        if qid in contexts:
            before, after = contexts[qid]
            hints[qid]["context"] = {"before": before, "after": after}
    return hints


def outcomes(runs: dict[str, dict], gold: dict[str, list[str]], labels, cutoff: float) -> dict:
    """Count what a set of answers did against the gold labels, a verdict at `cutoff` or above
    being a confident one (an answer); every other verdict is an abstention."""
    n = len(runs)
    rated = confident = right = 0
    for qid, answer in runs.items():
        verdict = answer["verdict"]
        if verdict["label"] == "unverified":
            continue
        rated += 1
        if verdict["confidence"] >= cutoff:
            confident += 1
            right += verdict["label"] in {labels[v] for v in gold[qid]}
    return {
        "queries": n,
        "rated": rated,
        "confident": confident,
        "right": right,
        # (a): correct share of the confident verdicts; (a'): of all queries.
        "precision": right / confident if confident else 1.0,
        "accuracy": right / n if n else 0.0,
        # (b), under leave-out: queries with a confident verdict other than the gold label.
        "confident_wrong": (confident - right) / n if n else 0.0,
        "confident_share": confident / n if n else 0.0,
    }


def top_is_gold(runs: dict[str, dict], gold: dict[str, list[str]]) -> set[str]:
    """Queries whose first-ranked evidence (retrieval's order) is one of their gold fact-checks."""
    return {
        qid
        for qid, answer in runs.items()
        if answer["evidence"] and answer["evidence"][0].get("external_id") in gold[qid]
    }


def _value(item: dict) -> int | None:
    return (item.get("rating") or {}).get("value")


def signals(evidence: list[dict]) -> dict | None:
    """The calibration signals of the candidate a verdict borrows from, as
    service.judgement.verdict computes them.

    An answer's evidence at top_k = CANDIDATES is the verdict's hits, in the same order. With
    the judge, that is the first fact-check it judged the same claim (None when the first
    fact-check it decided on is of the opposite claim); without it, the first candidate (None
    when the stance rules find it refutes the claim). None too when the candidate is not a
    fact-check, has no truth rating, or rests on a disputed judgement (never confident).
    """
    from service.judgement import verdict

    if not evidence:
        return None
    best = evidence[0]
    judged = [
        e
        for e in evidence
        if e["kind"] == "fact_check" and e.get("relation") in ("same", "opposite")
    ]
    if any(e.get("relation") for e in evidence):
        if not judged or judged[0]["relation"] != "same" or evidence[0]["kind"] != "fact_check":
            return None
        if judged[0].get("relation_disputed"):
            return None  # never confident (verdict.DISPUTED): not what the calibration weighs
        best = judged[0]
        same = best["relation_confidence"]
    else:
        if best["stance"] == "refutes":
            return None
        same = float(best["stance"] == "supports")
    value = _value(best)
    if best["kind"] != "fact_check" or value is None:
        return None
    others = [(e["score"], _value(e)) for e in evidence if e is not best]
    return verdict.match_signals(best["score"], value, same, others)


def fit(rows: list[dict]) -> dict:
    """Fit the logistic calibration: is the first fact-check's rating the gold one?"""
    from sklearn.linear_model import LogisticRegression

    names = list(rows[0]["signals"])
    x = [[r["signals"][name] for name in names] for r in rows]
    y = [r["right"] for r in rows]
    model = LogisticRegression(C=10.0).fit(np.array(x, dtype=float), y)
    constants = {"bias": round(float(model.intercept_[0]), 2)}
    constants.update(
        {name: round(float(w), 2) for name, w in zip(names, model.coef_[0], strict=True)}
    )
    return constants


def fold_rows(path: Path, embedder, labels) -> list[dict]:
    """Calibration rows of the 2B train queries, each fold answered with the cross-encoder
    that never saw its lines: the packaged one learned every train line's own pair, so its
    *same* on them is surer than on lines it never saw, dev's or a reader's."""
    from service.judgement import cross
    from service.training import folds

    texts, gold = queries("train")
    rows = []
    for fold, ids in folds.folds().items():
        model = folds.blind_to(fold)
        if not (model / cross.MODEL_FILE).exists():
            raise SystemExit(f"{model} is missing: python -m service.training.folds trains it")
        engine = engine_for(path, embedder, CROSS_MODEL=str(model))
        rows += calibration_rows(answers(engine, {q: texts[q] for q in ids}, 0.0), gold, labels)
    return rows


def calibration_rows(runs: dict[str, dict], gold, labels) -> list[dict]:
    """Signals and outcome of each answer, and of the same answer with its gold removed.

    The vector search is exact, so an index without the gold ranks the rest (nearly: BM25's
    statistics and the fused ranks shift by one) as the full one does: dropping the gold from
    the candidates is the leave-out answer's evidence.
    """
    rows = []
    for qid, answer in runs.items():
        golds = set(gold[qid])
        kept = [e for e in answer["evidence"] if e.get("external_id") not in golds]
        for condition, evidence in (("full", answer["evidence"]), ("leaveout", kept)):
            found = signals(evidence)
            if found is not None:
                right = scale_label(_value(evidence[0])) in {labels[v] for v in golds}
                rows.append({"signals": found, "qid": qid, "condition": condition, "right": right})
    return rows


# What the operating point must achieve (issue #3): precision of the confident verdicts with
# the gold indexed, and the share of queries with a confident wrong verdict under leave-out.
TARGET_PRECISION, TARGET_LEAVEOUT_WRONG = 0.90, 0.10


def train_outcome(rows: list[dict], constants: dict, n: int, t: float, c: float) -> tuple:
    """(coverage, precision, leave-out confident wrong) of the fit rows at threshold t, cutoff c."""
    from service.judgement import verdict

    sure = [
        r
        for r in rows
        if r["signals"]["score"] >= t and verdict.confidence(r["signals"], constants) >= c
    ]
    full = [r for r in sure if r["condition"] == "full"]
    wrong = sum(not r["right"] for r in sure if r["condition"] == "leaveout") / n
    return len(full), sum(r["right"] for r in full) / len(full) if full else 1.0, wrong


def operating_points(rows: list[dict], constants: dict, n: int) -> list[tuple]:
    """Per threshold, the lowest cutoff at which the fit rows meet both targets (the most
    confident verdicts that do): (threshold, cutoff, coverage, precision, leave-out wrong)."""
    points = []
    for t in THRESHOLDS:
        for c in np.round(np.arange(0.30, 0.96, 0.01), 2):
            coverage, precision, wrong = train_outcome(rows, constants, n, t, float(c))
            if precision >= TARGET_PRECISION and wrong <= TARGET_LEAVEOUT_WRONG:
                points.append((t, float(c), coverage, precision, wrong))
                break
    return points


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
    from bench.models import onnx_embedder
    from service.config import DEFAULTS
    from service.judgement import verdict

    embedder = CachedEmbedder(onnx_embedder(DEFAULTS["MODEL"]), {})
    engines = {"full": engine_for(full, embedder), "leaveout": engine_for(leaveout, embedder)}
    chosen = float(engines["full"].config["MATCH_THRESHOLD"])
    if args.fit:
        # Fitted on the train queries, so the dev figures below are out of sample.
        train, _ = queries("train")
        rows = fold_rows(full, embedder, labels)
        constants = fit(rows)
        print("CALIBRATION =", json.dumps(constants), f"({len(rows)} rows,", end=" ")
        print(f"{sum(r['right'] for r in rows)} right, {len(train)} train queries)")
        print("train: threshold, lowest cutoff meeting both targets, coverage, precision, (b)")
        for point in operating_points(rows, constants, len(train)):
            print("  ", point)
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
        for cutoff in sorted({*CUTOFFS, verdict.CONFIDENT}):
            a = outcomes(runs[("full", t)], gold, labels, cutoff)
            b = outcomes(runs[("leaveout", t)], gold, labels, cutoff)
            top = outcomes({q: runs[("full", t)][q] for q in found}, gold, labels, cutoff)
            sweep.append((t, cutoff, a, b, top))
    hints = transcript_hints(texts)
    hinted = [
        outcomes(answers(engines[name], texts, chosen, hints), gold, labels, verdict.CONFIDENT)
        for name in ("full", "leaveout")
    ]
    fit_rows = CACHE / "calibration_rows.json"
    fitted = json.loads(fit_rows.read_text()) if fit_rows.exists() else []
    report(sweep, chosen, verdict.CONFIDENT, len(texts), len(found), fitted, hinted)


def report(
    sweep, chosen: float, confident: float, n: int, found: int, fitted: list, hinted: list
) -> None:
    """Print the curves and write them, with the operating point, into docs/benchmarks.md."""
    from service.judgement import verdict

    headers = [
        "threshold",
        "confident at",
        "(a) accuracy of confident verdicts",
        "coverage (confident verdicts)",
        "(a') accuracy over all queries",
        f"gold first: confident and right (of {found})",
        "(b) leave-out confident wrong",
        "leave-out confident rated",
    ]
    rows = [
        [
            t,
            c,
            a["precision"],
            f"{a['confident']}/{n}",
            a["accuracy"],
            top["right"],
            b["confident_wrong"],
            b["confident_share"],
        ]
        for t, c, a, b, top in sweep
        if c in (0.0, confident) or t == chosen
    ]
    point = next(r for r in rows if r[0] == chosen and r[1] == confident)
    print(table(headers, rows))
    train = ""
    if fitted:
        m = len(queries("train")[0])
        at = train_outcome(fitted, verdict.CALIBRATION, m, chosen, confident)
        points = operating_points(fitted, verdict.CALIBRATION, m)
        train = (
            f"### Choosing it on train ({m} 2B train queries, `python -m bench.verdicts --fit`)"
            "\n\nThe calibration is fitted on the train queries' answers, each half of them "
            "judged by a cross-encoder that never saw its lines (service/training/folds.py), "
            "each with its gold "
            "fact-checks indexed and with them dropped from the candidates (leave-out). For "
            "each threshold, the lowest cutoff at which train meets both targets (precision >= "
            f"{TARGET_PRECISION}, leave-out confident wrong <= {TARGET_LEAVEOUT_WRONG}):\n\n"
            + table(
                ["threshold", "lowest cutoff", "coverage", "precision", "leave-out wrong"],
                [list(p) for p in points],
            )
            + f"\n\nAt the operating point train has {at[0]}/{m} confident verdicts, precision "
            f"{at[1]:.3f}, leave-out confident wrong {at[2]:.3f}.\n\n### Dev\n\n"
        )
    write_section(
        "verdicts",
        "## Verdicts: accuracy when the fact-check is indexed, abstention when it is not\n\n"
        f"`make bench-verdicts` (`python -m bench.verdicts`). {n} CheckThat! 2B dev debate "
        "sentences; gold = their PolitiFact fact-checks (140 qrels), truth labels mapped onto "
        "our scale (index/ratings.py). Index: the bundled corpus plus the 19,250 PolitiFact "
        "fact-checks, imported with `checkthat`; leave-out: the same minus every dev gold id. "
        "Every query goes through Engine.check, the code behind /v1/check. A verdict is "
        "*confident* when it is not `unverified` and its confidence is at least the cutoff "
        "(`CONFIDENT`); anything else is an abstention.\n\n"
        "- (a) accuracy of confident verdicts (matched accuracy): among the queries with a "
        "confident verdict, the share whose label is a gold fact-check's label; coverage: how "
        "many queries got one.\n"
        "- (a') accuracy over all queries: confident and right, over every query (abstentions "
        "count as wrong).\n"
        f"- gold first: of the {found} queries whose gold fact-check retrieval ranks first (at "
        "the operating threshold), how many get a confident, right verdict: what the verdict "
        "logic makes of retrieval's hits. The rest of (a)'s misses are retrieval's.\n"
        "- (b) leave-out confident wrong: share of queries with a confident verdict whose label "
        "is not the gold label; 'confident rated' counts every confident rating (strict: none is "
        "warranted, since the fact-check of this claim is gone).\n\n"
        f"**Operating point: MATCH_THRESHOLD = {chosen}, CONFIDENT = {confident}, CALIBRATION "
        f"= {json.dumps(verdict.CALIBRATION)}: (a) {point[2]:.3f} on {point[3]} confident "
        f"verdicts, (a') {point[4]:.3f}, (b) {point[6]:.3f} (any confident rating under "
        f"leave-out: {point[7]:.3f}).**\n\n"
        "With each line's `date` and `context` sent too (the debate's day and the split's lines "
        "within 3 of it, as in the bench-quality rows), at the operating point: (a) "
        f"{hinted[0]['precision']:.3f} on {hinted[0]['confident']}/{n} confident verdicts, (a') "
        f"{hinted[0]['accuracy']:.3f}, (b) {hinted[1]['confident_wrong']:.3f} (any confident "
        f"rating under leave-out: {hinted[1]['confident_share']:.3f}).\n\n"
        + train
        + table(headers, rows),
    )


if __name__ == "__main__":
    main()
