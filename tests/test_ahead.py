"""The cross-encoder reading ahead: which candidate it starts on, and that it changes nothing."""

from concurrent.futures import Future, ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from service.config import DEFAULTS
from service.judgement import ahead, cross, judge
from tests.test_cross_judge import StubHead
from tests.test_verdict import fact_check, statement

CLAIM = "Crime rose 10 percent in Ohio last year."
RECORD = "Ohio saw crime go up by 10 percent last year."
OPPOSITE = "Crime fell 10 percent in Ohio last year."


class StubReader:
    """Starts nothing: records what it was asked to read and hands back a done Future."""

    def __init__(self):
        self.started = []

    def start(self, executor, claim, others):
        self.started.append(list(others))
        done = Future()
        done.set_result([judge.Judgement(judge.SAME, {judge.SAME: 0.9}) for _ in others])
        return done


def started(monkeypatch, hits, **config):
    """ahead.start over `hits` (their order and cosines), and the texts it started reading."""
    reader = StubReader()
    monkeypatch.setattr(cross, "load", lambda directory=None: reader)
    monkeypatch.setattr(judge, "load", lambda: StubHead())
    records = {h.seq: h.statement for h in hits}
    engine = SimpleNamespace(
        config={**DEFAULTS, "JUDGE": True, **config},
        collection=SimpleNamespace(
            store=SimpleNamespace(by_seq=lambda seqs: {s: records[s] for s in seqs})
        ),
    )
    cosines = {h.seq: h.score for h in hits}
    early = ahead.start(engine, None, CLAIM, [h.seq for h in hits], cosines)
    return early, reader.started


@pytest.mark.parametrize(
    ("hits", "config", "expected"),
    [
        # the first at or above MATCH_THRESHOLD (0.62), whatever ranks above it
        ([fact_check(0, RECORD, "false", 0.7)], {}, 0),
        ([fact_check(0, "Ohio's budget", "true", 0.4), fact_check(1, RECORD, "false", 0.7)], {}, 1),
        # in under_threshold's band (0.55-0.62): only where the rules read the same claim
        ([fact_check(0, RECORD, "false", 0.58)], {}, 0),
        ([fact_check(0, OPPOSITE, "false", 0.58), fact_check(1, RECORD, "true", 0.7)], {}, None),
        # a statement is never read by the cross-encoder; nothing close enough
        ([statement(0, RECORD, 0.7, "Mike DeWine")], {}, None),
        ([fact_check(0, RECORD, "false", 0.5)], {}, None),
        # switched off, or where the lookup would read it otherwise
        ([fact_check(0, RECORD, "false", 0.7)], {"CROSS_AHEAD": False}, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"CROSS_AHEAD": "0"}, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"JUDGE": False}, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"JUDGE_MODEL": "head"}, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"CROSS_DEPTH": 2}, None),
        ([], {}, None),
    ],
)
def test_it_starts_on_the_candidate_the_lookup_will_read(monkeypatch, hits, config, expected):
    early, asked = started(monkeypatch, hits, **config)
    if expected is None:
        assert early is None and asked == []
    else:
        assert early.seq == expected and asked == [[hits[expected].statement.text]]


def test_a_reading_is_handed_over_for_its_own_row_only(monkeypatch):
    early, _ = started(monkeypatch, [fact_check(3, RECORD, "false", 0.7)])
    assert early.reading(4) is None
    assert early.reading(3).relation == judge.SAME


def test_started_on_a_thread_it_reads_as_judge_many_does():
    reader = cross.load(None)
    others = [RECORD, OPPOSITE, "Ohio's governor signed the budget in June."]
    with ThreadPoolExecutor(1) as executor:
        found = [reader.start(executor, CLAIM, [o]).result()[0] for o in others]
    assert found == [reader.judge_many(CLAIM, [o])[0] for o in others]
    assert found[1].relation == judge.OPPOSITE


def test_a_failed_run_reaches_whoever_waits(monkeypatch):
    reader = cross.load(None)

    def broken(names, feed):
        raise RuntimeError("onnxruntime failed")

    monkeypatch.setattr(reader.session, "run", broken, raising=False)
    with ThreadPoolExecutor(1) as executor:
        future = reader.start(executor, CLAIM, [RECORD])
        with pytest.raises(RuntimeError, match="onnxruntime failed"):
            future.result()


FACT_CHECKS = [
    ("The state budget doubled in five years.", "Mostly True"),
    ("Crime rose 10 percent in Ohio last year.", "False"),
    ("The river was dyed green by a factory.", "Pants on Fire!"),
    ("Ohio's governor signed the budget in June.", "True"),
]


@pytest.mark.slow
def test_lookups_answer_the_same_with_and_without_it(make_app, real_embedder, monkeypatch):
    app = make_app(embedder=real_embedder)
    engine = app.extensions["veracity"]
    engine.add_records(
        [
            {
                "kind": "fact_check",
                "text": text,
                "external_id": f"fc-{i}",
                "rating": {"label": label, "reviewer": "Example Checks"},
            }
            for i, (text, label) in enumerate(FACT_CHECKS)
        ]
    )
    reader = cross.load(engine.config["CROSS_MODEL"] or None)
    when_asked = []
    judge_many = reader.judge_many
    monkeypatch.setattr(
        reader, "judge_many", lambda *a: when_asked.append(a) or judge_many(*a), raising=False
    )
    claims = [
        "The state budget doubled over five years.",
        "Crime fell 10 percent in Ohio last year.",
        "A factory dyed the river green.",
        "Unemployment in Maine is the lowest in a decade.",
    ]
    answers, runs = {}, {}
    for on in (False, True):
        engine.config["CROSS_AHEAD"] = on
        when_asked.clear()
        answers[on] = [engine.check(c, top_k=3) for c in claims]
        for answer in answers[on]:
            answer.pop("took_ms")
        runs[on] = len(when_asked)
    assert answers[True] == answers[False]
    relations = [[e["relation"] for e in a["evidence"] if e["relation"]] for a in answers[True]]
    assert sum(map(len, relations)) >= 3  # the judge ran on most of them
    # Every reading came from the one started ahead; without it, each was read when asked.
    assert runs == {False: 3, True: 0}
