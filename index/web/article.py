"""An article page's text and metadata: title, publication day, author, site name, language.

A small reader over html.parser: the paragraphs of <article> (else of the page), the og: and
article: meta tags, <html lang>, <time datetime> and any JSON-LD (NewsArticle, ClaimReview...).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from index.web.feeds import _day

# Text inside these is never article text.
_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure"}
_BLOCKS = {"p", "h2", "h3", "blockquote", "li"}
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle"}


@dataclass
class Article:
    url: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None
    site_name: str | None = None
    language: str | None = None
    text: str = ""  # paragraphs separated by blank lines
    jsonld: list = field(default_factory=list)  # every JSON-LD value the page embeds


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.lang: str | None = None
        self.title: list[str] = []
        self.times: list[str] = []
        self.scripts: list[str] = []
        self.page_blocks: list[str] = []
        self.article_blocks: list[str] = []
        self._stack: list[str] = []
        self._skip = 0
        self._in_article = 0
        self._block: list[str] | None = None
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "html" and attrs.get("lang"):
            self.lang = attrs["lang"].split("-")[0].lower()
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
            if key and attrs.get("content"):
                self.meta.setdefault(key.lower(), attrs["content"].strip())
        elif tag == "time" and attrs.get("datetime"):
            self.times.append(attrs["datetime"])
        elif tag == "script" and "ld+json" in attrs.get("type", ""):
            self._script = []
        if tag in ("meta", "link", "br", "img", "input", "hr"):
            return  # void elements: no end tag follows
        self._stack.append(tag)
        if tag in _SKIP:
            self._skip += 1
        elif tag == "article":
            self._in_article += 1
        elif tag in _BLOCKS and not self._skip:
            if tag == "p" and self._block is not None:
                self._flush()  # an unclosed <p> ends where the next one starts
            if self._block is None:
                self._block = []

    def handle_endtag(self, tag):
        if tag not in self._stack:
            return
        while self._stack:
            open_tag = self._stack.pop()
            self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if tag in _SKIP:
            self._skip -= 1
        elif tag == "article":
            self._in_article -= 1
        elif tag in _BLOCKS and self._block is not None:
            self._flush()

    def _flush(self):
        text = " ".join("".join(self._block).split())
        if text:
            (self.article_blocks if self._in_article else self.page_blocks).append(text)
        self._block = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif self._stack and self._stack[-1] == "title":
            self.title.append(data)
        elif self._block is not None and not self._skip:
            self._block.append(data)


def read(html: str, url: str) -> Article:
    """The article an HTML page holds (its text may be empty: a page with no paragraphs)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    meta = reader.meta
    jsonld = [doc for doc in map(_json, reader.scripts) if doc is not None]
    news = next((n for n in _nodes(jsonld) if _types(n) & _ARTICLE_TYPES), {})
    title = meta.get("og:title") or news.get("headline") or " ".join("".join(reader.title).split())
    published = (
        meta.get("article:published_time")
        or news.get("datePublished")
        or meta.get("date")
        or next(iter(reader.times), None)
    )
    return Article(
        url=url,
        title=title or None,
        published=_day(published),
        author=meta.get("author") or meta.get("article:author") or _name(news.get("author")),
        site_name=meta.get("og:site_name") or _name(news.get("publisher")),
        language=reader.lang or _language(meta.get("og:locale")),
        text="\n\n".join(reader.article_blocks or reader.page_blocks),
        jsonld=jsonld,
    )


def _json(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _nodes(docs: list):
    """Every object in the JSON-LD documents, through lists and @graph."""
    stack = list(docs)
    while stack:
        node = stack.pop(0)
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            yield node
            if isinstance(node.get("@graph"), list):
                stack.extend(node["@graph"])


def _types(node: dict) -> set[str]:
    value = node.get("@type")
    return set(value) if isinstance(value, list) else {value}


def _name(value) -> str | None:
    if isinstance(value, list):
        value = next(iter(value), None)
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _language(locale: str | None) -> str | None:
    return re.split(r"[_-]", locale)[0].lower() if locale else None


def claimreviews(article: Article) -> list[dict]:
    """The ClaimReview objects the page embeds."""
    return [node for node in _nodes(article.jsonld) if "ClaimReview" in _types(node)]
