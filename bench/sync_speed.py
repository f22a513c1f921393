"""Sync throughput: news articles processed per second on the fixture web (tests/fixture_web.py).

    python -m bench.sync_speed [--articles 300] [--real] [--hosts 3 --delay 0.2]

Each article is fetched from 127.0.0.1, read, its quotes extracted and stored with their
vectors. The fake embedder isolates fetching and extraction; --real adds the service's model,
which is what a deployment pays. With --hosts N the articles are split over N fixture sites
(N hosts, one news source each) fetched with a per-host delay, once one source at a time
(VERACITY_SYNC_WORKERS=1) and once side by side (4): what a polite sync of several outlets pays.
"""

import argparse
import datetime
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from index.collection import STORE_FILE, Collection
from index.web.sources import Source, Sources
from index.web.sync import sync
from tests.fixture_web import FixtureWeb


def run(embedder, articles: int, hosts: int, delay: float, workers: int) -> tuple:
    with ExitStack() as stack:
        webs = [stack.enter_context(FixtureWeb(articles=articles // hosts)) for _ in range(hosts)]
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        collection = Collection(Path(tmp), embedder)
        sources = Sources(collection.data_dir / STORE_FILE)
        for n, web in enumerate(webs):
            sources.add(Source(f"daily{n}", web.url("/news/rss.xml"), "news", outlet="daily"))
        config = {"SYNC_DELAY": delay, "SYNC_WORKERS": workers}
        started = time.perf_counter()
        reports = sync(collection, config, now=datetime.datetime.now(datetime.UTC))
        seconds = time.perf_counter() - started
    return sum(r.articles for r in reports), sum(r.new for r in reports), seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--real", action="store_true", help="Embed with the service's model.")
    parser.add_argument("--hosts", type=int, default=1)
    parser.add_argument("--delay", type=float, default=0.0, help="Seconds between two requests.")
    args = parser.parse_args()
    if args.real:
        from index.embed import load_embedder

        embedder, label = load_embedder(), "real model"
    else:
        from tests.conftest import FakeEmbedder

        embedder, label = FakeEmbedder(), "fake embedder"
    print("| embedder | hosts | delay s | workers | articles | statements | seconds | articles/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for workers in (1, 4) if args.hosts > 1 else (1,):
        articles, new, seconds = run(embedder, args.articles, args.hosts, args.delay, workers)
        print(
            f"| {label} | {args.hosts} | {args.delay} | {workers} | {articles} | {new} | "
            f"{seconds:.2f} | {articles / seconds:.1f} |"
        )


if __name__ == "__main__":
    main()
