"""VERACITY_SYNC=1: a served worker syncs in the background; lookups see the new records."""

import fcntl
import time

import pytest

from index.collection import STORE_FILE
from index.web.sources import Source, Sources
from index.web.sync import LOCK_FILE
from service import background_sync
from tests.fixture_web import FixtureWeb


@pytest.fixture
def web():
    with FixtureWeb() as fixture:
        yield fixture


@pytest.fixture
def engine(make_app, web):
    app = make_app(SYNC_DELAY=0, SYNC_CHECK_SECONDS=3600)
    engine = app.extensions["veracity"]
    sources = Sources(engine.collection.data_dir / STORE_FILE)
    sources.add(Source("daily", web.url("/news/rss.xml"), "news", outlet="joongang-daily"))
    sources.close()
    engine.client = app.test_client()
    return engine


def last_run(engine):
    return Sources(engine.collection.data_dir / STORE_FILE).get("daily").last_run


def wait_for(condition, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_background_sync_feeds_the_next_lookup(engine):
    claim = {"text": "Nobody asked the residents"}
    before = engine.client.post("/v1/check", json=claim).get_json()
    assert all(e["speaker"] != {"name": "Maria Ortiz"} for e in before["evidence"])
    stop = background_sync.start(engine)
    try:
        assert wait_for(lambda: last_run(engine) is not None)
    finally:
        stop.set()
    after = engine.client.post("/v1/check", json=claim).get_json()
    first = after["evidence"][0]
    assert (first["speaker"]["name"], first["text"]) == (
        "Maria Ortiz",
        "Nobody asked the residents",
    )


def test_only_the_worker_holding_the_lock_syncs(engine, web):
    with open(engine.collection.data_dir / LOCK_FILE, "a") as other_worker:
        fcntl.flock(other_worker, fcntl.LOCK_EX | fcntl.LOCK_NB)
        stop = background_sync.start(engine)
        time.sleep(0.5)
        stop.set()
    assert last_run(engine) is None
    assert web.log == []


@pytest.mark.parametrize(("setting", "started"), [(True, 1), (False, 0)])
def test_a_served_worker_starts_the_sync_only_when_asked(make_app, monkeypatch, setting, started):
    import gc
    import os
    import types

    monkeypatch.setattr(os, "environ", dict(os.environ))  # gunicorn_conf pins thread counts
    from service.http import gunicorn_conf

    app = make_app(SYNC=setting)
    calls = []
    monkeypatch.setattr(background_sync, "start", calls.append)
    try:
        gunicorn_conf.post_worker_init(types.SimpleNamespace(wsgi=app))
    finally:
        gc.unfreeze()
    assert calls == [app.extensions["veracity"]] * started
