"""Verdict rules: a fact-check's rating only when it checks this claim, else `unverified`."""

import pytest

from index.collection import Hit
from index.records import Statement
from service.config import DEFAULTS
from service.judgement import copies
from service.judgement.calibration import CALIBRATION, match_signals
from service.judgement.lookup import check
from service.judgement.verdict import CONFIDENT, assess, calibrate, is_confident

# The operating point chosen from the 2B curves (docs/benchmarks.md, docs/verdicts.md).
MATCH, SUPPORT = DEFAULTS["MATCH_THRESHOLD"], DEFAULTS["SUPPORT_THRESHOLD"]


def fact_check(seq, text, label, score, speaker="Donald Trump"):
    record = Statement.from_dict(
        {
            "kind": "fact_check",
            "text": text,
            "speaker": {"name": speaker},
            "rating": {"label": label, "reviewer": "PolitiFact"},
        }
    )
    return Hit(seq, record, score)


def statement(seq, text, score, name, country=None, role=None):
    record = Statement.from_dict(
        {"text": text, "speaker": {"name": name, "country": country, "role": role}}
    )
    return Hit(seq, record, score)


def judge(claim, hits, stances=None):
    return assess(claim, hits, match_threshold=MATCH, support_threshold=SUPPORT, stances=stances)


def test_a_close_fact_check_gives_its_rating():
    hits = [
        fact_check(1, "Crime rose 10% last year.", "false", 0.9),
        fact_check(2, "Taxes are the highest ever.", "true", 0.4),
    ]
    result = judge("Crime rose 10% last year", hits, {1: "supports", 2: "unclear"})
    assert (result.label, result.rating, result.basis) == ("false", 1, "fact_check")
    assert result.confidence >= CONFIDENT
    assert 'PolitiFact rated this claim "false"' in result.explanation


def test_nothing_close_is_unverified():
    result = judge("Crime rose 10% last year", [fact_check(1, "Wages fell.", "true", 0.3)])
    assert (result.label, result.rating, result.matching) == ("unverified", None, [])


def test_a_fact_check_repeating_the_claim_matches_under_the_threshold():
    # Its title in its vector pulls the cosine under MATCH_THRESHOLD; its words are the claim's.
    hits = [
        fact_check(1, '"I did not support the war in Iraq. The record shows it."', "false", 0.59)
    ]
    claim = "I did not support the war in Iraq."
    assert judge(claim, hits, {1: "supports"}).label == "unverified"
    result = assess(
        claim,
        hits,
        match_threshold=MATCH,
        support_threshold=SUPPORT,
        stances={1: "supports"},
        copies=frozenset({1}),
    )
    assert (result.label, result.basis, result.matching[0].seq) == ("false", "fact_check", 1)


def test_only_the_first_ranked_hit_or_a_repeating_fact_check_opens_a_match():
    # Retrieval's order, not the cosine, ranks: a later hit over the threshold opens nothing.
    hits = [
        fact_check(1, "Crime fell in Ohio last year.", "true", 0.55),
        fact_check(2, "Crime rose 10% last year in Ohio.", "false", 0.7),
    ]
    stances = {1: "unclear", 2: "supports"}
    claim = "Crime rose 10% last year in Ohio and Iowa."
    assert judge(claim, hits, stances).label == "unverified"
    result = assess(
        claim,
        hits,
        match_threshold=MATCH,
        support_threshold=SUPPORT,
        stances=stances,
        copies=frozenset({2}),
    )
    assert result.label == "false"


@pytest.mark.parametrize(
    ("claim", "other", "repeats"),
    [
        (
            "I did not support the war in Iraq.",
            '"I did not support the war in Iraq ... I was right."',
            True,
        ),
        (
            "The platform was written with the help of a lobbyist.",
            'The platform "was written with the help of a lobbyist."',
            True,
        ),
        ("I did support the war in Iraq.", "I never supported the Iraq war, he said.", False),
        (
            "Obama was born in Kenya.",
            "Obama was born in Kenya, his grandmother said.",
            False,
        ),  # under six words
        (
            "Barack Obama was born in Hawaii.",
            "Obama's grandmother said he was born in Kenya.",
            False,
        ),
    ],
)
def test_repeats_needs_nearly_all_of_the_claims_words_in_order(claim, other, repeats):
    assert copies.repeats(claim, other) is repeats


@pytest.mark.parametrize(
    ("claim", "other", "rotated"),
    [
        (
            "Clothing and housing combined, Americans spend more on taxes than on food.",
            "Americans spend more on taxes than on food, clothing and housing combined.",
            True,
        ),
        (
            'Even pushing Reid to make it a priority, Begich "supports a carbon tax."',
            "Begich supports a carbon tax, even pushing Reid to make it a priority.",
            True,
        ),
        # the same words, but the comparison the other way round, or one clause changed
        (
            "In 2015, Americans spend more on taxes than on food.",
            "Americans spend more on food than on taxes, in 2015.",
            False,
        ),
        (
            "In 2015, Americans spend more on taxes than on food.",
            "Americans spend more on taxes than on food, in 2016.",
            False,
        ),
        ("Taxes rose, in Ohio.", "In Ohio, taxes rose.", False),  # under six words
        ("Taxes rose sharply in Ohio last year.", "Taxes rose sharply in Ohio last year.", False),
    ],
)
def test_rotated_needs_the_same_clauses_in_another_order(claim, other, rotated):
    assert copies.rotated(claim, other) is rotated


def test_a_fact_check_of_the_opposite_claim_is_not_borrowed():
    hits = [fact_check(1, "Crime fell 10% last year.", "false", 0.93)]
    result = judge("Crime rose 10% last year", hits, {1: "refutes"})
    assert (result.label, result.rating, result.matching) == ("unverified", None, [])
    assert "says otherwise" in result.explanation
    assert result.confidence < CONFIDENT


def test_a_flip_o_meter_rating_is_not_a_truth_rating():
    result = judge("He changed his mind", [fact_check(1, "He changed his mind.", "full-flop", 0.9)])
    assert result.label == "unverified"
    assert "not a truth rating" in result.explanation


@pytest.mark.parametrize(
    ("scores", "rival_label", "stance", "expected"),
    [
        # far above the threshold, no rival, the same words: sure
        ((0.92, 0.5), "true", "supports", "high"),
        # just over the threshold with a rival of another rating just behind: a coin toss
        ((0.63, 0.62), "true", "unclear", "low"),
        # a second check of the same claim with the same rating is no rival
        ((0.80, 0.79), "mostly-false", "unclear", "high"),
    ],
)
def test_calibration(scores, rival_label, stance, expected):
    best = fact_check(1, "Crime rose.", "false", scores[0])
    other = fact_check(2, "Crime rose a lot.", rival_label, scores[1])
    confidence = calibrate(best, [best, other], {1: stance})
    assert (confidence >= CONFIDENT) == (expected == "high"), confidence


def test_the_operating_point_is_the_one_chosen_on_2b():
    # Chosen on 2B train and checked on dev by bench/verdicts.py; change them together with
    # docs/verdicts.md and a fresh `python -m bench.verdicts --fit` and `make bench-verdicts`.
    assert (MATCH, CONFIDENT) == (0.62, 0.66)
    assert set(CALIBRATION) == {"bias", "score", "margin", "same"}
    # More score, more margin and the judge's "same claim" each make a match surer.
    assert CALIBRATION["score"] > 0 and CALIBRATION["margin"] > 0
    assert CALIBRATION["same"] > 0


def test_the_rival_is_the_closest_hit_that_would_answer_otherwise():
    others = [(0.70, 4), (0.60, None), (0.65, 1), (0.50, 5)]
    # rated 5: 4 is a twin (one step), the statement (None) and the 1 are rivals: max 0.65
    signals = match_signals(0.8, 5, 1.0, others)
    assert signals == {"score": 0.8, "margin": pytest.approx(0.15), "same": 1.0}
    assert match_signals(0.8, 5, 0.0, [])["margin"] == 0.8


def test_the_bench_sees_the_signals_the_service_calibrates(app):
    from bench.calibration import signals
    from service.judgement.calibration import confidence

    engine = app.extensions["veracity"]
    engine.add_records(
        [
            {
                "kind": "fact_check",
                "text": "Crime rose 10% in Chicago last year.",
                "rating": {"label": "false", "reviewer": "PolitiFact"},
            },
            {
                "kind": "fact_check",
                "text": "Crime in Chicago rose last year.",
                "rating": {"label": "true", "reviewer": "PolitiFact"},
            },
            {"text": "Chicago crime went up by ten percent last year.", "speaker": {"name": "A"}},
        ]
    )
    engine.config["MATCH_THRESHOLD"] = 0.0
    answer = check(engine, "Crime rose 10% in Chicago last year.", top_k=20)
    assert answer["verdict"]["basis"] == "fact_check"
    assert confidence(signals(answer["evidence"])) == answer["verdict"]["confidence"]


def test_only_a_rating_at_or_above_the_cutoff_is_confident():
    sure = judge(
        "Crime rose 10% last year", [fact_check(1, "Crime rose 10% last year.", "false", 0.9)]
    )
    assert (sure.label, sure.confident) == ("false", True)
    # Just over the threshold with a rival rated otherwise just behind: a rating, but tentative.
    hits = [
        fact_check(1, "Crime rose.", "false", 0.63),
        fact_check(2, "Crime rose a lot.", "true", 0.62),
    ]
    weak = judge("Crime rose", hits, {1: "unclear", 2: "unclear"})
    assert (weak.label, weak.rating) == ("false", 1)
    assert weak.confidence < CONFIDENT and weak.confident is False
    # An abstention is never confident, however sure of itself.
    none = judge("Crime rose 10% last year", [])
    assert (none.label, none.confidence, none.confident) == ("unverified", 1.0, False)


def test_confidence_at_the_cutoff_counts_as_confident(monkeypatch):
    from service.judgement import verdict

    assert is_confident("mixed", CONFIDENT) and not is_confident("mixed", CONFIDENT - 0.01)
    assert not is_confident("unverified", 0.99)
    monkeypatch.setattr(verdict, "CONFIDENT", 0.9)
    assert not is_confident("true", 0.89) and is_confident("true", 0.9)


def test_more_margin_and_score_mean_more_confidence():
    def conf(top, second):
        best = fact_check(1, "Crime rose.", "false", top)
        return calibrate(best, [best, fact_check(2, "x", "true", second)], {})

    assert conf(0.9, 0.6) > conf(0.8, 0.6) > conf(0.8, 0.75)


def test_attribution_claims_and_interested_parties_keep_their_rules():
    said = statement(
        1,
        "Russia and North Korea are the closest of countries.",
        0.91,
        "Alexandr Matsegora",
        "Russia",
        "Russian Ambassador to North Korea",
    )
    attributed = judge("Matsegora said Russia and North Korea are the closest of countries", [said])
    assert (attributed.label, attributed.basis) == ("true", "attribution")
    bare = judge("Russia and North Korea are the closest of countries", [said])
    assert bare.label == "unverified"
    assert "interested parties" in bare.explanation


def test_a_statement_that_says_otherwise_makes_an_attribution_false():
    said = statement(1, "Russia and North Korea are the closest of countries.", 0.8, "Matsegora")
    result = judge(
        "Matsegora said Russia and North Korea are no longer close", [said], {1: "refutes"}
    )
    assert (result.label, result.basis) == ("false", "attribution")


def test_lookup_marks_each_evidence_item_with_its_stance(app):
    engine = app.extensions["veracity"]
    engine.add_records(
        [
            {
                "kind": "fact_check",
                "text": "Crime fell 10% in Chicago last year.",
                "speaker": {"name": "A Mayor"},
                "rating": {"label": "true", "reviewer": "PolitiFact"},
            },
            {
                "kind": "fact_check",
                "text": "Crime rose 10% in Chicago last year.",
                "speaker": {"name": "A Rival"},
                "rating": {"label": "false", "reviewer": "PolitiFact"},
            },
        ]
    )
    answer = check(engine, "Crime rose 10% in Chicago last year.")
    stances = {e["text"]: e["stance"] for e in answer["evidence"]}
    assert stances["Crime rose 10% in Chicago last year."] == "supports"
    assert stances["Crime fell 10% in Chicago last year."] == "refutes"
    assert answer["verdict"]["label"] == "false"
