"""Sync throughput: news articles processed per second on the fixture web (tests/fixture_web.py).

    python -m bench.sync_speed [--articles 300] [--real]

Each article is fetched from 127.0.0.1 (no per-host delay), read, its quotes extracted and
stored with their vectors. The fake embedder isolates fetching and extraction; --real adds the
service's model, which is what a deployment pays.
"""

import argparse
import datetime
import tempfile
import time
from pathlib import Path

from index.collection import STORE_FILE, Collection
from index.web.sources import Source, Sources
from index.web.sync import sync
from tests.fixture_web import FixtureWeb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--real", action="store_true", help="Embed with the service's model.")
    args = parser.parse_args()
    if args.real:
        from index.embed import load_embedder

        embedder, label = load_embedder(), "real model"
    else:
        from tests.conftest import FakeEmbedder

        embedder, label = FakeEmbedder(), "fake embedder"
    with FixtureWeb(articles=args.articles) as web, tempfile.TemporaryDirectory() as tmp:
        collection = Collection(Path(tmp), embedder)
        sources = Sources(collection.data_dir / STORE_FILE)
        sources.add(Source("daily", web.url("/news/rss.xml"), "news", outlet="daily"))
        started = time.perf_counter()
        (report,) = sync(collection, {"SYNC_DELAY": 0}, now=datetime.datetime.now(datetime.UTC))
        seconds = time.perf_counter() - started
    print("| embedder | articles | statements | seconds | articles/s |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| {label} | {report.articles} | {report.new} | {seconds:.2f} | "
        f"{report.articles / seconds:.1f} |"
    )


if __name__ == "__main__":
    main()
