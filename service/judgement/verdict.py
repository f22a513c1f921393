"""Verdict scoring: attribution (was it said, by whom) kept apart from truth (is it so)."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field

from index.collection import Hit
from index.ratings import scale_label
from service.judgement.parties import countries_in, country_of_speaker
from service.judgement.stance import REFUTES, SUPPORTS

# A verdict at or above this confidence is a confident one (docs/verdicts.md); below it,
# clients should show the rating as tentative. bench/verdicts.py measures both sides of it.
CONFIDENT = 0.57
# Logistic calibration of a fact-check match (the signals: match_signals), fitted on the 472
# CheckThat! 2B *train* queries, each with its gold fact-checks indexed and left out, by
# `python -m bench.verdicts --fit`; dev stays out of sample (docs/benchmarks.md).
CALIBRATION = {"bias": -0.88, "score": 0.39, "margin": 6.51, "supports": 1.06}

# A claim about what someone said, rather than about the world.
ATTRIBUTION = re.compile(
    r"\b(said|says|say|saying|stated|states|claimed|claims|claim(?:ing)?|called|calls|"
    r"described|describes|describing|referred|refers|according to|told|tells|declared|"
    r"announced|quoted|insisted|argued|tweeted|wrote|posted|remarked|dubbed|labell?ed)\b",
    re.I,
)


@dataclass
class Verdict:
    label: str
    rating: int | None
    confidence: float
    basis: str
    explanation: str
    matching: list[Hit] = field(default_factory=list)

    @property
    def confident(self) -> bool:
        """A rating at or above CONFIDENT; `unverified` is never confident (docs/verdicts.md)."""
        return is_confident(self.label, self.confidence)


def is_confident(label: str, confidence: float) -> bool:
    """Whether clients may show the verdict as a finding rather than a tentative lead."""
    return label != "unverified" and confidence >= CONFIDENT


def claim_type(claim: str) -> str:
    return "attribution" if ATTRIBUTION.search(claim) else "factual"


def _strength(score: float, threshold: float) -> float:
    """Map a similarity at or above the threshold onto 0.5..1."""
    return 0.5 + 0.5 * min(1.0, max(0.0, (score - threshold) / max(1e-6, 1.0 - threshold)))


def _who(hit: Hit) -> str:
    speaker = hit.statement.speaker
    if speaker is None:
        return "an unnamed source"
    return f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name


def assess(
    claim: str,
    hits: list[Hit],
    *,
    match_threshold: float,
    support_threshold: float,
    stances: dict[int, str] | None = None,
    outlet_names: dict[str, str] | None = None,
) -> Verdict:
    """Decide the verdict from ranked hits; the rules are in docs/verdicts.md."""
    stances = stances or {}
    outlet_names = outlet_names or {}
    if not hits or hits[0].score < match_threshold:
        top = hits[0].score if hits else 0.0
        return Verdict(
            "unverified",
            None,
            round(min(1.0, max(0.0, 1.0 - top)), 2),
            "none",
            "Nothing stored matches this claim closely enough; the nearest records are listed "
            "as related, not matching.",
        )
    fact_checks = [
        h for h in hits if h.score >= match_threshold and h.statement.kind == "fact_check"
    ]
    if fact_checks and fact_checks[0] is hits[0]:
        return _from_fact_check(fact_checks, hits, match_threshold, stances)
    matching = [h for h in hits if h.score >= match_threshold and h.statement.kind == "statement"]
    if not matching:
        return _from_fact_check(fact_checks, hits, match_threshold, stances)
    # Other statements on the same subject corroborate a match without repeating its words.
    support = [
        h
        for h in hits
        if support_threshold <= h.score < match_threshold
        and h.statement.kind == "statement"
        and stances.get(h.seq) != "refutes"
    ]
    evidence = matching + support
    return _from_statements(claim, evidence, match_threshold, stances, outlet_names)


def _from_fact_check(
    fact_checks: list[Hit], hits: list[Hit], threshold: float, stances: dict[int, str]
) -> Verdict:
    best = fact_checks[0]
    rating = best.statement.rating
    reviewer = (rating.reviewer if rating else None) or "a fact-checker"
    if stances.get(best.seq) == REFUTES:
        # A check of the opposite claim: its rating says nothing about this one.
        shown = f' (rated "{rating.label}")' if rating else ""
        return Verdict(
            "unverified",
            None,
            round(_strength(best.score, threshold) * 0.5, 2),
            "fact_check",
            f"The closest fact-check by {reviewer}{shown} checks a claim that says otherwise "
            "(a negation, an opposite, other numbers or names), so its rating does not carry "
            "over; nothing stored checks this claim itself.",
            [],
        )
    if rating is None or rating.value is None:
        label = rating.label if rating else "no rating stored"
        return Verdict(
            "unverified",
            None,
            round(_strength(best.score, threshold) * 0.5, 2),
            "fact_check",
            f"A fact-check by {reviewer} matches, but its rating ({label}) is not a truth rating.",
            [best],
        )
    rated = [h for h in fact_checks if h.statement.rating and h.statement.rating.value is not None]
    confidence = calibrate(best, hits, stances)
    said_by = f" of a claim by {_who(best)}" if best.statement.speaker else ""
    when = f" ({rating.date})" if rating.date else ""
    return Verdict(
        scale_label(rating.value),
        rating.value,
        confidence,
        "fact_check",
        f'{reviewer} rated this claim "{rating.label}"{when} in a fact-check{said_by}.',
        rated,
    )


def calibrate(best: Hit, hits: list[Hit], stances: dict[int, str]) -> float:
    """Confidence that `best`'s rating is this claim's (see match_signals and confidence)."""
    others = [
        (h.score, h.statement.rating.value if h.statement.rating else None)
        for h in hits
        if h is not best
    ]
    return confidence(
        match_signals(best.score, best.statement.rating.value, stances.get(best.seq), others)
    )


def match_signals(
    score: float, value: int, stance: str | None, others: list[tuple[float, int | None]]
) -> dict[str, float]:
    """What the calibration sees of a fact-check match: its cosine, the margin to its nearest
    rival and whether the stance rules find the same claim in its words.

    `others` are the other candidates as (cosine, 1-5 rating or None). A rival is one that would
    give another answer (a rating more than one step away, or a statement); a near twin with the
    same rating is a second check of the same claim and adds to, not takes from, the confidence.
    bench/verdicts.py fits CALIBRATION on exactly these signals.
    """
    rival = max(
        (s for s, v in others if v is None or abs(v - value) > 1),
        default=0.0,
    )
    return {"score": score, "margin": score - rival, "supports": float(stance == SUPPORTS)}


def confidence(signals: dict[str, float], constants: dict[str, float] | None = None) -> float:
    """The logistic calibration of the match signals (constants: CALIBRATION)."""
    constants = constants or CALIBRATION
    raw = constants["bias"] + sum(constants[name] * x for name, x in signals.items())
    return round(1.0 / (1.0 + math.exp(-raw)), 2)


def _from_statements(
    claim: str,
    evidence: list[Hit],
    threshold: float,
    stances: dict[int, str],
    outlet_names: dict[str, str],
) -> Verdict:
    top = evidence[0]
    speakers = {h.statement.speaker.name for h in evidence if h.statement.speaker}
    outlets = {r.id for h in evidence for r in h.statement.outlets}
    reported = ", ".join(outlet_names.get(r.id, r.id) for r in top.statement.outlets)
    said = f"{_who(top)} said it" + (f" on {top.statement.date}" if top.statement.date else "")
    said += f", reported by {reported}" if reported else ""
    others = len(speakers - {top.statement.speaker.name if top.statement.speaker else ""})
    more = f"; {others} other speaker{'s' * (others != 1)} said the like" if others else ""
    # More independent voices and outlets make the attribution surer.
    breadth = min(1.0, 0.6 + 0.15 * (len(speakers) - 1) + 0.1 * max(0, len(outlets) - 1))
    confidence = round(_strength(top.score, threshold) * breadth, 2)
    if stances.get(top.seq) == "refutes":
        if claim_type(claim) == "attribution":
            return Verdict(
                "false",
                1,
                confidence,
                "attribution",
                f"The record says otherwise: {said}, in words that contradict the claim.",
                evidence,
            )
        return Verdict(
            "unverified",
            None,
            confidence,
            "attribution",
            f"A stored statement contradicts the claim ({said}); no fact-check settles it.",
            evidence,
        )
    if claim_type(claim) == "attribution":
        return Verdict("true", 5, confidence, "attribution", f"{said}{more}.", evidence)
    parties = countries_in(claim)
    interested = [
        h
        for h in evidence
        if h.statement.speaker and country_of_speaker(asdict(h.statement.speaker)) in parties
    ]
    if parties and len(interested) == len(evidence):
        names = sorted({_who(h) for h in interested})
        return Verdict(
            "unverified",
            None,
            confidence,
            "attribution",
            f"Only interested parties say so: {' and '.join(names)} speak for countries the "
            f"claim is about; no independent source or fact-check confirms it.",
            evidence,
        )
    return Verdict(
        "unverified",
        None,
        confidence,
        "attribution",
        f"{said}{more}; a statement is not proof, and no fact-check confirms it.",
        evidence,
    )
