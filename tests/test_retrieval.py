"""Hybrid retrieval behind /v1/check: fusion, live adds reaching BM25, re-ranker settings."""

import datetime
import os
import threading

import pytest

from index.dates import day
from service.judgement.fusion import around, fuse
from service.judgement.rerank import RerankerNotFound

KEY = {"X-API-Key": "test-key"}
FACT_CHECK = {
    "kind": "fact_check",
    "external_id": "vclaim-sno-zebra",
    "text": "Zebras were seen crossing Lake Michigan on an ice bridge.",
    "title": "Zebra Ice Bridge",
    "extra": {"subtitle": "A viral clip shows striped animals walking over frozen water."},
    "rating": {"label": "false", "reviewer": "Snopes"},
}


def test_fusion_adds_bm25_over_the_best_to_the_cosine():
    cosines = {1: 0.80, 2: 0.70, 3: 0.60, 4: 0.75}
    # BM25 returned its best 3 (the depth): 4 scored at most the last one's 2.0.
    fused = fuse(cosines, [(3, 8.0), (2, 4.0), (1, 2.0)], depth=3, weight=0.25)
    assert fused == pytest.approx({1: 0.8625, 2: 0.825, 3: 0.85, 4: 0.8125})
    assert sorted(fused, key=fused.get, reverse=True) == [1, 3, 2, 4]
    # Fewer than the depth: BM25 returned every record sharing a word, the rest score 0.
    assert fuse(cosines, [(3, 8.0)], depth=3, weight=0.25)[4] == pytest.approx(0.75)
    assert fuse(cosines, [], depth=3, weight=0.25) == cosines


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-09-26", datetime.date(2016, 9, 26)),
        ("2016-09", datetime.date(2016, 9, 15)),  # a month: its middle
        ("2016", datetime.date(2016, 7, 1)),  # a year: its middle
        ("2016-02-30", None),
        ("2016-13", None),
        ("26/09/2016", None),
        ("", None),
        (None, None),
    ],
)
def test_a_date_hint_is_read_as_a_day(value, expected):
    assert day(value) == expected


def test_live_added_record_is_found_by_bm25_and_keeps_its_cosine(app):
    client = app.test_client()
    assert (
        client.post("/v1/statements", json={"records": [FACT_CHECK]}, headers=KEY).status_code
        == 201
    )
    retriever = app.extensions["veracity"].retriever
    tweet = "ZEBRAS on the ice!! #LakeMichigan https://t.co/x — Jo (@jo) January 1, 2020"
    query, hits = retriever.search(tweet, 3)
    assert query.text == "ZEBRAS on the ice!! Lake Michigan"
    assert query.author == "Jo"
    assert hits[0].statement.external_id == "vclaim-sno-zebra"
    assert 0 < hits[0].score <= 1  # the cosine, which the verdict thresholds read
    assert hits[0].rank_score is not None
    assert retriever.lexical.count == app.extensions["veracity"].collection.store.count()
    body = client.post("/v1/check", json={"text": tweet, "top_k": 2}).get_json()
    assert body["evidence"][0]["external_id"] == "vclaim-sno-zebra"


def test_subtitle_is_indexed_for_matching(app):
    app.test_client().post("/v1/statements", json={"records": [FACT_CHECK]}, headers=KEY)
    _, hits = app.extensions["veracity"].retriever.search("striped animals over frozen water", 1)
    assert hits[0].statement.external_id == "vclaim-sno-zebra"


def test_vectors_only_when_lexical_weight_is_zero(make_app):
    app = make_app(LEXICAL_WEIGHT=0.0)
    retriever = app.extensions["veracity"].retriever
    _, hits = retriever.search("Russia and North Korea", 2)
    assert retriever.lexical.count == 0
    assert hits[0].rank_score == hits[0].score


def test_reranking_is_off_by_default(app):
    assert app.extensions["veracity"].retriever.reranker is None


def test_a_reranker_path_without_a_trained_model_is_refused(make_app, tmp_path):
    with pytest.raises(RerankerNotFound, match="veracity train"):
        make_app(RERANKER=str(tmp_path))


def _without_snapshot(make_app, **config):
    """An app over a store whose BM25 snapshot is gone (a store from before snapshots)."""
    engine = make_app(**config).extensions["veracity"]
    engine.collection.lexical_path.unlink()
    return make_app(**config)


def test_a_restart_serves_hybrid_at_once_from_the_bm25_snapshot(make_app):
    """The import saved a snapshot; a new process maps it instead of indexing the store."""
    engine = make_app().extensions["veracity"]
    assert engine.collection.lexical_path.is_file()
    retriever = make_app().extensions["veracity"].retriever
    assert retriever.lexical.count == engine.collection.store.count() > 0  # before any catch-up
    assert retriever.lexical_ready
    _, hits = retriever.search("Russia and North Korea", 2)
    assert hits[0].rank_score != hits[0].score  # fused with BM25


def test_a_damaged_bm25_snapshot_is_rebuilt_from_the_store(make_app, caplog):
    engine = make_app().extensions["veracity"]
    engine.collection.lexical_path.write_bytes(b"not a snapshot")
    retriever = make_app().extensions["veracity"].retriever
    assert "not a BM25 snapshot; BM25 is rebuilt from the store" in caplog.text
    assert retriever.lexical.count == 0
    retriever.catch_up()
    assert retriever.lexical.count == engine.collection.store.count()


def test_large_backlog_is_indexed_for_bm25_in_the_background(make_app, monkeypatch):
    """A start over many records answers at once from the vectors, then turns hybrid."""
    from service.judgement import bm25_sync

    app = _without_snapshot(make_app)
    monkeypatch.setattr(bm25_sync, "BACKGROUND_CATCH_UP", 1)
    retriever = app.extensions["veracity"].retriever
    release = threading.Event()
    real_add = retriever.lexical.add

    def slow_add(items):
        release.wait(10)
        return real_add(items)

    monkeypatch.setattr(retriever.lexical, "add", slow_add)
    _, hits = retriever.search("Russia and North Korea", 2)
    assert not retriever.lexical_ready
    assert app.test_client().get("/healthz").get_json()["lexical_ready"] is False
    assert hits and hits[0].rank_score == hits[0].score  # vectors alone, not fused
    building = retriever.bm25._building
    release.set()
    building.join(10)
    assert retriever.lexical_ready
    assert retriever.lexical.count == app.extensions["veracity"].collection.store.count()
    _, hits = retriever.search("Russia and North Korea", 2)
    assert hits[0].rank_score != hits[0].score
    health = app.test_client().get("/healthz").get_json()
    assert health["lexical_ready"] is True and health["worker"] == os.getpid()


def test_a_gunicorn_worker_is_warmed_before_its_first_request(make_app, monkeypatch):
    import gc
    import os
    import types

    app = _without_snapshot(make_app)

    # The config module pins thread counts in the environment it is imported into.
    monkeypatch.setattr(os, "environ", dict(os.environ))
    from service.http import gunicorn_conf

    engine = app.extensions["veracity"]
    encoded = []
    monkeypatch.setattr(engine.embedder, "encode", lambda texts, **kw: encoded.append(texts))
    assert engine.retriever.lexical.count == 0  # untouched until a lookup or the hook
    assert gc.get_freeze_count() == 0
    try:
        gunicorn_conf.post_worker_init(types.SimpleNamespace(wsgi=app))
        # What the worker loaded is kept out of the collector's full scans.
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
    assert engine.retriever.lexical_ready
    assert engine.retriever.lexical.count == engine.collection.store.count() > 0
    assert encoded == [["warm up"]]


def test_bm25_runs_beside_the_embedding_and_its_errors_reach_the_caller(app, monkeypatch):
    import threading

    retriever = app.extensions["veracity"].retriever
    real_search, seen = retriever.lexical.search, []

    def search(words, depth):
        seen.append(threading.current_thread().name)
        return real_search(words, depth)

    monkeypatch.setattr(retriever.lexical, "search", search)
    _, hits = retriever.search("Russia and North Korea", 2)
    assert seen and seen[0].startswith("beside") and hits[0].rank_score != hits[0].score

    def broken(words, depth):
        raise RuntimeError("postings unreadable")

    monkeypatch.setattr(retriever.lexical, "search", broken)
    with pytest.raises(RuntimeError, match="postings unreadable"):
        retriever.search("Russia and North Korea", 2)


@pytest.mark.parametrize(
    ("before", "after", "chars", "window"),
    [
        ("", "", 200, "CLAIM"),
        ("He worked for me.", "Little period.", 200, "He worked for me. CLAIM Little period."),
        # Only the nearest whole words: the end of what came before, the start of what follows.
        ("one two three four five", "six seven eight nine", 10, "four five CLAIM six seven"),
        ("one two three four five", "six seven eight nine", 9, "four five CLAIM six seven"),
        ("averyveryverylongword", "anotherverylongword", 5, "CLAIM"),
        # Cleaned as the claim is: no links, handles split into words.
        (
            "Said by @RealSpeaker https://t.co/x",
            "#FakeNews",
            200,
            "Said by Real Speaker CLAIM Fake News",
        ),
    ],
)
def test_around_keeps_the_nearest_words_each_side(before, after, chars, window):
    assert around(before, "CLAIM", after, chars) == window
