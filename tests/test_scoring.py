"""The benchmark's scorer and split helpers, on hand-worked cases."""

import pytest

from bench.scoring import average_precision, evaluate, reciprocal_rank


@pytest.mark.parametrize(
    ("ranked", "relevant", "k", "expected"),
    [
        (["a", "b", "c"], {"a"}, 5, 1.0),
        (["b", "a", "c"], {"a"}, 5, 0.5),
        (["b", "a", "c"], {"a"}, 1, 0.0),
        (["a", "x", "b"], {"a", "b"}, 5, (1 + 2 / 3) / 2),
        (["a", "x", "b"], {"a", "b"}, 1, 0.5),  # over all relevant, as the CheckThat! scorer
        (["x", "y"], {"a"}, 5, 0.0),
        ([], {"a"}, 5, 0.0),
    ],
)
def test_average_precision(ranked, relevant, k, expected):
    assert average_precision(ranked, relevant, k) == pytest.approx(expected)


def test_reciprocal_rank_and_means():
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    scores = evaluate({"q1": ["a", "b"], "q2": ["x", "c"]}, {"q1": {"a"}, "q2": {"c"}, "q3": {"d"}})
    assert scores["MAP@1"] == pytest.approx(1 / 3)
    assert scores["MAP@5"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert scores["MRR"] == pytest.approx((1 + 0.5) / 3)
    assert scores["P@1"] == pytest.approx(1 / 3)


def test_debate_contexts_are_the_same_debates_nearby_lines():
    from service.training.splits import debate_contexts

    queries = {
        "20180504_Trump_NRA_0132": "He worked for me for a very short period.",
        "20180504_Trump_NRA_0133": "A couple of months?",
        "20180504_Trump_NRA_0134": "Little period of time.",
        "20180504_Trump_NRA_0140": "Far away.",
        "20180612_Trump_Singapore_0133": "Another debate.",
        "1234": "A CT2020 tweet id names no debate.",
    }
    contexts = debate_contexts(queries, lines=3)
    assert contexts["20180504_Trump_NRA_0133"] == (
        queries["20180504_Trump_NRA_0132"],
        queries["20180504_Trump_NRA_0134"],
    )
    assert contexts["20180504_Trump_NRA_0132"] == ("", "A couple of months? Little period of time.")
    assert "20180504_Trump_NRA_0140" not in contexts  # 6 lines away: nothing near it
    assert "20180612_Trump_Singapore_0133" not in contexts
    assert "1234" not in contexts
    assert debate_contexts(queries, lines=1)["20180504_Trump_NRA_0132"] == (
        "",
        "A couple of months?",
    )
