"""The benchmark's scorer, on hand-worked rankings."""

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
