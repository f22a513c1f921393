"""What each kind of source is: how one run reads it and which records it makes."""

from __future__ import annotations

import datetime
import json
import tempfile
from urllib.parse import urlencode

import ijson

from index.importers.claimreview import records_of
from index.records import RecordError, Statement
from index.web import article as articles
from index.web import feeds
from index.web.attribution import Quote, extract_quotes
from index.web.fetch import Disallowed, FetchError

GFC_URL = "https://factchecktools.googleapis.com/v1alpha1/claims:search"
MAX_EVENT = 500  # the record format's limit on `event`
# Feed elements per store write: one embedding batch each, instead of one per element.
FEED_BATCH = 64


def claimreview_feed(run) -> None:
    """A schema.org DataFeed of ClaimReviews, streamed: the body is spooled to a temporary file
    and read one element at a time (ijson), its records stored FEED_BATCH elements at a time,
    so memory stays flat however big the feed. Items not modified since the newest seen are
    skipped."""
    with tempfile.TemporaryFile() as spool:
        response = run.get(run.source.url, expect="json", conditional=True, feed=True, into=spool)
        if response is None:
            return
        spool.seek(0)
        newest = run.cursor.get("newest")
        latest, batch = newest, []
        try:
            for n, element in enumerate(_elements(spool, run.source.url), 1):
                modified = _modified(element)
                if newest and modified and modified <= newest:
                    run.report.skipped += 1
                    continue
                for record in records_of(element, run.source.url):
                    if isinstance(record, RecordError):
                        run.fail(f"{run.source.url} element {n}: {record}")
                    else:
                        batch.append(record)
                if len(batch) >= FEED_BATCH:
                    run.add(batch, where=run.source.url)
                    batch = []
                if modified and (latest is None or modified > latest):
                    latest = modified
        except ijson.JSONError as exc:
            raise FetchError(f"{run.source.url}: not JSON ({exc})") from None
        finally:
            # What was read before a broken tail is stored; the cursor moves past only that.
            run.add(batch, where=run.source.url)
            run.cursor["newest"] = latest


def _elements(spool, url: str):
    """The feed's elements: a DataFeed's dataFeedElement items, or a top-level list's items."""
    head = spool.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    spool.seek(0)
    if head.startswith(b"["):
        yield from ijson.items(spool, "item", use_float=True)
    elif head.startswith(b"{"):
        found = False
        for prefix, event, _ in ijson.parse(spool, use_float=True):
            if prefix == "dataFeedElement":
                if event != "start_array":
                    raise FetchError(f"{url}: dataFeedElement is not a list")
                found = True
                break
        if found:
            spool.seek(0)
            yield from ijson.items(spool, "dataFeedElement.item", use_float=True)
    else:
        raise FetchError(f"{url}: not JSON (starts with {head[:20]!r})")


def _modified(element) -> str | None:
    if not isinstance(element, dict):
        return None
    items = element.get("item") if isinstance(element.get("item"), list) else [element]
    stamps = [element.get("dateModified")] + [
        i.get("dateModified") or i.get("datePublished") for i in items if isinstance(i, dict)
    ]
    return max((s for s in stamps if isinstance(s, str)), default=None)


def factcheck_api(run) -> None:
    """Google Fact Check Tools claims:search, paged by nextPageToken; after a complete run only
    reviews from the days since it are asked for (maxAgeDays)."""
    key = run.config.get("GFC_API_KEY")
    if not key:
        raise FetchError("VERACITY_GFC_API_KEY is not set")
    params = {k: v for k, v in run.source.options.items() if k != "pageSize"}
    if not params.get("query") and not params.get("reviewPublisherSiteFilter"):
        raise FetchError("needs --option query=... or --option reviewPublisherSiteFilter=...")
    params["pageSize"] = run.source.options.get("pageSize", 100)
    if run.cursor.get("complete_at") and "maxAgeDays" not in params:
        since = datetime.datetime.fromisoformat(run.cursor["complete_at"])
        params["maxAgeDays"] = (run.now - since).days + 1
    base = run.source.url
    tokens = set()
    while True:
        page = (
            dict(params, pageToken=run.cursor["page_token"])
            if run.cursor.get("page_token")
            else params
        )
        # The key goes in a header: a URL with it would end up in reports and logs.
        response = run.get(
            f"{base}{'&' if '?' in base else '?'}{urlencode(page)}",
            expect="json",
            headers={"X-Goog-Api-Key": key},
            robots=False,  # an API called with the operator's key, not a crawl
        )
        try:
            doc = json.loads(response.body)
        except ValueError as exc:
            raise FetchError(f"{base}: not JSON ({exc})") from None
        if doc.get("claims"):
            run.add(list(records_of(doc, base)), where=base)
        token = doc.get("nextPageToken")
        if token in tokens:  # an endpoint that pages in a circle
            raise FetchError(f"{base}: nextPageToken {token!r} came back a second time")
        tokens.add(token)
        run.cursor["page_token"] = token
        run.save_cursor()  # a crash resumes at this page
        if not token:
            break
    run.cursor["complete_at"] = run.now.isoformat(timespec="seconds")


def factcheck_site(run) -> None:
    """A fact-checker's feed or sitemap: each page's ClaimReview JSON-LD."""

    def page(article: articles.Article, item: feeds.Item) -> list:
        found = articles.claimreviews(article)
        return [r for node in found for r in records_of(node, article.url)]

    _each_page(run, page)


def news(run) -> None:
    """A news outlet's feed or sitemap: each article's attributed statements."""
    outlet = run.outlet

    def page(article: articles.Article, item: feeds.Item) -> list:
        quotes = extract_quotes(article.text, title=article.title)
        return [_statement(q, article, item, outlet, run.outlet_named) for q in quotes]

    _each_page(run, page)


def _each_page(run, make_records) -> None:
    """Every page the feed (or sitemap, or sitemap index) lists and the source has not done."""
    items = _listed(run)
    for item in items:
        done, modified = run.sources.done(run.source.name, item.url)
        # A page done before is read again only when the feed says it changed since: a
        # fact-check re-rated, an article corrected. Its records go through the revise path.
        changed = bool(done and item.modified and modified and item.modified > modified)
        if done and not changed:
            run.report.skipped += 1
            continue
        try:
            response = run.get(item.url, expect="html")
        except Disallowed as exc:
            run.report.skipped += 1
            run.report.notes.append(str(exc))
            continue
        except FetchError as exc:
            run.fail(str(exc))
            continue
        article = articles.read(response.text(), item.url)
        run.add(make_records(article, item), where=item.url)
        # Only once its records are committed: a crash before this re-reads the page.
        run.sources.mark_seen(run.source.name, item.url, item.modified)
        run.report.rechecked += changed
        run.tick()


def _listed(run) -> list[feeds.Item]:
    response = run.get(run.source.url, expect="feed", conditional=True, feed=True)
    if response is None:  # unchanged; a sitemap index's children may have changed all the same
        feed = feeds.Feed(sitemaps=run.cursor.get("sitemaps", []))
    else:
        feed = _parse(response)
        run.cursor["sitemaps"] = feed.sitemaps
    items = list(feed.items)
    for url in feed.sitemaps:
        child = run.get(url, expect="feed", conditional=True, feed=True)
        if child is not None:
            items.extend(_parse(child).items)
    return items


def _parse(response) -> feeds.Feed:
    try:
        return feeds.parse(response.body)
    except feeds.FeedError as exc:
        raise FetchError(f"{response.url}: {exc}") from None


def _statement(quote: Quote, article, item, outlet: str, outlet_named) -> Statement | RecordError:
    ref = {"id": outlet, "url": article.url}
    extra = {"article_title": article.title, "author": article.author}
    if quote.via:
        via = outlet_named(quote.via)
        if via:
            ref["via"] = via
        else:
            extra["via_name"] = quote.via
    # The quote's sentence goes in `event`: the lookup and the report show `event` (extra is
    # not served), and the sentence is the circumstance the article gives for the words.
    sentence = " ".join(quote.sentence.split())
    if len(sentence) > MAX_EVENT:
        sentence = sentence[: MAX_EVENT - 1] + "…"
    try:
        return Statement.from_dict(
            {
                "kind": "statement",
                "text": quote.text,
                "speaker": {"name": quote.speaker, "role": quote.role},
                "date": article.published or item.date,
                "event": sentence,
                "outlets": [ref],
                "language": article.language or "en",
                "quote": quote.kind,
                "external_id": article.url[:300],
                "source": "news",
                "extra": {k: v for k, v in extra.items() if v},
            }
        )
    except RecordError as exc:
        return RecordError(f"quote of {quote.speaker!r}: {exc}")


RUNNERS = {
    "claimreview-feed": claimreview_feed,
    "factcheck-api": factcheck_api,
    "factcheck-site": factcheck_site,
    "news": news,
}
