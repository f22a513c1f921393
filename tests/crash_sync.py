"""Run a sync for the crash test; print `page N` after each page whose records are committed.

    python -m tests.crash_sync DATA_DIR

The sources are those the test added to DATA_DIR; the fake embedder keeps it fast.
"""

import sys
from pathlib import Path

from index.collection import Collection
from index.web.sync import sync
from tests.conftest import FakeEmbedder
from tests.fixture_web import GFC_KEY

CONFIG = {"SYNC_DELAY": 0.2, "SYNC_TIMEOUT": 5.0, "GFC_API_KEY": GFC_KEY}


def main() -> None:
    collection = Collection(Path(sys.argv[1]), FakeEmbedder())
    print("ready", flush=True)
    pages = 0

    def page() -> None:
        nonlocal pages
        pages += 1
        print(f"page {pages}", flush=True)

    reports = sync(collection, CONFIG, on_page=page)
    print("done " + " ".join(f"{r.source}:{r.new}" for r in reports), flush=True)


if __name__ == "__main__":
    main()
