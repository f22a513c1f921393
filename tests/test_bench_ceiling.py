"""bench.ceiling: the reference reader answers the case's pairs and leaves the rest alone."""

import pytest

from bench.ceiling import Reference
from service.judgement import judge

CLAIM = "Says Ohio's crime rose 10% last year."
TWIN = "says ohio s crime rose 10 last year"  # the same claim group, another text
OTHER = "Ohio's crime fell last year."


class Shipped:
    """A shipped reader that calls every pair the same claim, unsure."""

    def judge_many(self, claim, others):
        return [judge.Judgement(judge.SAME, {judge.SAME: 0.6}) for _ in others]


@pytest.mark.parametrize(
    "every, relation, expected",
    [
        (False, judge.OPPOSITE, [judge.OPPOSITE, judge.SAME, judge.SAME]),
        (True, judge.OPPOSITE, [judge.OPPOSITE, judge.OPPOSITE, judge.DIFFERENT]),
        (False, judge.SAME, [judge.SAME, judge.SAME, judge.SAME]),
        (True, judge.DIFFERENT, [judge.DIFFERENT, judge.DIFFERENT, judge.DIFFERENT]),
    ],
)
def test_the_reference_reads_the_cases_pairs_by_their_answer(every, relation, expected):
    reference = Reference(Shipped(), every=every)
    reference.target = (CLAIM, relation)
    read = reference.judge_many("a reader's claim", [CLAIM, TWIN, OTHER])
    assert [r.relation for r in read] == expected
    # The answer is sure; what it leaves to the shipped reader keeps that reader's doubt.
    assert read[0].probabilities[relation] == 1.0
    if not every:
        assert read[1].probabilities == {judge.SAME: 0.6}


def test_the_reference_reads_ahead_as_it_reads_when_asked():
    reference = Reference(Shipped(), every=True)
    reference.target = (CLAIM, judge.OPPOSITE)
    future = reference.start(None, "a reader's claim", [OTHER, CLAIM])
    assert [r.relation for r in future.result()] == [judge.DIFFERENT, judge.OPPOSITE]
