"""The cross-encoder reading ahead: which candidate it starts on, and that it changes nothing."""

from concurrent.futures import Future, ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from service.config import DEFAULTS
from service.judgement import ahead, copies, cross, judge, stance
from tests.test_cross_judge import StubHead
from tests.test_verdict import fact_check, statement

CLAIM = "Crime rose 10 percent in Ohio last year."
RECORD = "Ohio saw crime go up by 10 percent last year."
OPPOSITE = "Crime fell 10 percent in Ohio last year."
BUDGET = "Ohio's budget"


class StubReader:
    """Starts nothing: records what it was asked to read and hands back a done Future."""

    def __init__(self):
        self.started = []

    def start(self, executor, claim, others):
        self.started.append(list(others))
        done = Future()
        done.set_result([judge.Judgement(judge.SAME, {judge.SAME: 0.9}) for _ in others])
        return done


def stub_engine(monkeypatch, hits, **config):
    """An engine over `hits`' records with a stub reader; the row ids the store was asked for."""
    reader = StubReader()
    monkeypatch.setattr(cross, "load", lambda directory=None: reader)
    monkeypatch.setattr(judge, "load", lambda: StubHead())
    records = {h.seq: h.statement for h in hits}
    asked = []
    engine = SimpleNamespace(
        config={**DEFAULTS, "JUDGE": True, **config},
        collection=SimpleNamespace(
            store=SimpleNamespace(
                by_seq=lambda seqs: asked.extend(seqs) or {s: records[s] for s in seqs}
            )
        ),
        reader=reader,
        asked=asked,
    )
    return engine


def started(monkeypatch, hits, words=None, **config):
    """ahead.start over `hits` (their order and cosines), and the texts it started reading."""
    engine = stub_engine(monkeypatch, hits, **config)
    cosines = {h.seq: h.score for h in hits}
    early = ahead.start(engine, None, CLAIM, [h.seq for h in hits], cosines, words)
    return early, engine.reader.started


@pytest.mark.parametrize(
    ("hits", "config", "read", "learned"),
    [
        # the first at or above MATCH_THRESHOLD (0.62), whatever ranks above it
        ([fact_check(0, RECORD, "false", 0.7)], {}, 0, 0),
        ([fact_check(0, BUDGET, "true", 0.4), fact_check(1, RECORD, "false", 0.7)], {}, 1, 1),
        # in under_threshold's band (0.55-0.62): read only where the rules read the same claim
        ([fact_check(0, RECORD, "false", 0.58)], {}, 0, 0),
        ([fact_check(0, OPPOSITE, "false", 0.58), fact_check(1, RECORD, "true", 0.7)], {}, None, 0),
        # a statement is never read by the cross-encoder, but its record is kept
        ([statement(0, RECORD, 0.7, "Mike DeWine")], {}, None, 0),
        # nothing close enough
        ([fact_check(0, RECORD, "false", 0.5)], {}, None, None),
        # switched off, or where the lookup would read it otherwise
        ([fact_check(0, RECORD, "false", 0.7)], {"CROSS_AHEAD": False}, None, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"CROSS_AHEAD": "0"}, None, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"JUDGE": False}, None, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"JUDGE_MODEL": "head"}, None, None),
        ([fact_check(0, RECORD, "false", 0.7)], {"CROSS_DEPTH": 2}, None, None),
        ([], {}, None, None),
    ],
)
def test_it_starts_on_the_candidate_the_lookup_will_read(monkeypatch, hits, config, read, learned):
    early, asked = started(monkeypatch, hits, **config)
    assert asked == ([] if read is None else [[hits[read].statement.text]])
    if learned is None:
        assert early is None
    else:
        assert early.seq == learned and early.record is hits[learned].statement
        assert (early.reading(learned) is None) == (read is None)


@pytest.mark.parametrize(
    ("text", "score", "said", "repeats"),
    [
        (RECORD, 0.58, stance.SUPPORTS, False),
        (OPPOSITE, 0.58, stance.REFUTES, False),
        (f'"{CLAIM}" the mailer said.', 0.58, stance.SUPPORTS, True),
        # above the band the rules are left to the lookup
        (RECORD, 0.7, None, None),
    ],
)
def test_what_the_rules_found_on_a_banded_first_is_kept(monkeypatch, text, score, said, repeats):
    early, _ = started(monkeypatch, [fact_check(0, text, "false", score)])
    assert (early.said, early.repeats) == (said, repeats)
    if said is not None:
        assert said == stance.stance(CLAIM, text) and repeats == copies.repeats(CLAIM, text)


@pytest.mark.parametrize(
    ("ranked", "first", "config", "read"),
    [
        # BM25's first leads its second by CROSS_EARLY_LEAD (1.3) or more, or stands alone
        ([(0, 13.0), (1, 10.0)], fact_check(0, RECORD, "false", 0.7), {}, True),
        ([(0, 8.0)], fact_check(0, RECORD, "false", 0.7), {}, True),
        ([(0, 12.0), (1, 10.0)], fact_check(0, RECORD, "false", 0.7), {}, False),
        # a statement is never read by the cross-encoder; switched off; nothing found
        ([(0, 13.0), (1, 10.0)], statement(0, RECORD, 0.7, "Mike DeWine"), {}, False),
        ([(0, 13.0), (1, 10.0)], fact_check(0, RECORD, "false", 0.7), {"CROSS_AHEAD": 0}, False),
        ([(0, 13.0), (1, 10.0)], fact_check(0, RECORD, "false", 0.7), {"JUDGE": False}, False),
        (
            [(0, 13.0), (1, 10.0)],
            fact_check(0, RECORD, "false", 0.7),
            {"CROSS_EARLY_LEAD": 0},
            False,
        ),
        (
            [(0, 13.0), (1, 10.0)],
            fact_check(0, RECORD, "false", 0.7),
            {"CROSS_EARLY_LEAD": 1.4},
            False,
        ),
        ([], fact_check(0, RECORD, "false", 0.7), {}, False),
    ],
)
def test_bm25s_first_is_read_before_the_vector_only_where_it_leads(
    monkeypatch, ranked, first, config, read
):
    engine = stub_engine(monkeypatch, [first, fact_check(1, OPPOSITE, "true", 0.6)], **config)
    early = ahead.from_words(engine, None, CLAIM, ranked)
    assert engine.reader.started == ([[first.statement.text]] if read else [])
    assert (early.seq, early.record) == (0, first.statement) if read else early is None


def test_the_ranking_takes_the_early_reading_of_the_same_row(monkeypatch):
    hits = [fact_check(0, RECORD, "false", 0.7), fact_check(1, OPPOSITE, "true", 0.5)]
    engine = stub_engine(monkeypatch, hits)
    words = ahead.from_words(engine, None, CLAIM, [(0, 13.0), (1, 10.0)])
    engine.asked.clear()
    early = ahead.start(engine, None, CLAIM, [0, 1], {0: 0.7, 1: 0.5}, words)
    # one run, one read of the store: both the early one's
    assert early.future is words.future and len(engine.reader.started) == 1
    assert engine.asked == [] and early.record is hits[0].statement


def test_the_ranking_reads_its_own_row_when_the_early_guess_was_another(monkeypatch):
    hits = [fact_check(0, RECORD, "false", 0.7), fact_check(1, RECORD, "true", 0.5)]
    engine = stub_engine(monkeypatch, hits)
    words = ahead.from_words(engine, None, CLAIM, [(1, 13.0), (0, 10.0)])
    early = ahead.start(engine, None, CLAIM, [0, 1], {0: 0.7, 1: 0.5}, words)
    assert early.seq == 0 and early.future is not words.future
    assert len(engine.reader.started) == 2


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
    early, taken = [], []
    from_words, start = ahead.from_words, ahead.start
    monkeypatch.setattr(ahead, "from_words", lambda *a: early.append(from_words(*a)) or early[-1])
    monkeypatch.setattr(ahead, "start", lambda *a: taken.append(start(*a)) or taken[-1])
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
    # Some were started from BM25's first before the query's vector, and taken.
    assert any(w and a and a.future is w.future for w, a in zip(early, taken, strict=True))


@pytest.mark.slow
def test_a_lookup_reads_and_rules_on_each_candidate_once(make_app, real_embedder, monkeypatch):
    # The band moved up (0.85-0.97) so that these paraphrases and opposites rank first in it,
    # where the rules run ahead of the records.
    app = make_app(embedder=real_embedder, MATCH_THRESHOLD=0.97, SAME_FLOOR=0.85)
    engine = app.extensions["veracity"]
    engine.add_records(
        [
            {"kind": "fact_check", "text": text, "external_id": f"fc-{i}", "rating": {"label": r}}
            for i, (text, r) in enumerate(FACT_CHECKS)
        ]
    )
    done, learned = [], []

    def counted(name, real):
        return lambda a, b: done.append((name, b)) or real(a, b)

    for module, name in ((stance, "stance"), (copies, "repeats")):
        monkeypatch.setattr(module, name, counted(name, getattr(module, name)))
    store = engine.collection.store
    by_seq = store.by_seq
    monkeypatch.setattr(store, "by_seq", lambda seqs: done.extend(seqs) or by_seq(seqs))
    start = ahead.start
    monkeypatch.setattr(ahead, "start", lambda *a: learned.append(start(*a)) or learned[-1])
    claims = [
        "The state's budget has doubled in the past five years.",
        "Crime fell 10 percent in Ohio last year.",
        "Crime in Ohio went up 10% last year.",
        "A factory dyed the river green.",
    ]
    answers = {}
    for on in (False, True):
        engine.config["CROSS_AHEAD"] = on
        answers[on] = []
        for claim in claims:
            done.clear()
            answers[on].append(engine.check(claim, top_k=3))
            answers[on][-1].pop("took_ms")
            if on:
                assert len(done) == len(set(done)), claim  # nothing read or ruled on twice
    assert answers[True] == answers[False]
    assert sum(e is not None and e.said is not None for e in learned) == len(claims)


def test_a_failing_early_guess_costs_the_lookup_nothing(make_app):
    retriever = make_app().extensions["veracity"].retriever
    seen = []

    def broken(ranked):
        seen.append(ranked)
        raise RuntimeError("broken guess")

    _, hits, _ = retriever.search_claim("Russia and North Korea", 5)
    _, same, _ = retriever.search_claim("Russia and North Korea", 5, on_bm25=broken)
    assert seen and seen[0]  # it was called, with BM25's ranking
    assert [h.seq for h in same] == [h.seq for h in hits] and hits
