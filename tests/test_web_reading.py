"""Reading what sync fetches: feeds and sitemaps, article pages, outlet names."""

import pytest

from index.web import article, feeds
from index.web.sync import _bare

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>A</title><link>https://n.example/a</link>
<pubDate>Fri, 20 Jun 2025 10:00:00 +0900</pubDate></item>
<item><title>B</title><guid isPermaLink="true">https://n.example/b</guid></item>
<item><title>No link</title><guid isPermaLink="false">id-3</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="self" href="https://n.example/self"/><link href="https://n.example/c"/>
<published>2025-06-21T00:00:00Z</published></entry></feed>"""
SITEMAP = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://n.example/d</loc><lastmod>2025-06-25</lastmod>
<news:news><news:publication_date>2025-06-22</news:publication_date><news:title>D</news:title>
</news:news></url></urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://n.example/s1.xml</loc></sitemap></sitemapindex>"""


@pytest.mark.parametrize(
    ("data", "items", "sitemaps"),
    [
        (
            RSS,
            [("https://n.example/a", "2025-06-20", "A"), ("https://n.example/b", None, "B")],
            [],
        ),
        (ATOM, [("https://n.example/c", "2025-06-21", None)], []),
        (SITEMAP, [("https://n.example/d", "2025-06-22", "D")], []),
        (INDEX, [], ["https://n.example/s1.xml"]),
    ],
)
def test_feeds_list_their_articles(data, items, sitemaps):
    feed = feeds.parse(data)
    assert [(i.url, i.date, i.title) for i in feed.items] == items
    assert feed.sitemaps == sitemaps


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><body>not a feed</body></html>", "not a feed or sitemap"),
        (b"<rss><channel>", "not XML"),
        (b'<!DOCTYPE rss SYSTEM "http://x/y.dtd"><rss/>', "DTD"),
    ],
)
def test_what_is_not_a_feed_is_refused(data, message):
    with pytest.raises(feeds.FeedError, match=message):
        feeds.parse(data)


PAGE = """<!doctype html><html lang="en-GB"><head><title>Ignored | Site</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "NewsArticle", "headline": "Treaty marked", "datePublished": "2025-06-20T08:00:00Z",
   "author": [{"@type": "Person", "name": "Kim Reporter"}],
   "publisher": {"@type": "Organization", "name": "Korea JoongAng Daily"}}]}</script>
</head><body><nav><p>Menu</p></nav>
<article><h1>Treaty marked</h1><p>First <em>paragraph</em>.<p>Second, unclosed.
<aside><p>Read more</p></aside><blockquote><p>"Quoted," he said.</p></blockquote></article>
<footer><p>Footer</p></footer></body></html>"""


def test_an_article_page_gives_its_text_and_metadata():
    got = article.read(PAGE, "https://n.example/a")
    assert got.title == "Treaty marked"
    assert (got.published, got.author, got.site_name, got.language) == (
        "2025-06-20",
        "Kim Reporter",
        "Korea JoongAng Daily",
        "en",
    )
    assert got.text.split("\n\n") == ["First paragraph.", "Second, unclosed.", '"Quoted," he said.']
    assert article.claimreviews(got) == []


def test_a_page_without_an_article_element_reads_its_paragraphs():
    html = "<html><head><title>T</title></head><body><p>One.</p><p>Two.</p></body></html>"
    got = article.read(html, "https://n.example/t")
    assert (got.title, got.text, got.published) == ("T", "One.\n\nTwo.", None)


@pytest.mark.parametrize(
    ("name", "bare"),
    [
        ("Yonhap News Agency", "Yonhap"),
        ("Xinhua News Agency", "Xinhua"),
        ("Korea JoongAng Daily", "Korea JoongAng Daily"),
        ("News", "News"),
    ],
)
def test_outlet_names_lose_generic_words(name, bare):
    assert _bare(name) == bare


@pytest.mark.parametrize(
    ("value", "stamp"),
    [
        ("2026-11-05T09:30:00+01:00", "2026-11-05T08:30:00Z"),
        ("2026-11-05T08:30:00Z", "2026-11-05T08:30:00Z"),
        ("2026-11-05", "2026-11-05T00:00:00Z"),
        ("Thu, 05 Nov 2026 08:30:00 GMT", "2026-11-05T08:30:00Z"),
        ("yesterday", None),
        ("", None),
    ],
)
def test_a_feed_items_last_change_is_read_as_utc(value, stamp):
    from index.web.feeds import _stamp

    assert _stamp(value) == stamp
