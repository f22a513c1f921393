"""`veracity sync` against a fixture web on 127.0.0.1: every source kind, politeness, failures,
conditional re-runs, a SIGKILL mid-sync, and the seed article through to /v1/check."""

import datetime
import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.collection import STORE_FILE, Collection
from index.importing import import_file
from index.web import feeds
from index.web.fetch import Disallowed, Fetcher, Politeness
from index.web.sources import Source, SourceError, Sources, parse_every
from index.web.sync import sync
from tests import fixture_web
from tests.fixture_web import GFC_KEY, FixtureWeb

ROOT = Path(__file__).resolve().parents[1]
OUTLETS = ROOT / "index" / "corpus" / "outlets.jsonl"
CONFIG = {
    "SYNC_DELAY": 0,
    "SYNC_TIMEOUT": 1.0,
    "SYNC_MAX_BYTES": 256 * 1024,
    "GFC_API_KEY": GFC_KEY,
}
NOW = datetime.datetime(2026, 12, 3, 8, 0, tzinfo=datetime.UTC)
FEEDS = (
    "/news/rss.xml",
    "/yonhap/rss.xml",
    "/news/sitemap-index.xml",
    "/news/sitemap-1.xml",
    "/factcheck/feed.atom",
    "/feeds/claimreview.json",
)


@pytest.fixture
def web():
    with FixtureWeb() as fixture:
        yield fixture


def open_collection(data_dir: Path, embedder) -> Collection:
    collection = Collection(data_dir, embedder)
    import_file(collection, OUTLETS, "jsonl")  # the profiles `via` names resolve against
    return collection


def add_sources(data_dir: Path, web: FixtureWeb, *, broken: bool = True) -> None:
    sources = Sources(data_dir / STORE_FILE)
    wanted = [
        Source("news-rss", web.url("/news/rss.xml"), "news", outlet="joongang-daily"),
        Source("news-sitemap", web.url("/news/sitemap-index.xml"), "news", outlet="joongang-daily"),
        Source("yonhap", web.url("/yonhap/rss.xml"), "news", outlet="yonhap"),
        Source("checks", web.url("/factcheck/feed.atom"), "factcheck-site"),
        Source("datafeed", web.url("/feeds/claimreview.json"), "claimreview-feed"),
        Source("gfc", web.url("/gfc/claims:search"), "factcheck-api", options={"query": "tax"}),
    ]
    if broken:
        wanted.append(Source("broken", web.url("/broken/rss.xml"), "news", outlet="daily"))
    for source in wanted:
        sources.add(source)
    sources.close()


@pytest.fixture
def synced(tmp_path, web, fake_embedder):
    collection = open_collection(tmp_path / "data", fake_embedder)
    add_sources(collection.data_dir, web)
    reports = {r.source: r for r in sync(collection, CONFIG, now=NOW)}
    return collection, reports


def statements(collection) -> dict:
    return {s.content_hash: s for _, s in collection.store.iter_statements()}


def by_speaker(collection, name: str) -> list:
    return [s for s in statements(collection).values() if s.speaker and s.speaker.name == name]


def test_every_kind_ingests(synced, web):
    collection, reports = synced
    assert {name: r.new for name, r in reports.items()} == {
        "news-rss": 7,
        "news-sitemap": 0,  # the same two articles: their statements are stored already
        "checks": 2,
        "datafeed": 2,
        "gfc": 2,
        "yonhap": 1,  # its other quote of Choe news-rss stored: that record gains Yonhap
        "broken": 1,
    }
    assert all(reports[name].ok for name in reports if name != "broken")
    assert {name: r.updated for name, r in reports.items() if r.updated} == {"yonhap": 1}
    # The seed article's 2 quotes and the budget article's 4, stored already from the feed
    assert reports["news-sitemap"].skipped == 6
    kinds = {s.source for s in statements(collection).values()}
    assert kinds == {"news", "claimreview"}
    assert "/gfc/claims:search?pageToken=p2" in web.paths(200)
    fact = next(
        s for s in statements(collection).values() if s.text == "Wind turbines cause cancer"
    )
    assert (fact.kind, fact.rating.label, fact.rating.value) == ("fact_check", "False", 1)


def test_news_quotes_become_attributed_statements(synced, web):
    collection, _ = synced
    (matsegora,) = [s for s in by_speaker(collection, "Alexandr Matsegora")]
    assert matsegora.text == "Russia and North Korea are the closest of countries"
    assert matsegora.speaker.role == "Russian Ambassador to North Korea"
    assert (matsegora.quote, matsegora.date) == ("direct", "2025-06-20")
    assert matsegora.event == (
        '"Russia and North Korea are the closest of countries," Russian Ambassador to North '
        "Korea Alexandr Matsegora said at the anniversary reception."
    )
    assert [(o.id, o.url, o.via) for o in matsegora.outlets] == [
        ("joongang-daily", web.url("/news/seed.html"), None)
    ]
    choe = {s.outlets[0].id: s for s in by_speaker(collection, "Choe Son-hui")}
    assert choe["joongang-daily"].text == "most solid, invincible alliance"
    # Reported by both: "Yonhap reported, citing KCNA" in one, "KCNA reported" in Yonhap's.
    assert [(o.id, o.via) for o in choe["joongang-daily"].outlets] == [
        ("joongang-daily", "kcna"),
        ("yonhap", "kcna"),
    ]
    (yonhap,) = [
        s for s in by_speaker(collection, "Choe Son-hui") if s.text == "invincible alliance"
    ]
    assert (yonhap.quote, yonhap.speaker.role) == ("direct", "North Korea's Foreign Minister")
    assert [(o.id, o.url, o.via) for o in yonhap.outlets] == [
        ("yonhap", web.url("/yonhap/choe.html"), "kcna")
    ]
    (indirect,) = by_speaker(collection, "Tom Brandt")
    assert (indirect.quote, indirect.text) == ("indirect", "the reserves would last two years")
    assert indirect.speaker.role == "Finance Director"
    assert not by_speaker(collection, "Someone")  # never a guessed speaker


def test_every_request_names_veracity_and_the_contact(tmp_path, web, fake_embedder):
    collection = open_collection(tmp_path / "data", fake_embedder)
    add_sources(collection.data_dir, web, broken=False)
    sync(collection, {**CONFIG, "SYNC_CONTACT": "mailto:ops@example.org"}, now=NOW)
    assert web.agents == {"Veracity/0.1 (fact-check sync; +mailto:ops@example.org)"}


def test_requests_to_one_host_wait_the_delay(web, monkeypatch):
    from index.web import fetch

    slept = []
    monkeypatch.setattr(fetch.time, "monotonic", lambda: 1000.0)  # a clock that stands still
    monkeypatch.setattr(fetch.time, "sleep", slept.append)
    fetcher = Fetcher(Politeness(delay=5.0))
    fetcher.get(web.url("/news/seed.html"))  # robots.txt, then the page
    fetcher.get(web.url("/news/choe.html"))
    assert [p for _, p, _ in web.log] == ["/robots.txt", "/news/seed.html", "/news/choe.html"]
    assert slept == [5.0, 10.0]  # each request 5 s after the one before


def test_robots_txt_is_obeyed(synced, web):
    _, reports = synced
    assert "/robots.txt" in web.paths()
    assert not any(p.startswith("/news/private/") for p in web.paths())
    assert any("disallowed by robots.txt" in note for note in reports["news-rss"].notes)


def test_failing_pages_are_reported_and_the_rest_imports(synced):
    collection, reports = synced
    broken = reports["broken"]
    assert broken.error_count == 5
    text = "\n".join(broken.errors)
    for expected in (
        "HTTP 500",
        "slow.html: ",
        "larger than 262144 bytes",
        "more than 5 redirects",
        "content type 'application/pdf' is not html",
    ):
        assert expected in text
    assert [s.text for s in by_speaker(collection, "Paul Weber")] == ["The bridge is safe"]
    outcome = Sources(collection.data_dir / STORE_FILE).get("broken").last_outcome
    assert outcome["error_count"] == 5


def test_a_second_sync_fetches_nothing_new(synced, web):
    collection, first = synced
    before, logged = len(statements(collection)), len(web.log)
    reports = sync(collection, CONFIG, now=NOW + datetime.timedelta(days=1))
    again = web.log[logged:]
    assert {r.source: r.new for r in reports} == dict.fromkeys(first, 0)
    assert len(statements(collection)) == before
    healthy = [(p, s) for _, p, s in again if not p.startswith(("/broken/", "/gfc/", "/robots"))]
    assert sorted(healthy) == sorted((p, 304) for p in FEEDS)
    # The broken source's feed is read again (its failures are retried); its done page is not.
    assert "/broken/ok.html" not in [p for _, p, _ in again]
    assert "/broken/500.html" in [p for _, p, _ in again]


def test_the_sync_kill_then_rerun_loses_and_duplicates_nothing(tmp_path, fake_embedder):
    with FixtureWeb(articles=12) as web:
        clean = open_collection(tmp_path / "clean", fake_embedder)
        add_sources(clean.data_dir, web, broken=False)
        sync(clean, CONFIG, now=NOW)
        expected = statements(clean)

        crashed = tmp_path / "crashed"
        open_collection(crashed, fake_embedder).store.close()
        add_sources(crashed, web, broken=False)
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_sync", str(crashed)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        pages = 0
        for line in process.stdout:
            if line.startswith("page"):
                pages = int(line.split()[1])
                if pages >= 5:  # the second news article: mid-source
                    process.send_signal(signal.SIGKILL)
                    break
        process.wait()
        assert process.returncode == -signal.SIGKILL
        collection = Collection(crashed, fake_embedder)
        partial = statements(collection)
        assert 0 < len(partial) < len(expected)
        sync(collection, CONFIG, now=NOW + datetime.timedelta(days=1))
        assert statements(collection).keys() == expected.keys()
        assert collection.store.count() == len(expected)


@pytest.mark.parametrize(
    ("config", "options", "error"),
    [
        ({}, {"query": "tax"}, "VERACITY_GFC_API_KEY is not set"),
        ({"GFC_API_KEY": GFC_KEY}, {}, "needs --option query=..."),
        ({"GFC_API_KEY": "wrong"}, {"query": "tax"}, "HTTP 403"),
        ({"GFC_API_KEY": GFC_KEY}, {"query": "circle"}, "'again' came back a second time"),
    ],
)
def test_factcheck_api_failures_are_reported(tmp_path, web, fake_embedder, config, options, error):
    collection = open_collection(tmp_path / "data", fake_embedder)
    sources = Sources(collection.data_dir / STORE_FILE)
    sources.add(Source("gfc", web.url("/gfc/claims:search"), "factcheck-api", options=options))
    settings = {**CONFIG, "GFC_API_KEY": ""} | config
    (report,) = sync(collection, settings, now=NOW)
    assert (report.new, report.error_count) == (0, 1)
    assert error in report.errors[0]
    if settings["GFC_API_KEY"]:  # the key travels in a header, never in a reported URL
        assert settings["GFC_API_KEY"] not in report.errors[0]


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)"])
def test_only_http_urls_are_fetched(url):
    with pytest.raises(Disallowed, match="only http"):
        Fetcher(Politeness(delay=0)).get(url)


def test_the_user_agent_names_veracity_and_the_contact():
    agent = Politeness(contact="https://example.org/veracity").user_agent
    assert agent == "Veracity/0.1 (fact-check sync; +https://example.org/veracity)"


def test_a_feed_with_entities_is_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss>&a;</rss>'
    with pytest.raises(feeds.FeedError, match="DTD"):
        feeds.parse(bomb)


@pytest.mark.parametrize(
    ("every", "seconds"), [("90s", 90), ("30m", 1800), ("6h", 21600), ("1d", 86400), ("45", 45)]
)
def test_every(every, seconds):
    assert parse_every(every) == seconds


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["https://x.example/feed", "--kind", "blog"], "Invalid value for '--kind'"),
        (["ftp://x.example/feed", "--kind", "news"], "url must be an http(s) URL"),
        (["https://x.example/feed", "--kind", "news", "--every", "soon"], "every must look like"),
        (["https://x.example/feed", "--kind", "news", "--name", "a b"], "name may hold"),
        (["https://x.example/feed", "--kind", "news", "--option", "query"], "expected key=value"),
    ],
)
def test_sources_add_rejects_bad_input(tmp_path, monkeypatch, args, message):
    from service.cli import main

    monkeypatch.setenv("VERACITY_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["sources", "add", *args])
    assert result.exit_code == 2 if "Invalid" in message or "key=value" in message else 1
    assert message in result.output


def test_sources_add_list_remove(tmp_path, monkeypatch):
    from service.cli import main

    monkeypatch.setenv("VERACITY_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    added = runner.invoke(
        main,
        [
            "sources",
            "add",
            "https://news.example/rss",
            "--kind",
            "news",
            "--every",
            "2h",
            "--outlet",
            "yonhap",
        ],
    )
    assert added.output == "added news.example-rss: news https://news.example/rss, every 7200 s\n"
    again = runner.invoke(main, ["sources", "add", "https://news.example/rss", "--kind", "news"])
    assert "exists already" in again.output
    listed = runner.invoke(main, ["sources", "list"])
    assert listed.output.split("\t")[:4] == [
        "news.example-rss",
        "news",
        "https://news.example/rss",
        "every 7200 s",
    ]
    assert runner.invoke(main, ["sources", "remove", "news.example-rss"]).exit_code == 0
    assert (
        "no source named" in runner.invoke(main, ["sources", "remove", "news.example-rss"]).output
    )
    with pytest.raises(SourceError, match="no source named"):
        sync(open_collection(tmp_path, _fake()), CONFIG, name="news.example-rss")


def _fake():
    from tests.conftest import FakeEmbedder

    return FakeEmbedder()


SEED_CLAIM = "Russia and North Korea are described as the 'closest of countries.'"


@pytest.mark.slow
def test_the_seed_article_syncs_and_check_cites_it(tmp_path, make_app, real_embedder, web):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(OUTLETS, corpus / "outlets.jsonl")  # outlets only: no seed statements
    app = make_app(embedder=real_embedder, CORPUS_DIR=str(corpus))
    engine = app.extensions["veracity"]
    sources = Sources(engine.collection.data_dir / STORE_FILE)
    sources.add(Source("joongang", web.url("/news/rss.xml"), "news", outlet="joongang-daily"))
    sources.add(Source("yonhap", web.url("/yonhap/rss.xml"), "news", outlet="yonhap"))
    reports = sync(engine.collection, CONFIG, now=NOW, on_added=engine.retriever.index_added)
    assert [r.new for r in reports] == [7, 1]
    body = app.test_client().post("/v1/check", json={"text": SEED_CLAIM}).get_json()
    first = body["evidence"][0]
    assert first["speaker"] == {
        **first["speaker"],
        "name": "Alexandr Matsegora",
        "role": "Russian Ambassador to North Korea",
    }
    assert (first["date"], first["quote"]) == ("2025-06-20", "direct")
    assert "anniversary reception" in first["event"]
    assert first["outlets"][0]["id"] == "joongang-daily"
    assert first["outlets"][0]["url"] == web.url("/news/seed.html")
    assert first["outlets"][0]["profile"]["name"] == "Korea JoongAng Daily"
    assert first["match"] == "matching"
    choe = [e for e in body["evidence"] if e["speaker"]["name"] == "Choe Son-hui"]
    assert choe and all(e["outlets"][0]["via"] == "kcna" for e in choe)


@pytest.mark.slow
def test_the_sync_command_reports_each_source(tmp_path, monkeypatch, web, real_embedder):
    from service.cli import main

    monkeypatch.setenv("VERACITY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("VERACITY_SYNC_DELAY", "0")
    runner = CliRunner()
    url = web.url("/news/rss.xml")
    add = ["sources", "add", url, "--kind", "news", "--name", "daily", "--outlet", "yonhap"]
    assert runner.invoke(main, add).exit_code == 0
    first = runner.invoke(main, ["sync", "--quiet"])
    assert first.exit_code == 0, first.output
    assert "daily (news): fetched 4, not modified 0, new 7, updated 0, skipped 1, errors 0" in (
        first.output
    )
    assert runner.invoke(main, ["sync"]).output == "no source is due\n"
    again = runner.invoke(main, ["sync", "--source", "daily", "--quiet"])
    assert "daily (news): fetched 0, not modified 1, new 0" in again.output
    listed = runner.invoke(main, ["sources", "list"]).output
    assert "\tlast run " in listed and "new 0, errors 0" in listed


def test_a_revised_review_updates_the_stored_fact_check(synced, web):
    collection, _ = synced
    doc = fixture_web.data_feed()
    element = doc["dataFeedElement"][0]
    element["dateModified"] = "2026-11-20T00:00:00Z"
    element["item"][0]["reviewRating"]["alternateName"] = "Mostly false"
    web.routes["/feeds/claimreview.json"] = (200, "application/json", json.dumps(doc).encode())
    (report,) = sync(collection, CONFIG, name="datafeed", now=NOW + datetime.timedelta(days=1))
    assert (report.new, report.updated, report.skipped) == (0, 1, 1)
    (fact,) = [s for s in statements(collection).values() if s.text == "Wind turbines cause cancer"]
    assert (fact.rating.label, fact.rating.value) == ("Mostly false", 2)


def _feed_sync(tmp_path, web, fake_embedder, body: bytes):
    collection = open_collection(tmp_path / "data", fake_embedder)
    sources = Sources(collection.data_dir / STORE_FILE)
    sources.add(Source("datafeed", web.url("/feeds/claimreview.json"), "claimreview-feed"))
    sources.close()
    web.routes["/feeds/claimreview.json"] = (200, "application/json", body)
    (report,) = sync(collection, CONFIG, now=NOW)
    return collection, report


def test_a_big_data_feed_streams_in_batches(tmp_path, web, fake_embedder, monkeypatch):
    # 300 elements, read one at a time from the spooled body and stored FEED_BATCH at a time.
    from index.web import kinds
    from index.web.sync import Run

    doc = fixture_web.data_feed()
    doc["dataFeedElement"] = [
        {
            "@type": "DataFeedItem",
            "dateModified": f"2026-11-{1 + n % 28:02d}T00:00:00Z",
            "item": [
                fixture_web.claimreview(100 + n, f"Claim {n} about bridges", "False", "2026-11-01")
            ],
        }
        for n in range(300)
    ]
    sizes, real_add = [], Run.add
    monkeypatch.setattr(
        Run,
        "add",
        lambda run, records, **kw: sizes.append(len(records)) or real_add(run, records, **kw),
    )
    collection, report = _feed_sync(tmp_path, web, fake_embedder, json.dumps(doc).encode())
    assert (report.new, report.error_count) == (300, 0)
    assert [n for n in sizes if n] == [kinds.FEED_BATCH] * 4 + [300 - 4 * kinds.FEED_BATCH]
    texts = {s.text for _, s in collection.store.iter_statements()}
    assert {f"Claim {n} about bridges" for n in range(300)} <= texts


@pytest.mark.parametrize(
    ("body", "new", "error"),
    [
        # A top-level list of elements is a feed too.
        (json.dumps(fixture_web.data_feed()["dataFeedElement"]).encode(), 2, None),
        (b'{"dataFeedElement": {"item": []}}', 0, "dataFeedElement is not a list"),
        (b"<html>not a feed</html>", 0, "not JSON"),
        # Cut off in the second element: the first is stored, the break is reported.
        (json.dumps(fixture_web.data_feed()).encode()[:700], 1, "not JSON"),
    ],
)
def test_data_feed_shapes_and_breaks(tmp_path, web, fake_embedder, body, new, error):
    _, report = _feed_sync(tmp_path, web, fake_embedder, body)
    assert report.new == new
    if error is None:
        assert report.ok, report.errors
    else:
        assert any(error in e for e in report.errors), report.errors


def test_a_page_the_feed_says_changed_is_read_again(synced, web):
    collection, _ = synced
    path = "/factcheck/checks/1.html"
    status, kind, body = web.routes[path][:3]
    web.routes[path] = (
        status,
        kind,
        body.replace(b'"alternateName": "False"', b'"alternateName": "Pants on Fire"'),
    )
    feed = web.routes["/factcheck/feed.atom"]
    changed = feed[2].replace(
        f'href="{web.url(path)}"/><updated>2026-11-02T00:00:00Z'.encode(),
        f'href="{web.url(path)}"/><updated>2026-11-05T09:30:00+01:00'.encode(),
    )
    assert changed != feed[2]
    web.routes["/factcheck/feed.atom"] = (*feed[:2], changed, *feed[3:])
    later = NOW + datetime.timedelta(days=1)
    (report,) = sync(collection, CONFIG, name="checks", now=later)
    assert (report.rechecked, report.updated, report.new) == (1, 1, 0)
    assert report.articles == 1  # the other pages: listed with their old times, not read
    assert web.paths(200).count(path) == 2
    (fact,) = [s for s in statements(collection).values() if s.text == "The moon is made of cheese"]
    assert fact.rating.label == "Pants on Fire"
    (again,) = sync(collection, CONFIG, name="checks", now=later + datetime.timedelta(days=1))
    assert (again.rechecked, again.fetched) == (0, 0)


def test_sources_on_different_hosts_sync_side_by_side(tmp_path, fake_embedder, monkeypatch):
    import threading

    from index.web import kinds

    # Each run waits at a barrier for the other: run one after another, the first would
    # wait out the timeout and fail.
    meet = threading.Barrier(2, timeout=10)
    real = kinds.RUNNERS["news"]

    def news(run):
        meet.wait()
        real(run)

    monkeypatch.setitem(kinds.RUNNERS, "news", news)
    with FixtureWeb() as first, FixtureWeb() as second:
        collection = open_collection(tmp_path / "data", fake_embedder)
        sources = Sources(collection.data_dir / STORE_FILE)
        sources.add(Source("first", first.url("/news/rss.xml"), "news", outlet="joongang-daily"))
        sources.add(Source("second", second.url("/yonhap/rss.xml"), "news", outlet="yonhap"))
        sources.close()
        reports = sync(collection, CONFIG, now=NOW)
    assert [r.source for r in reports] == ["first", "second"]  # in the sources' order
    assert all(r.ok for r in reports), [r.errors for r in reports]
    # Choe's words, in both: stored by whichever ran first; the other gains its outlet.
    assert sum(r.new for r in reports) == 8 and sum(r.updated for r in reports) == 1
