"""VERACITY_SYNC=1: a served worker runs due sources in a background thread, lookups unblocked.

Of several gunicorn workers only the one holding DATA_DIR/.sync.lock syncs; the others try
again each round, so a restarted worker takes over. Records go through the same add path as
POST /v1/statements, so the next lookup on this worker sees them; other workers catch up
from the store as they do with live adds.
"""

from __future__ import annotations

import fcntl
import logging
import threading

from index.web.sync import LOCK_FILE, sync

log = logging.getLogger(__name__)


def start(engine) -> threading.Event:
    """Start the sync loop for this process (a daemon thread: it dies with the worker); set the
    returned event to end it."""
    stop = threading.Event()
    threading.Thread(target=_loop, args=(engine, stop), name="veracity-sync", daemon=True).start()
    return stop


def _loop(engine, stop: threading.Event) -> None:
    data_dir = engine.collection.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    interval = float(engine.config.get("SYNC_CHECK_SECONDS", 300))
    with open(data_dir / LOCK_FILE, "a") as lock:  # held while the loop runs
        holding = False
        while not stop.is_set():
            if not holding:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    holding = True
                    log.info("this worker syncs the sources")
                except BlockingIOError:
                    pass
            if holding:
                _round(engine)
            stop.wait(interval)


def _round(engine) -> None:
    try:
        reports = sync(engine.collection, engine.config, on_added=engine.retriever.index_added)
    except Exception:  # the next round tries again; lookups go on regardless
        log.exception("background sync failed")
        return
    for report in reports:
        log.info("sync %s", report.line().replace("\n", "; "))
