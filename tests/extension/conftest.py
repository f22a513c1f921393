"""Fixtures for the browser tests: Chromium with the extension, fixture pages, a Veracity service.

The service is the real one (`service.app.create_app`) on a fresh data directory whenever it is
importable, else the stub in stub_service.py; E2E_SERVICE=stub|real forces one. The real one
uses the packaged model unless E2E_EMBEDDER=fake asks for the tests' fake embedder.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from tests.extension.harness import Browser, chromium_path
from tests.extension.servers import PageServer, ServerThread, real_service_app
from tests.extension.stub_service import StubService


@pytest.fixture(scope="session")
def chromium():
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright is not installed (pip install playwright; no `playwright install`)")
    path = chromium_path()
    if path is None or not path.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = Browser(playwright, chromium)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def pages_url():
    with PageServer() as server:
        yield server.url


def service_kind() -> str:
    wanted = os.environ.get("E2E_SERVICE", "auto")
    if wanted in ("stub", "real"):
        return wanted
    return "real" if importlib.util.find_spec("service.app") is not None else "stub"


@pytest.fixture(scope="session")
def service(tmp_path_factory):
    """A running Veracity service: `.url`, and `.kind` ("real" or "stub")."""
    kind = service_kind()
    if kind == "real":
        embedder = os.environ.get("E2E_EMBEDDER", "real")
        app = real_service_app(tmp_path_factory.mktemp("veracity-data"), embedder=embedder)
    else:
        app = StubService().create_app()
    with ServerThread(app) as server:
        server.kind = kind
        yield server


@pytest.fixture
def stub():
    """A stub service of the test's own, to switch on failures: set .delay, .fail or .api_keys."""
    service = StubService()
    with ServerThread(service.create_app()) as server:
        service.url = server.url
        yield service


@pytest.fixture
def ext(browser, service):
    """The browser with fresh settings pointing at the service; pages opened are closed after."""
    browser.settings(serviceUrl=service.url)
    before = set(browser.context.pages)
    yield browser
    for page in browser.context.pages:
        if page not in before:
            page.close()


@pytest.fixture
def open_page(ext, pages_url):
    def open_(name: str, *, color_scheme: str = "light"):
        page = ext.context.new_page()
        page.emulate_media(color_scheme=color_scheme)
        page.goto(f"{pages_url}/{name}")
        return page

    return open_
