"""Time from trigger to rendered card on the fixture article: median of 20, printed.

    python -m tests.extension.measure_latency              # real service, packaged model
    python -m tests.extension.measure_latency --embedder fake
    python -m tests.extension.measure_latency --stub       # the stub service instead
    python -m tests.extension.measure_latency --paragraph  # the five sentences, one batch

The clock starts when the shortcut's handler is called in the worker and stops at the first
animation frame after the card shows its result (both read as epoch time, so the driver's own
round trips are not counted): messaging, the HTTP round trip, the lookup and the rendering.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.extension.harness import Browser, chromium_path
from tests.extension.records import PARAGRAPH, SENTENCE
from tests.extension.servers import PageServer, ServerThread, real_service_app
from tests.extension.stub_service import StubService

# What is selected where, the card state that ends the clock, and the request behind it.
CASES = {
    "sentence": ("article.html", SENTENCE, "result", "/v1/check", {"text": SENTENCE}),
    "paragraph": (
        "paragraph.html",
        PARAGRAPH,
        "paragraph",
        "/v1/check/batch",
        {"paragraph": PARAGRAPH},
    ),
}

# Stamps, on the page's clock, the first animation frame after the card shows its answer.
WATCH_JS = """(state) => new Promise((resolve) => {
  const seen = () => document.querySelector(`veracity-card[data-state="${state}"]`);
  const now = () => performance.timeOrigin + performance.now();
  const done = () => requestAnimationFrame(() => resolve(now()));
  if (seen()) return done();
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); done(); }
  });
  observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
})"""

TRIGGER_JS = """(id) => {
  const started = performance.timeOrigin + performance.now();
  veracity.handleCommand("check-selection", { id });
  return started;
}"""


def measure(browser: Browser, page, runs: int, text: str, state: str) -> list[float]:
    """Milliseconds from the handler call (worker clock) to the painted card (page clock)."""
    tab_id = browser.tab_id(page)
    timings = []
    for run in range(runs + 1):
        page.keyboard.press("Escape")
        page.locator("veracity-card").wait_for(state="detached")
        browser.select(page, text)
        page.evaluate("(state) => { window.__cardShown = (" + WATCH_JS + ")(state); }", state)
        started = browser.worker.evaluate(TRIGGER_JS, tab_id)
        elapsed = page.evaluate("() => window.__cardShown") - started
        if run:  # the first run injects the content script; it is reported apart
            timings.append(elapsed)
        else:
            print(f"first check (injects the content script): {elapsed:.1f} ms")
    return timings


def service_alone(url: str, runs: int, path: str, fields: dict) -> list[float]:
    """The same POST straight from Python: the part of the figure that is the service."""
    body = json.dumps({**fields, "url": "http://127.0.0.1/article.html"}).encode()
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(f"{url}{path}", data=body, headers=headers)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            response.read()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--stub", action="store_true", help="use the stub service")
    parser.add_argument("--embedder", choices=["real", "fake"], default="real")
    parser.add_argument("--paragraph", action="store_true", help="the five-sentence paragraph")
    args = parser.parse_args(argv)
    case = "paragraph" if args.paragraph else "sentence"
    page_name, text, state, path, fields = CASES[case]

    executable = chromium_path()
    if executable is None or not executable.exists():
        print("Chromium is not installed at /usr/bin/chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as data_dir:
        if args.stub:
            app, label = StubService().create_app(), "stub service"
        else:
            app = real_service_app(Path(data_dir), embedder=args.embedder)
            label = f"real service, {args.embedder} embedder"
        with ServerThread(app) as service, PageServer() as pages, sync_playwright() as playwright:
            browser = Browser(playwright, executable)
            try:
                browser.settings(serviceUrl=service.url)
                page = browser.context.new_page()
                page.goto(f"{pages.url}/{page_name}")
                timings = measure(browser, page, args.runs, text, state)
            finally:
                browser.close()
            direct = service_alone(service.url, args.runs, path, fields)
    timings.sort()
    print(
        f"trigger-to-card, {case} ({label}): median {statistics.median(timings):.1f} ms"
        f" over {len(timings)} runs (min {timings[0]:.1f}, max {timings[-1]:.1f})"
    )
    print(f"the same request straight to the service: median {statistics.median(direct):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
