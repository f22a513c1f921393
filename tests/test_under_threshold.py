"""A first fact-check under MATCH_THRESHOLD that the cross-encoder reads as the same claim."""

from types import SimpleNamespace

import numpy as np
import pytest

from service.config import DEFAULTS
from service.judgement import cross, judge, relations, under_threshold, verdict
from tests.test_cross_judge import StubCross, StubHead
from tests.test_verdict import fact_check, statement

CLAIM = "Crime rose 10 percent in Ohio last year."
RECORD = "Ohio saw crime go up by 10 percent last year."


def read(monkeypatch, hits, relation=judge.SAME, **config):
    reader = StubCross(relation)
    monkeypatch.setattr(cross, "load", lambda directory=None: reader)
    monkeypatch.setattr(judge, "load", lambda: StubHead())
    engine = SimpleNamespace(config={**DEFAULTS, "JUDGE": True, **config})
    return under_threshold.read_as_same(engine, CLAIM, hits, {}, frozenset()), reader


@pytest.mark.parametrize(
    ("hit", "relation", "config", "expected"),
    [
        (fact_check(0, RECORD, "false", 0.58), judge.SAME, {}, {0}),
        (fact_check(0, RECORD, "false", 0.58), judge.DIFFERENT, {}, set()),
        (fact_check(0, RECORD, "false", 0.58), judge.OPPOSITE, {}, set()),
        # the stance rules see a contradiction: no rating carries
        (
            fact_check(0, "Crime fell 10 percent in Ohio last year.", "false", 0.58),
            judge.SAME,
            {},
            set(),
        ),
        # too little in common for the stance rules: the model is not asked
        (
            fact_check(0, "Ohio's police budget went up in 2019.", "false", 0.58),
            judge.SAME,
            {},
            set(),
        ),
        # under the floor, or at the threshold (where it matches anyway)
        (fact_check(0, RECORD, "false", 0.54), judge.SAME, {}, set()),
        (fact_check(0, RECORD, "false", 0.62), judge.SAME, {}, set()),
        (statement(0, RECORD, 0.58, "Mike DeWine"), judge.SAME, {}, set()),
        (fact_check(0, RECORD, "false", 0.58), judge.SAME, {"SAME_FLOOR": 0}, set()),
        (fact_check(0, RECORD, "false", 0.58), judge.SAME, {"JUDGE_MODEL": "head"}, set()),
        (fact_check(0, RECORD, "false", 0.58), judge.SAME, {"JUDGE": False}, set()),
    ],
)
def test_read_as_same(monkeypatch, hit, relation, config, expected):
    found, reader = read(monkeypatch, [hit], relation, **config)
    assert set(found) == expected
    if expected:
        assert reader.asked == [[RECORD]]
    if hit.statement.text != RECORD:
        assert reader.asked == []


def test_a_lookup_reads_its_first_fact_check_once(monkeypatch):
    hits = [fact_check(0, RECORD, "false", 0.58)]
    found, reader = read(monkeypatch, hits)
    assert found[0].relation == judge.SAME and reader.asked == [[RECORD]]
    engine = SimpleNamespace(
        config={**DEFAULTS, "JUDGE": True},
        collection=SimpleNamespace(vectors_by_seq=lambda seqs: {s: np.zeros(384) for s in seqs}),
    )
    judged = relations.judge_candidates(
        engine, CLAIM, np.zeros(384), hits, {}, frozenset(found), known=found
    )
    assert reader.asked == [[RECORD]]  # judge_candidates did not read it again
    assert judged[0].relation == judge.SAME


def test_only_the_first_hit_is_read(monkeypatch):
    iowa = "Crime rose 10 percent in Iowa last year."
    hits = [fact_check(0, RECORD, "true", 0.6), fact_check(1, iowa, "false", 0.58)]
    found, reader = read(monkeypatch, hits)
    assert set(found) == {0} and reader.asked == [[RECORD]]


def test_its_rating_carries_tentatively_and_says_why():
    hit = fact_check(0, RECORD, "false", 0.58)
    result = verdict.assess(
        CLAIM,
        [hit],
        match_threshold=0.62,
        support_threshold=0.5,
        relations={0: judge.Judgement(judge.SAME, {judge.SAME: 0.9}, disputed=True)},
        copies=frozenset({0}),
    )
    assert result.label == "false" and not result.confident
    assert result.confidence <= verdict.DISPUTED
    assert "under the match threshold (0.58)" in result.explanation
