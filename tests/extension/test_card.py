"""The card on a news page: verdict, speaker, state-media note, XSS, keyboard, hostile CSS."""

import pytest

from tests.extension.harness import SCREENSHOTS
from tests.extension.records import MATSEGORA_CLAIM, SENTENCE, XSS_CLAIM, XSS_IMG, XSS_SCRIPT

pytestmark = pytest.mark.browser


def test_shortcut_checks_the_selection_and_shows_the_card(ext, open_page, service):
    page = open_page("article.html")
    ext.select(page, SENTENCE)

    assert ext.command(page) == {"status": "result", "verdict": "true"}

    card = ext.card(page)
    assert card["state"] == "result"
    assert card["verdict"] == "true"
    assert "True" in card["verdictText"]
    assert card["speakers"][0] == "Alexandr Matsegora"
    state_notes = [n["text"] for n in card["notes"] if n["code"] == "state_controlled_outlet"]
    assert any("KCNA" in text for text in state_notes), card["notes"]
    assert "unrated" in card["text"]
    assert all(link["href"].startswith(("http://", "https://")) for link in card["links"])
    assert card["focused"] == "card", "focus moves into the card"
    assert ext.history()[0]["label"] == "true"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "card.png"))


def test_dark_mode_card(ext, open_page):
    page = open_page("article.html", color_scheme="dark")
    ext.select(page, SENTENCE)
    ext.command(page)
    background = ext.worker.evaluate(
        """async (tabId) => (await chrome.scripting.executeScript({ target: { tabId }, func: () =>
             getComputedStyle(globalThis.veracityContent.root.querySelector(".card")).backgroundColor
           }))[0].result""",
        ext.tab_id(page),
    )
    assert background == "rgb(22, 27, 34)"
    page.screenshot(path=str(SCREENSHOTS / "card-dark.png"))


def test_context_menu_item_is_registered_and_its_handler_checks(ext, open_page):
    # update() resolves only for an id the browser knows.
    registered = "() => chrome.contextMenus.update(veracity.MENU_ID, {}).then(() => true)"
    assert ext.worker.evaluate(registered)
    page = open_page("article.html")
    ext.select(page, SENTENCE)
    assert ext.menu(page, SENTENCE)["status"] == "result"
    assert ext.card(page)["speakers"][0] == "Alexandr Matsegora"


def test_unverified_lists_related_not_matching(ext, open_page):
    page = open_page("article.html")
    ext.select(page, "Since then, trade between the two countries has grown")
    assert ext.command(page) == {"status": "result", "verdict": "unverified"}
    card = ext.card(page)
    assert card["hasRelated"]
    assert "Related, not matching" in card["text"]


def test_service_strings_render_as_text_never_markup(ext, open_page):
    page = open_page("xss.html")
    ext.select(page, XSS_CLAIM)

    assert ext.command(page)["status"] == "result"

    card = ext.card(page)
    assert XSS_IMG in card["text"]
    assert XSS_SCRIPT in card["text"]
    assert "Evil News" in card["text"]
    assert "img" not in card["tags"]
    assert "script" not in card["tags"]
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.pwned") == "undefined"


def test_escape_closes_the_card_and_tab_reaches_its_controls(ext, open_page):
    page = open_page("article.html")
    ext.select(page, SENTENCE)
    ext.command(page)

    page.keyboard.press("Tab")
    assert ext.card(page)["focused"] == "close"
    page.keyboard.press("Escape")
    assert ext.card(page) is None
    assert page.locator("veracity-card").count() == 0


def test_click_outside_closes_the_card(ext, open_page):
    page = open_page("article.html")
    ext.select(page, SENTENCE)
    ext.command(page)
    box = page.locator("veracity-card").bounding_box()
    page.mouse.click(box["x"] + 20, box["y"] + 60)
    assert ext.card(page) is not None, "a click inside keeps it open"

    page.mouse.click(5, 790)
    assert page.locator("veracity-card").count() == 0


def test_card_survives_a_page_that_restyles_everything(ext, open_page):
    page = open_page("hostile.html")
    ext.select(page, MATSEGORA_CLAIM)
    ext.command(page)

    host = page.locator("veracity-card")
    assert host.is_visible()
    box = host.bounding_box()
    assert 300 <= box["width"] <= 420
    assert box["height"] > 100
    assert ext.card(page)["fontSize"] == "14px"
    page.screenshot(path=str(SCREENSHOTS / "card-hostile.png"))
