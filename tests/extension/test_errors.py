"""Each failure ends in a clear message in the card, and nothing is sent that should not be."""

import socket

import pytest

pytestmark = pytest.mark.browser

CLAIM = "Russia and North Korea are the closest of countries"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _check(ext, page, text=CLAIM):
    if text:
        ext.select(page, text)
    result = ext.command(page)
    return result, ext.card(page)


def test_service_unreachable(ext, open_page):
    url = f"http://127.0.0.1:{_free_port()}"
    ext.settings(serviceUrl=url, timeoutMs=2000)
    result, card = _check(ext, open_page("article.html"))
    assert result == {"status": "error", "kind": "unreachable"}
    assert card["state"] == "error"
    assert f"Could not reach the Veracity service at {url}" in card["text"]


def test_slow_service_times_out_after_one_retry(ext, open_page, stub):
    stub.delay = 1.0
    ext.settings(serviceUrl=stub.url, timeoutMs=250)
    result, card = _check(ext, open_page("article.html"))
    assert result == {"status": "error", "kind": "timeout"}
    assert "Service too slow" in card["text"]
    assert "within 250 ms, tried 2 times" in card["text"]
    assert [r["path"] for r in stub.requests] == ["/v1/check", "/v1/check"]


def test_4xx_shows_the_service_message(ext, open_page, stub):
    body = {
        "code": 422,
        "status": "Unprocessable Entity",
        "message": "Invalid request.",
        "errors": {"json": {"top_k": ["Must be between 1 and 50."]}},
    }
    stub.fail = (422, body)
    ext.settings(serviceUrl=stub.url)
    result, card = _check(ext, open_page("article.html"))
    assert result == {"status": "error", "kind": "client"}
    assert "Invalid request." in card["text"]
    assert "top_k: Must be between 1 and 50." in card["text"]
    assert len(stub.requests) == 1, "a 4xx is not retried"


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_api_key(ext, open_page, stub, status):
    stub.fail = (status, {"code": status, "status": "Unauthorized", "message": "Bad key."})
    ext.settings(serviceUrl=stub.url, apiKey="wrong")
    result, card = _check(ext, open_page("article.html"))
    assert result == {"status": "error", "kind": "rejected_key"}
    assert f"The service refused the API key (HTTP {status})" in card["text"]


def test_api_key_is_sent_in_x_api_key(ext, open_page, stub):
    stub.api_keys = {"right-key"}
    ext.settings(serviceUrl=stub.url, apiKey="right-key")
    result, _card = _check(ext, open_page("article.html"))
    assert result["status"] == "result"
    assert stub.requests[0]["headers"]["X-Api-Key"] == "right-key"
    # article.html states its publication day in a meta tag; the paragraph gives the context.
    assert set(stub.requests[0]["json"]) == {"text", "url", "date", "context"}


def test_empty_selection_sends_nothing(ext, open_page, stub):
    ext.settings(serviceUrl=stub.url)
    result, card = _check(ext, open_page("article.html"), text=None)
    assert result == {"status": "error", "kind": "empty"}
    assert "Nothing selected" in card["text"]
    assert stub.requests == []


def test_too_long_selection_sends_nothing(ext, open_page, stub):
    ext.settings(serviceUrl=stub.url)
    page = open_page("article.html")
    page.evaluate("() => getSelection().selectAllChildren(document.querySelector('article'))")
    result, card = _check(ext, page, text=None)
    assert result == {"status": "error", "kind": "too_long"}
    assert "the limit is 1000" in card["text"]
    assert stub.requests == []
