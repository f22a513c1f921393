"""The calibrated confidence of a borrowed rating: what the calibration sees of a fact-check
match, and the logistic fitted on it."""

from __future__ import annotations

import math

# Logistic calibration of a fact-check match (the signals: match_signals), fitted on the 472
# CheckThat! 2B *train* queries, each with its gold fact-checks indexed and left out, by
# `python -m bench.verdicts --fit` with the default judge (cross), each half of the queries
# judged by a student that never saw its lines (service/training/folds.py): the packaged one
# memorized them. Dev stays out of sample (docs/benchmarks.md).
CALIBRATION = {"bias": -3.79, "score": 1.73, "margin": 6.18, "same": 2.97}


def match_signals(
    score: float, value: int, same: float | None, others: list[tuple[float, int | None]]
) -> dict[str, float]:
    """What the calibration sees of a fact-check match: its cosine, the margin to its nearest
    rival and the judge's probability that it checks the same claim.

    `others` are the other candidates as (cosine, 1-5 rating or None). A rival is one that would
    give another answer (a rating more than one step away, or a statement); a near twin with the
    same rating is a second check of the same claim and adds to, not takes from, the confidence.
    bench/calibration.py fits CALIBRATION on exactly these signals.
    """
    rival = max(
        (s for s, v in others if v is None or abs(v - value) > 1),
        default=0.0,
    )
    return {"score": score, "margin": score - rival, "same": float(same or 0.0)}


def confidence(signals: dict[str, float], constants: dict[str, float] | None = None) -> float:
    """The logistic calibration of the match signals (constants: CALIBRATION)."""
    constants = constants or CALIBRATION
    raw = constants["bias"] + sum(constants[name] * x for name, x in signals.items())
    return round(1.0 / (1.0 + math.exp(-raw)), 2)
