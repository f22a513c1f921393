"""Verdict rules with the claim-pair judge, one test per rule, with a fake judge's relations."""

import pytest

from service.judgement.judge import DIFFERENT, OPPOSITE, SAME, Judgement
from service.judgement.verdict import CONFIDENT, DISPUTED, SURE_ENOUGH, assess
from tests.test_verdict import MATCH, SUPPORT, fact_check, statement


def said(relation, p=0.9, disputed=False):
    rest = (1 - p) / 2
    probs = {r: (p if r == relation else rest) for r in (SAME, OPPOSITE, DIFFERENT)}
    return Judgement(relation, probs, disputed)


def decide(claim, hits, relations, stances=None):
    return assess(
        claim,
        hits,
        match_threshold=MATCH,
        support_threshold=SUPPORT,
        stances=stances,
        relations=relations,
    )


def test_a_rating_is_borrowed_on_a_same_claim_judgement():
    hits = [fact_check(1, "Crime rose 10% last year.", "false", 0.92)]
    result = decide("Crime went up 10% last year", hits, {1: said(SAME)})
    assert (result.label, result.basis, result.opposite) == ("false", "fact_check", None)
    assert result.confident and result.matching == hits


def test_a_rating_borrowed_on_a_disputed_judgement_is_only_a_lead():
    hits = [fact_check(1, "Crime rose 10% last year.", "false", 0.92)]
    sure = decide("Crime went up 10% last year", hits, {1: said(SAME, 0.95)})
    result = decide("Crime went up 10% last year", hits, {1: said(SAME, 0.95, disputed=True)})
    assert sure.confident and sure.confidence > DISPUTED
    assert (result.label, result.matching) == ("false", hits)
    assert result.confidence == DISPUTED < CONFIDENT and not result.confident
    assert "judges disagree" in result.explanation
    assert '"Crime rose 10% last year."' in result.explanation


@pytest.mark.parametrize(
    ("p", "confident"),
    [(0.95, True), (SURE_ENOUGH, True), (0.69, False), (0.5, False)],
)
def test_a_rating_borrowed_on_an_unsure_same_is_only_a_lead(p, confident):
    hits = [fact_check(1, "Crime rose 10% last year.", "false", 0.95)]
    result = decide("Crime went up 10% last year", hits, {1: said(SAME, p)})
    assert result.label == "false" and result.matching == hits
    assert result.confident is confident
    assert ("not sure it checks this claim" in result.explanation) is not confident
    if not confident:
        assert result.confidence <= DISPUTED
        assert '"Crime rose 10% last year."' in result.explanation


def test_a_same_the_stance_rules_settled_is_not_the_judges_to_doubt():
    # A near copy the judge read as the opposite, made *same* by relations.overrule: its
    # probabilities are still the judge's, and low on *same*.
    hits = [fact_check(1, "Crime rose 10% last year.", "false", 0.99)]
    settled = Judgement(SAME, {SAME: 0.05, OPPOSITE: 0.9, DIFFERENT: 0.05})
    result = decide("Crime rose 10% last year.", hits, {1: settled})
    assert result.label == "false" and "not sure" not in result.explanation


def test_a_disputed_opposite_of_a_true_claim_is_a_tentative_false():
    hits = [fact_check(1, "Crime fell 10% last year.", "true", 0.93)]
    result = decide("Crime rose 10% last year", hits, {1: said(OPPOSITE, 0.95, disputed=True)})
    assert result.label == "false" and result.opposite is hits[0]
    assert result.confidence <= DISPUTED and not result.confident
    assert "judges disagree" in result.explanation


@pytest.mark.parametrize(
    ("probabilities", "confident"),
    [
        ({SAME: 0.025, OPPOSITE: 0.95, DIFFERENT: 0.025}, True),  # the judge's own opposite
        # The judge read the same claim; the stance rules found the contradiction.
        ({SAME: 0.95, OPPOSITE: 0.025, DIFFERENT: 0.025}, False),
    ],
)
def test_a_mirrored_rating_is_confident_only_on_the_judges_own_opposite(probabilities, confident):
    hits = [fact_check(1, "Crime fell 10% last year.", "true", 0.95)]
    judged = Judgement(OPPOSITE, probabilities)
    result = decide("Crime rose 10% last year", hits, {1: judged})
    assert result.label == "false" and result.opposite is hits[0]
    assert result.confident is confident
    assert ("the claim-pair judge does not" in result.explanation) is not confident


def test_the_opposite_of_a_false_claim_is_not_thereby_true():
    hits = [fact_check(1, "Obama was born in Kenya.", "false", 0.9)]
    result = decide("Obama was born in Hawaii", hits, {1: said(OPPOSITE)})
    assert (result.label, result.rating, result.matching) == ("unverified", None, [])
    assert result.opposite is hits[0] and not result.confident
    assert 'rated the opposite claim "false": "Obama was born in Kenya."' in result.explanation


@pytest.mark.parametrize(("rated", "follows"), [("true", "false"), ("mostly-true", "mostly-false")])
def test_the_opposite_of_a_true_claim_is_false(rated, follows):
    hits = [fact_check(1, "Crime fell 10% last year.", rated, 0.93)]
    result = decide("Crime rose 10% last year", hits, {1: said(OPPOSITE, 0.95)})
    assert result.label == follows and result.label != rated
    assert result.opposite is hits[0] and result.matching == []
    assert "rated the opposite claim" in result.explanation


def test_a_fact_check_of_a_different_claim_is_related_not_matching():
    hits = [fact_check(1, "Crime rose in Chicago in 2016.", "true", 0.9)]
    result = decide("Crime fell in New York in 2019", hits, {1: said(DIFFERENT)})
    assert (result.label, result.matching, result.opposite) == ("unverified", [], None)
    assert "different claims" in result.explanation


def test_a_same_claim_below_a_different_one_is_the_one_borrowed():
    hits = [
        fact_check(1, "Crime rose in Chicago.", "true", 0.9),
        fact_check(2, "Crime rose 10% in Chicago last year.", "false", 0.88),
    ]
    result = decide(
        "Crime rose 10% in Chicago last year", hits, {1: said(DIFFERENT), 2: said(SAME)}
    )
    assert (result.label, result.matching) == ("false", [hits[1]])


def test_the_judge_decides_the_stance_of_an_attribution():
    hit = statement(1, "Russia and North Korea are the closest of countries.", 0.85, "Matsegora")
    claim = "Matsegora said Russia and North Korea are no longer close"
    # The judge's refutes (from an opposite judgement) makes the attribution false.
    result = decide(claim, [hit], {1: said(OPPOSITE)}, stances={1: "refutes"})
    assert (result.label, result.basis) == ("false", "attribution")
    same = decide(claim, [hit], {1: said(SAME)}, stances={1: "supports"})
    assert (same.label, same.basis) == ("true", "attribution")


def test_a_statement_about_a_different_claim_does_not_match():
    hit = statement(1, "Russia and North Korea signed a treaty.", 0.8, "Matsegora")
    result = decide("Matsegora said Russia and North Korea are close", [hit], {1: said(DIFFERENT)})
    assert (result.label, result.basis, result.matching) == ("unverified", "none", [])


def test_without_the_judge_the_stance_rules_decide():
    hits = [fact_check(1, "Crime fell 10% last year.", "false", 0.93)]
    result = decide("Crime rose 10% last year", hits, None, stances={1: "refutes"})
    assert (result.label, result.opposite) == ("unverified", None)
    assert "says otherwise" in result.explanation
    assert result.confidence < CONFIDENT
