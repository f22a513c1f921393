"""`veracity sync`: run every due source once, one report each; one failure never stops the rest."""

from __future__ import annotations

import datetime
import fcntl
import logging
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from index.collection import STORE_FILE, Collection
from index.records import RecordError, Statement, normalize_domain
from index.web.fetch import Fetcher, FetchError, Politeness
from index.web.kinds import RUNNERS
from index.web.sources import Source, SourceError, Sources

LOCK_FILE = ".sync.lock"
MAX_ERRORS = 50  # kept per report; the count goes on
log = logging.getLogger(__name__)


class SyncBusy(RuntimeError):
    """Another process holds the data directory's sync lock."""


@dataclass
class Report:
    source: str
    kind: str
    fetched: int = 0  # documents fetched (a 304 is not one)
    not_modified: int = 0  # conditional GETs answered 304
    new: int = 0
    updated: int = 0  # new versions of a review or article stored before
    skipped: int = 0  # items seen before, unchanged, or refused by robots.txt
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    notes: list[str] = field(default_factory=list)
    articles: int = 0  # pages processed
    rechecked: int = 0  # pages done before, read again because the feed says they changed
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        text = (
            f"{self.source} ({self.kind}): fetched {self.fetched}, not modified "
            f"{self.not_modified}, new {self.new}, updated {self.updated}, skipped "
            f"{self.skipped}, errors {self.error_count}"
        ) + (f", re-checked {self.rechecked}" if self.rechecked else "")
        return "\n".join([text] + [f"  error: {e}" for e in self.errors])


class Run:
    """One source's run: the fetcher, the cursor it advances and the report it fills."""

    def __init__(self, source, sources, fetcher, collection, config, now, on_added, tick):
        self.source = source
        self.sources = sources
        self.fetcher = fetcher
        self.collection = collection
        self.config = config
        self.now = now
        self.cursor = dict(source.cursor)
        self.report = Report(source.name, source.kind)
        self._on_added = on_added
        self._tick = tick
        self._named: dict[str, str | None] | None = None
        self._validators: dict[str, dict] = {}
        self.outlet = source.outlet or self._outlet_of(source.url)

    def get(
        self, url, *, expect, conditional=False, feed=False, headers=None, robots=True, into=None
    ):
        """Fetch url; None when a conditional GET finds it unchanged since the last run.
        With `into` (a file), the body is spooled there (Fetcher.get)."""
        state = self.cursor.setdefault("documents", {}).get(url, {}) if conditional else {}
        response = self.fetcher.get(
            url,
            expect=expect,
            etag=state.get("etag"),
            last_modified=state.get("last_modified"),
            max_bytes=self._limit(feed, into),
            # A body spooled to disk (a DataFeed) may take longer than a page.
            timeout=float(self.config.get("SYNC_STREAM_TIMEOUT", 600.0)) if into else None,
            headers=headers,
            robots=robots,
            into=into,
        )
        if response.status == 304:
            self.report.not_modified += 1
            return None
        self.report.fetched += 1
        if conditional:
            # Saved with the cursor only when the run ends without errors, so a failed
            # page is read again next time instead of hiding behind a 304.
            self._validators[url] = {"etag": response.etag, "last_modified": response.last_modified}
        return response

    def _limit(self, feed: bool, into) -> int | None:
        if into is not None:  # streamed to disk: memory is not at stake
            return int(self.config.get("SYNC_MAX_STREAM_BYTES", 1 << 30))
        return int(self.config.get("SYNC_MAX_FEED_BYTES", 50 << 20)) if feed else None

    def add(self, records: list, *, where: str) -> None:
        statements = [r for r in records if isinstance(r, Statement)]
        for record in records:
            if isinstance(record, RecordError):
                self.fail(f"{where}: {record}")
        if not statements:
            return
        known = self.collection.store.existing_external_ids(s.external_id for s in statements)
        result = self.collection.add(statements)
        for _, record in result.rows:
            if record.external_id in known:
                self.report.updated += 1
            else:
                self.report.new += 1
        revised = self._revise([s for s in statements if s.content_hash not in result.ids])
        self.report.updated += revised
        self.report.skipped += result.duplicates - revised
        if result.rows and self._on_added:
            self._on_added(result.rows)

    def _revise(self, stored: list[Statement]) -> int:
        """A fact-check stored before whose review changed (a new rating, a new review date)
        takes the new review; a statement stored before gains an outlet that reported it too.
        What a statement says is never revised."""
        store = self.collection.store
        revised = sum(store.revise(s) for s in stored if s.kind == "fact_check" and s.rating)
        # A quote another outlet reported too: the stored statement gains that outlet.
        return revised + sum(store.add_outlet_refs(s) for s in stored if s.kind == "statement")

    def fail(self, message: str) -> None:
        self.report.error_count += 1
        if len(self.report.errors) < MAX_ERRORS:
            self.report.errors.append(message)

    def tick(self) -> None:
        self.report.articles += 1
        self._tick()

    def save_cursor(self) -> None:
        self.sources.save_cursor(self.source.name, self.cursor)

    def finish_cursor(self) -> None:
        documents = self.cursor.setdefault("documents", {})
        for url, validators in self._validators.items():
            if self.report.ok:
                documents[url] = validators
            else:
                documents.pop(url, None)
        self.save_cursor()

    def outlet_named(self, name: str) -> str | None:
        """The id of the outlet profile called `name` ("KCNA", "Yonhap"), else None."""
        if self._named is None:
            self._named = {}
            for outlet in self.collection.store.outlets():
                short = outlet.name.rsplit("(", 1)[-1].rstrip(")") if "(" in outlet.name else None
                for key in (outlet.id, outlet.name, short, _bare(outlet.name)):
                    if key:
                        self._named.setdefault(key.lower(), outlet.id)
        return self._named.get(" ".join(name.lower().split()))

    def _outlet_of(self, url: str) -> str:
        profile = self.collection.store.outlet_for_domain(urlsplit(url).hostname or "")
        return profile.id if profile else normalize_domain(url)


_GENERIC = {"news", "agency", "service", "network"}


def _bare(name: str) -> str:
    """An outlet's name without generic trailing words: "Yonhap News Agency" -> "Yonhap"."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _GENERIC:
        words.pop()
    return " ".join(words)


def sync(
    collection: Collection,
    config: dict,
    *,
    name: str | None = None,
    now: datetime.datetime | None = None,
    progress: bool = False,
    on_added: Callable | None = None,
    on_page: Callable[[], None] | None = None,
) -> list[Report]:
    """Run the due sources (or the one called name) once each; return their reports."""
    now = now or datetime.datetime.now(datetime.UTC)
    sources = Sources(collection.data_dir / STORE_FILE)
    try:
        chosen = [s for s in sources.all() if (s.name == name if name else s.due(now))]
        if name and not chosen:
            raise SourceError(f"no source named {name!r}")
        fetcher = Fetcher(Politeness.from_config(config))
        bar = _bar(progress and bool(chosen))
        tick = _ticker(bar, on_page)
        # Sources on different hosts run side by side (the per-host delay leaves a lone run
        # idle most of the time); sources on one host run one after another, in order, so
        # which of two feeds listing one article stores it first does not vary.
        hosts: dict[str, list[Source]] = {}
        for source in chosen:
            hosts.setdefault(urlsplit(source.url).netloc.lower(), []).append(source)

        def run_host(group: list[Source]) -> dict[str, Report]:
            done = {}
            try:
                for source in group:
                    if bar is not None:
                        bar.set_description(source.name)
                    done[source.name] = _run_one(
                        source, sources, fetcher, collection, config, now, on_added, tick
                    )
            finally:
                sources.close()  # this thread's connection
            return done

        workers = min(max(1, int(config.get("SYNC_WORKERS", 4))), len(hosts))
        finished: dict[str, Report] = {}
        if workers <= 1:
            for group in hosts.values():
                finished.update(run_host(group))
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="sync") as pool:
                for done in pool.map(run_host, hosts.values()):
                    finished.update(done)
        if bar is not None:
            bar.close()
        return [finished[source.name] for source in chosen]
    finally:
        sources.close()


def _run_one(source: Source, sources, fetcher, collection, config, now, on_added, tick) -> Report:
    started = time.monotonic()
    run = Run(source, sources, fetcher, collection, config, now, on_added, tick)
    try:
        RUNNERS[source.kind](run)
    except FetchError as exc:
        run.fail(str(exc))
    except Exception as exc:  # one broken source must not stop the others
        log.exception("source %s failed", source.name)
        run.fail(f"{type(exc).__name__}: {exc}")
    run.report.seconds = round(time.monotonic() - started, 3)
    run.finish_cursor()
    sources.finish(source.name, run.report.as_dict(), now)
    return run.report


def _ticker(bar, on_page) -> Callable[[], None]:
    def tick() -> None:
        if bar is not None:
            bar.update()
        if on_page is not None:
            on_page()

    return tick


def _bar(progress: bool):
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(unit=" pages", mininterval=0.5)


@contextmanager
def sync_lock(data_dir: Path, *, wait: bool = False):
    """Only one syncing process per data directory (CLI, or one gunicorn worker)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK_FILE, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise SyncBusy(f"another process is syncing {data_dir}") from None
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
