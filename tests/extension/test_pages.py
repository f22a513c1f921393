"""The toolbar popup (selection check, outlet profile, recent checks) and the options page."""

import pytest

from tests.extension.records import SENTENCE

pytestmark = pytest.mark.browser


def test_toolbar_button_checks_the_selection(ext, open_page):
    article = open_page("article.html")
    ext.select(article, SENTENCE)
    ext.click_toolbar_button(article)
    article.locator('veracity-card[data-state="result"]').wait_for()
    card = ext.card(article)
    assert card["verdict"] == "true"
    assert card["speakers"][0] == "Alexandr Matsegora"


def test_popup_checks_the_selection_and_lists_it(ext, open_page):
    article = open_page("article.html")
    ext.select(article, SENTENCE)
    popup = ext.extension_page(f"pages/popup.html?tab={ext.tab_id(article)}")

    popup.get_by_text("Checked: the card is on the page.").wait_for()
    assert ext.card(article)["verdict"] == "true"
    popup.locator("#history li").first.wait_for()
    first = popup.locator("#history li").first
    assert "True" in first.inner_text()
    assert "Russia and North Korea" in first.inner_text()
    popup.get_by_text("is not in our outlet list").wait_for()
    assert "127.0.0.1 is not in our outlet list." in popup.locator("#outlet").inner_text()


def test_popup_without_selection_explains_the_triggers(ext, open_page):
    article = open_page("article.html")
    popup = ext.extension_page(f"pages/popup.html?tab={ext.tab_id(article)}")
    popup.get_by_text("Alt+Shift+V").wait_for()
    assert ext.card(article) is None, "no card when nothing is selected"
    assert popup.locator("#history-empty").is_visible()


def test_options_test_connection(ext, service):
    options = ext.extension_page("pages/options.html")
    assert options.locator("#service-url").input_value() == service.url
    options.get_by_role("button", name="Test connection").click()
    options.get_by_text("Connected:").wait_for()
    assert "statements" in options.locator("#status").inner_text()


def test_options_reports_a_dead_service_and_rejects_bad_urls(ext):
    options = ext.extension_page("pages/options.html")
    options.locator("#service-url").fill("http://127.0.0.1:9")
    options.locator("#timeout").fill("1")
    options.get_by_role("button", name="Test connection").click()
    options.get_by_text("Service unreachable").wait_for()

    options.locator("#service-url").fill("javascript:alert(1)")
    options.get_by_role("button", name="Save").click()
    options.get_by_text("must start with http:// or https://").wait_for()
    stored = ext.worker.evaluate("() => chrome.storage.local.get('serviceUrl')")
    assert stored["serviceUrl"] == "http://127.0.0.1:9"


def test_a_check_sends_the_text_the_page_address_its_day_and_the_paragraph(ext, open_page, stub):
    ext.settings(serviceUrl=stub.url)
    page = open_page("article.html")  # <meta property="article:published_time" ...>
    ext.select(page, "Russia and North Korea are the closest of countries")
    assert ext.command(page)["status"] == "result"
    sent = stub.requests[0]["json"]
    assert sent == {
        "text": "Russia and North Korea are the closest of countries",
        "url": page.url,
        "date": "2025-06-21",
        # Only the selection's own paragraph: before it a lone quote mark (dropped), after it
        # who said it.
        "context": {
            "before": "",
            "after": ",” Russian Ambassador Alexandr Matsegora told the guests, according to "
            "an account carried by state media the next morning.",
        },
    }
