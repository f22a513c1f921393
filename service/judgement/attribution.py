"""Verdicts from attributed statements: was it said, by whom, and does that settle anything."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from index.collection import Hit
from service.judgement.parties import countries_in, country_of_speaker

if TYPE_CHECKING:
    from service.judgement.verdict import Verdict


def who(hit: Hit) -> str:
    speaker = hit.statement.speaker
    if speaker is None:
        return "an unnamed source"
    return f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name


def verdict(
    claim: str,
    evidence: list[Hit],
    threshold: float,
    stances: dict[int, str],
    outlet_names: dict[str, str],
) -> Verdict:
    # verdict.py calls this module; the shared pieces are imported when it runs.
    from service.judgement.verdict import Verdict, claim_type, strength

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
        names = sorted({who(h) for h in interested})
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
