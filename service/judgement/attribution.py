"""Verdicts from attributed statements: was it said, by whom, and does that settle anything."""

from __future__ import annotations

import re
from dataclasses import asdict

from index.collection import Hit
from service.judgement.parties import countries_in, country_of_speaker

# A claim about what someone said, rather than about the world.
ATTRIBUTION = re.compile(
    r"\b(said|says|say|saying|stated|states|claimed|claims|claim(?:ing)?|called|calls|"
    r"described|describes|describing|referred|refers|according to|told|tells|declared|"
    r"announced|quoted|insisted|argued|tweeted|wrote|posted|remarked|dubbed|labell?ed)\b",
    re.I,
)


def claim_type(claim: str) -> str:
    return "attribution" if ATTRIBUTION.search(claim) else "factual"


def strength(score: float, threshold: float) -> float:
    """Map a similarity at or above the threshold onto 0.5..1."""
    return 0.5 + 0.5 * min(1.0, max(0.0, (score - threshold) / max(1e-6, 1.0 - threshold)))


def who(hit: Hit) -> str:
    speaker = hit.statement.speaker
    if speaker is None:
        return "an unnamed source"
    return f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name


def finding(
    claim: str,
    evidence: list[Hit],
    threshold: float,
    stances: dict[int, str],
    outlet_names: dict[str, str],
) -> tuple[str, int | None, float, str]:
    """The (label, rating, confidence, explanation) that matching statements support."""
    top = evidence[0]
    speakers = {h.statement.speaker.name for h in evidence if h.statement.speaker}
    outlets = {r.id for h in evidence for r in h.statement.outlets}
    reported = ", ".join(outlet_names.get(r.id, r.id) for r in top.statement.outlets)
    said = f"{who(top)} said it" + (f" on {top.statement.date}" if top.statement.date else "")
    said += f", reported by {reported}" if reported else ""
    others = len(speakers - {top.statement.speaker.name if top.statement.speaker else ""})
    more = f"; {others} other speaker{'s' * (others != 1)} said the like" if others else ""
    # More independent voices and outlets make the attribution surer.
    breadth = min(1.0, 0.6 + 0.15 * (len(speakers) - 1) + 0.1 * max(0, len(outlets) - 1))
    confidence = round(strength(top.score, threshold) * breadth, 2)
    if stances.get(top.seq) == "refutes":
        if claim_type(claim) == "attribution":
            return (
                "false",
                1,
                confidence,
                f"The record says otherwise: {said}, in words that contradict the claim.",
            )
        return (
            "unverified",
            None,
            confidence,
            f"A stored statement contradicts the claim ({said}); no fact-check settles it.",
        )
    if claim_type(claim) == "attribution":
        return "true", 5, confidence, f"{said}{more}."
    parties = countries_in(claim)
    interested = [
        h
        for h in evidence
        if h.statement.speaker and country_of_speaker(asdict(h.statement.speaker)) in parties
    ]
    if parties and len(interested) == len(evidence):
        names = sorted({who(h) for h in interested})
        return (
            "unverified",
            None,
            confidence,
            f"Only interested parties say so: {' and '.join(names)} speak for countries the "
            f"claim is about; no independent source or fact-check confirms it.",
        )
    return (
        "unverified",
        None,
        confidence,
        f"{said}{more}; a statement is not proof, and no fact-check confirms it.",
    )
