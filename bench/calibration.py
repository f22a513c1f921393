"""The verdict calibration fitted on 2B train: each answer's signals, the logistic fit, and the
operating points that meet the precision and leave-out targets."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bench.verdict_data import answers, engine_for, queries
from index.ratings import scale_label

THRESHOLDS = (0.5, 0.55, 0.58, 0.6, 0.62, 0.65, 0.68, 0.7, 0.75)
CUTOFFS = (0.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


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
    from service.judgement import calibration

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
    return calibration.match_signals(best["score"], value, same, others)


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
    from service.judgement import calibration

    sure = [
        r
        for r in rows
        if r["signals"]["score"] >= t and calibration.confidence(r["signals"], constants) >= c
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
