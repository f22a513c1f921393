"""A paragraph in the card (the matching sentences, the rest folded) and the Full report page."""

from urllib.parse import urlencode

import pytest

from tests.extension.harness import SCREENSHOTS, click_in_card, paragraph_card
from tests.extension.records import PARAGRAPH, PARAGRAPH_SENTENCES, XSS_CLAIM, XSS_IMG

pytestmark = pytest.mark.browser

SEED_SECTIONS = ["What we know", "Analysis", "Conclusion"]
SPEAKERS = ["Alexandr Matsegora", "Choe Son-hui"]


def check_paragraph(ext, open_page):
    page = open_page("paragraph.html")
    # Room for the whole card below the paragraph, so the screenshot shows all of it.
    page.set_viewport_size({"width": 1280, "height": 1000})
    ext.select(page, PARAGRAPH)
    result = ext.command(page)
    assert result == {"status": "result", "verdict": "true", "sentences": 5, "matched": 2}
    return page


def test_a_paragraph_shows_the_two_matching_sentences_and_folds_three(ext, open_page):
    page = check_paragraph(ext, open_page)

    card = paragraph_card(ext, page)
    assert card["state"] == "paragraph"
    assert card["summary"] == "2 of 5 sentences match something on record."
    matched = card["sentences"]
    first, third = PARAGRAPH_SENTENCES[0], PARAGRAPH_SENTENCES[2]
    assert [s["text"] for s in matched] == [first, third]
    assert [s["verdict"] for s in matched] == ["true", "true"]
    assert all("True" in s["verdictText"] and s["report"] for s in matched)
    for sentence, speaker in zip(matched, SPEAKERS, strict=True):
        assert sentence["line"].startswith(f"{speaker} · 20 Jun 2025"), sentence["line"]
    assert card["fold"] == {"summary": "3 more sentences with no match", "open": False}
    unmatched = [PARAGRAPH_SENTENCES[i] for i in (1, 3, 4)]
    assert card["unmatched"] == unmatched
    # History: the matching sentences, the first one on top.
    assert [entry["text"] for entry in ext.history()[:2]] == [first, third]

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "card-paragraph.png"))
    click_in_card(ext, page, '[data-role="fold"] summary')
    assert paragraph_card(ext, page)["fold"]["open"] is True


def test_the_full_report_opens_from_the_card_with_the_seeds_sections(ext, open_page):
    page = check_paragraph(ext, open_page)
    with ext.context.expect_page() as opened:
        click_in_card(ext, page, '[data-role="report"]', 1)
    report = opened.value
    report.locator('main[data-state="report"]').wait_for()

    assert report.url.startswith(f"chrome-extension://{ext.extension_id}/pages/report.html?")
    title = report.locator("h1").inner_text()
    assert title.startswith("Fact check:") and "invincible alliance" in title
    assert report.title() == title
    headings = report.locator("main h2").all_text_contents()
    assert [h for h in headings if h in SEED_SECTIONS] == SEED_SECTIONS, headings
    assert headings[-1] == "References"
    body = report.locator("main").inner_text()
    for speaker in SPEAKERS:
        assert speaker in body
    assert "True" in report.locator('[data-role="verdict"] .badge').inner_text()
    # Every footnote marker leads to a reference in the list.
    targets = report.locator("sup.ref a").evaluate_all("(links) => links.map((a) => a.hash)")
    assert targets
    for target in set(targets):
        assert report.locator(target).count() == 1, target
    report.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)

    # On paper: no buttons, and light colours even when the screen is dark.
    report.emulate_media(media="print", color_scheme="dark")
    assert not report.locator(".toolbar").is_visible()
    background = report.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)"


def test_copy_as_markdown_writes_the_report_to_the_clipboard(ext, open_page):
    request = urlencode({"text": PARAGRAPH_SENTENCES[0]})
    report = ext.extension_page(f"pages/report.html?{request}")
    report.locator('main[data-state="report"]').wait_for()
    report.get_by_role("button", name="Copy as Markdown").click()
    report.get_by_text("Copied the report as Markdown.").wait_for()
    # Reading the clipboard back needs a permission the reader's page never asks for.
    ext.context.grant_permissions(["clipboard-read"])
    try:
        markdown = report.evaluate("() => navigator.clipboard.readText()")
    finally:
        ext.context.clear_permissions()
    assert markdown.startswith("# Fact check:")
    assert "Alexandr Matsegora" in markdown


def test_the_report_page_renders_service_strings_as_text(ext):
    report = ext.extension_page(f"pages/report.html?{urlencode({'text': XSS_CLAIM})}")
    report.locator('main[data-state="report"]').wait_for()
    assert XSS_IMG in report.locator("h1").inner_text()
    assert report.locator("main img, main script").count() == 0
    assert report.evaluate("typeof window.pwned") == "undefined"


def test_the_report_page_says_when_the_service_is_down(ext):
    ext.settings(serviceUrl="http://127.0.0.1:9", timeoutMs=1000)
    report = ext.extension_page(f"pages/report.html?{urlencode({'text': 'Some claim'})}")
    report.get_by_text("Service unreachable").wait_for()
    assert report.get_by_role("button", name="Copy as Markdown").is_disabled()


def test_a_paragraph_goes_in_one_batch_request_with_the_page_fields(ext, open_page, stub):
    ext.settings(serviceUrl=stub.url)
    page = open_page("paragraph.html")
    ext.select(page, PARAGRAPH)
    assert ext.command(page)["matched"] == 2
    assert [r["path"] for r in stub.requests] == ["/v1/check/batch"]
    sent = stub.requests[0]["json"]
    assert sent["paragraph"] == PARAGRAPH
    assert sent["url"] == page.url
    assert sent["date"] == "2025-06-21"
    assert "context" not in sent, "the whole paragraph is selected: nothing around it"
