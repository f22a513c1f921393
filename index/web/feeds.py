"""RSS 2.0, Atom and sitemap (and sitemap index) parsing: the article URLs a feed lists."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime


class FeedError(ValueError):
    """A document that is not a feed or sitemap we can read."""


@dataclass(frozen=True)
class Item:
    url: str
    date: str | None = None  # YYYY-MM-DD the feed gives (published, else modified)
    title: str | None = None
    # When the feed says the page last changed (UTC, YYYY-MM-DDTHH:MM:SSZ): Atom <updated>,
    # a sitemap's <lastmod>, RSS <atom:updated> or <dc:modified>. A page done before is read
    # again when this is later than what it was when done (index/web/kinds._each_page).
    modified: str | None = None


@dataclass
class Feed:
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # a sitemap index's child sitemaps


def parse(data: bytes) -> Feed:
    """Read an RSS, Atom, sitemap or sitemap-index document."""
    head = data[:4096].lower()
    # No DTDs at all: entity expansion (billion laughs) is refused before parsing.
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise FeedError("feeds with a DTD or entities are refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedError(f"not XML: {exc}") from None
    tag = _local(root.tag)
    if tag == "rss" or tag == "RDF":
        return Feed(items=[i for i in map(_rss_item, root.iter()) if i])
    if tag == "feed":
        return Feed(items=[i for i in map(_atom_item, _children(root, "entry")) if i])
    if tag == "urlset":
        return Feed(items=[i for i in map(_sitemap_item, _children(root, "url")) if i])
    if tag == "sitemapindex":
        locs = (_text(s, "loc") for s in _children(root, "sitemap"))
        return Feed(sitemaps=[loc for loc in locs if loc])
    raise FeedError(f"not a feed or sitemap (<{tag}>)")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(node, name: str):
    return [c for c in node if _local(c.tag) == name]


def _text(node, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _rss_item(node) -> Item | None:
    if _local(node.tag) != "item":
        return None
    url = _text(node, "link") or _permalink(node)
    if not url:
        return None
    date = _day(_text(node, "pubDate") or _text(node, "date"))
    modified = _stamp(_text(node, "updated") or _text(node, "modified"))
    return Item(url=url, date=date, title=_text(node, "title"), modified=modified)


def _permalink(node) -> str | None:
    for child in _children(node, "guid"):
        if child.get("isPermaLink", "true") != "false" and (child.text or "").startswith("http"):
            return child.text.strip()
    return None


def _atom_item(node) -> Item | None:
    links = _children(node, "link")
    alternate = [x for x in links if x.get("rel", "alternate") == "alternate" and x.get("href")]
    if not alternate:
        return None
    date = _day(_text(node, "published") or _text(node, "updated"))
    url = alternate[0].get("href").strip()
    return Item(url, date, _text(node, "title"), _stamp(_text(node, "updated")))


def _sitemap_item(node) -> Item | None:
    url = _text(node, "loc")
    if not url:
        return None
    news = next((c for c in node if _local(c.tag) == "news"), None)
    published = _text(news, "publication_date") if news is not None else None
    title = _text(news, "title") if news is not None else None
    lastmod = _text(node, "lastmod")
    return Item(url, _day(published or lastmod), title, _stamp(lastmod))


def _stamp(value: str | None) -> str | None:
    """An ISO 8601 or RFC 822 time as UTC YYYY-MM-DDTHH:MM:SSZ (a bare day is its midnight)."""
    if not value:
        return None
    value = value.strip()
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            moment = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
        elif re.match(r"^\d{4}-\d{2}-\d{2}", value):
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: str | None) -> str | None:
    """YYYY-MM-DD of an ISO 8601 or RFC 822 date; None when it is neither."""
    if not value:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
