"""Verdict scoring: attribution (was it said, by whom) kept apart from truth (is it so)."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.collection import Hit
from index.ratings import scale_label
from service.judgement import attribution
from service.judgement.attribution import strength
from service.judgement.calibration import confidence, match_signals
from service.judgement.judge import DIFFERENT, OPPOSITE, SAME, Judgement
from service.judgement.stance import REFUTES, SUPPORTS

# A verdict at or above this confidence is a confident one (docs/verdicts.md); below it,
# clients should show the rating as tentative. bench/verdicts.py measures both sides of it.
CONFIDENT = 0.66
# The most a rating borrowed on a disputed judgement (the judges disagree: relations.py) may
# claim: even odds, under CONFIDENT, so always tentative.
DISPUTED = 0.5
# The judge's probability of *same* under which a borrowed rating is tentative whatever the
# calibration says (capped at DISPUTED): the calibration learned from 2B debate lines, where
# an opposite claim is rare, and trusts an unsure *same* too far where opposites are common
# (docs/judge-log.md, item 60).
SURE_ENOUGH = 0.7


@dataclass
class Verdict:
    label: str
    rating: int | None
    confidence: float
    basis: str
    explanation: str
    matching: list[Hit] = field(default_factory=list)
    # The fact-check of the opposite claim the verdict rests on, when it does (shown as such).
    opposite: Hit | None = None

    @property
    def confident(self) -> bool:
        """A rating at or above CONFIDENT; `unverified` is never confident (docs/verdicts.md)."""
        return is_confident(self.label, self.confidence)


def is_confident(label: str, confidence: float) -> bool:
    """Whether clients may show the verdict as a finding rather than a tentative lead."""
    return label != "unverified" and confidence >= CONFIDENT


def assess(
    claim: str,
    hits: list[Hit],
    *,
    match_threshold: float,
    support_threshold: float,
    stances: dict[int, str] | None = None,
    outlet_names: dict[str, str] | None = None,
    relations: dict[int, Judgement] | None = None,
    copies: frozenset[int] = frozenset(),
) -> Verdict:
    """Decide the verdict from ranked hits; the rules are in docs/verdicts.md.

    `relations` are the judge's (same / opposite / different) for the candidates it judged;
    without them (no judge installed, or VERACITY_JUDGE=0) the stance rules decide alone.
    `copies`: row ids of fact-checks that repeat the claim's words (copies.repeats), which
    match whatever their cosine.
    """
    stances = stances or {}
    relations = relations or {}
    outlet_names = outlet_names or {}

    def matches(h: Hit) -> bool:
        return h.score >= match_threshold or h.seq in copies

    # The first-ranked hit decides whether anything matches, unless a later one repeats the
    # claim's words.
    if not hits or not (matches(hits[0]) or any(h.seq in copies for h in hits)):
        top = hits[0].score if hits else 0.0
        return Verdict(
            "unverified",
            None,
            round(min(1.0, max(0.0, 1.0 - top)), 2),
            "none",
            "Nothing stored matches this claim closely enough; the nearest records are listed "
            "as related, not matching.",
        )
    fact_checks = [h for h in hits if matches(h) and h.statement.kind == "fact_check"]
    if fact_checks and fact_checks[0] is hits[0]:
        return _from_fact_check(fact_checks, hits, match_threshold, stances, relations)
    # A statement the judge finds about a different claim is related, not matching.
    matching = [
        h
        for h in hits
        if matches(h) and h.statement.kind == "statement" and _relation(relations, h) != DIFFERENT
    ]
    if not matching:
        if fact_checks:
            return _from_fact_check(fact_checks, hits, match_threshold, stances, relations)
        return Verdict(
            "unverified",
            None,
            round(1.0 - hits[0].score, 2),
            "none",
            "The closest records are about related but different claims; nothing stored "
            "matches this one.",
        )
    # Other statements on the same subject corroborate a match without repeating its words.
    support = [
        h
        for h in hits
        if support_threshold <= h.score < match_threshold
        and h.statement.kind == "statement"
        and stances.get(h.seq) != "refutes"
    ]
    evidence = matching + support
    label, rating, confidence, explanation = attribution.finding(
        claim, evidence, match_threshold, stances, outlet_names
    )
    return Verdict(label, rating, confidence, "attribution", explanation, evidence)


def _relation(relations: dict[int, Judgement], hit: Hit) -> str | None:
    judged = relations.get(hit.seq)
    return judged.relation if judged else None


def _from_fact_check(
    fact_checks: list[Hit],
    hits: list[Hit],
    threshold: float,
    stances: dict[int, str],
    relations: dict[int, Judgement],
) -> Verdict:
    best = fact_checks[0]
    if relations:
        # The first judged fact-check about this claim or its opposite decides; one about a
        # different claim is skipped (related, not matching).
        decided = [h for h in fact_checks if _relation(relations, h) in (SAME, OPPOSITE)]
        if not decided:
            return Verdict(
                "unverified",
                None,
                round(strength(best.score, threshold) * 0.5, 2),
                "fact_check",
                "The closest fact-checks check related but different claims; none of them "
                "checks this one.",
            )
        best = decided[0]
        if _relation(relations, best) == OPPOSITE:
            return _from_opposite(best, hits, threshold, relations[best.seq])
    rating = best.statement.rating
    reviewer = (rating.reviewer if rating else None) or "a fact-checker"
    if not relations and stances.get(best.seq) == REFUTES:
        # A check of the opposite claim: its rating says nothing about this one.
        shown = f' (rated "{rating.label}")' if rating else ""
        return Verdict(
            "unverified",
            None,
            round(strength(best.score, threshold) * 0.5, 2),
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
            round(strength(best.score, threshold) * 0.5, 2),
            "fact_check",
            f"A fact-check by {reviewer} matches, but its rating ({label}) is not a truth rating.",
            [best],
        )
    rated = [
        h
        for h in fact_checks
        if h.statement.rating
        and h.statement.rating.value is not None
        and _relation(relations, h) in (SAME, None)
    ]
    if best not in rated:
        rated.insert(0, best)
    confidence = calibrate(best, hits, stances, relations)
    said_by = f" of a claim by {attribution.who(best)}" if best.statement.speaker else ""
    when = f" ({rating.date})" if rating.date else ""
    explanation = f'{reviewer} rated this claim "{rating.label}"{when} in a fact-check{said_by}.'
    if _disputed(relations, best):
        confidence = min(confidence, DISPUTED)
        if best.score < threshold:
            explanation += (
                f" Tentative: it scores under the match threshold ({best.score:.2f}), and rests "
                f'on the claim-pair judge reading it as this claim: "{best.statement.text}".'
            )
        else:
            explanation += f' {_DOUBT} it checks this claim: "{best.statement.text}".'
    elif _unsure(relations, best):
        confidence = min(confidence, DISPUTED)
        explanation += (
            " Tentative: the claim-pair judge is not sure it checks this claim "
            f'({relations[best.seq].probabilities[SAME]:.2f}): "{best.statement.text}".'
        )
    return Verdict(
        scale_label(rating.value), rating.value, confidence, "fact_check", explanation, rated
    )


_DOUBT = "Tentative: the claim-pair judges disagree on whether"


def _disputed(relations: dict[int, Judgement], hit: Hit) -> bool:
    judged = relations.get(hit.seq)
    return bool(judged and judged.disputed)


def _unsure(relations: dict[int, Judgement], hit: Hit) -> bool:
    """The judge's own *same*, under SURE_ENOUGH. A *same* the stance rules settled (a near
    copy the judge read otherwise: relations.overrule) is not the judge's to doubt."""
    judged = relations.get(hit.seq)
    if not judged or judged.relation != SAME:
        return False
    return _own(judged) and judged.probabilities[SAME] < SURE_ENOUGH


def _own(judged: Judgement) -> bool:
    """The relation is the judge's own likeliest, not one the stance rules set over it."""
    p = judged.probabilities
    return max(p, key=p.get) == judged.relation


def _from_opposite(best: Hit, hits: list[Hit], threshold: float, judged: Judgement) -> Verdict:
    """A fact-check of the opposite claim: never its label. What follows (docs/verdicts.md):
    the opposite of a claim rated true or mostly true is false or mostly false; the opposite
    of a claim rated false, half true or not rated for truth is not thereby true: unverified."""
    rating = best.statement.rating
    reviewer = (rating.reviewer if rating else None) or "Fact-checkers"
    shown = f'"{rating.label}"' if rating else "without a truth rating"
    said = f'{reviewer} rated the opposite claim {shown}: "{best.statement.text}".'
    if rating is not None and rating.value is not None and rating.value >= 4:
        mirrored = 6 - rating.value
        others = [(h.score, _value(h)) for h in hits if h is not best]
        signals = match_signals(best.score, rating.value, judged.probabilities[OPPOSITE], others)
        sure = confidence(signals)
        explanation = (
            f"{said} A claim that contradicts a true one is false, so this one is rated "
            f"{scale_label(mirrored)}."
        )
        if judged.disputed:
            sure = min(sure, DISPUTED)
            explanation += f" {_DOUBT} the two claims contradict each other."
        elif not _own(judged):
            # The stance rules found the contradiction against the judge's reading
            # (relations.overrule): the two disagree, as on a disputed reading (item 62).
            sure = min(sure, DISPUTED)
            explanation += (
                " Tentative: the stance rules find the two claims contradict each other, the "
                "claim-pair judge does not."
            )
        return Verdict(scale_label(mirrored), mirrored, sure, "fact_check", explanation, [], best)
    return Verdict(
        "unverified",
        None,
        round(strength(best.score, threshold) * 0.5, 2),
        "fact_check",
        f"{said} The opposite of a false or half-true claim is not thereby true, and nothing "
        "stored checks this claim itself.",
        [],
        best,
    )


def _value(hit: Hit) -> int | None:
    return hit.statement.rating.value if hit.statement.rating else None


def calibrate(
    best: Hit,
    hits: list[Hit],
    stances: dict[int, str],
    relations: dict[int, Judgement] | None = None,
) -> float:
    """Confidence that `best`'s rating is this claim's (see match_signals and confidence)."""
    others = [(h.score, _value(h)) for h in hits if h is not best]
    judged = (relations or {}).get(best.seq)
    # Without the judge, the stance rules' "supports" stands in for its same-claim probability.
    same = judged.probabilities[SAME] if judged else float(stances.get(best.seq) == SUPPORTS)
    return confidence(match_signals(best.score, best.statement.rating.value, same, others))
