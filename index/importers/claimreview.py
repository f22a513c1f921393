"""Read schema.org ClaimReview JSON-LD and Google Fact Check Tools `claims:search` responses.

Accepted shapes: one ClaimReview object; a list of them; a DataFeed (`dataFeedElement` items
are ClaimReviews or DataFeedItems with `item: [ClaimReview, ...]`; bare Claims, which
`veracity export` writes for attributed statements, are skipped); an `@graph` (other node
types skipped); a `claims:search` response `{"claims": [...]}`; and `.jsonl` files with one
of these per line. Numbering: the line for `.jsonl`, else the item's 1-based index in the
document (every review of one item shares its number). One record per review, kind
`fact_check`, source `claimreview`.

ClaimReview:
    claimReviewed                          -> text
    itemReviewed.author.name, .jobTitle    -> speaker.name, speaker.role
    itemReviewed.author.affiliation.name   -> speaker.affiliation
    itemReviewed.datePublished             -> date (date part)
    itemReviewed.appearance / firstAppearance urls
                                           -> outlets [{id: the url's domain, url}]: where
                                              the claim appeared, never the fact-checker
    reviewRating.alternateName             -> rating.label; rating.value from the 1-5 table
    reviewRating.ratingValue (no name)     -> rating.label "v/best"; rating.value scaled
                                              from worstRating..bestRating (default 1..5)
    author.name, else publisher.name       -> rating.reviewer
    url                                    -> rating.url and external_id
    datePublished                          -> rating.date (date part)
    headline, else name                    -> title
    inLanguage (or its alternateName/name) -> language (default "en")
claims:search (one record per claimReview[] entry):
    text, claimant, claimDate              -> text, speaker.name, date (date part)
    claimReview[].textualRating            -> rating.label; rating.value from the 1-5 table
    .publisher.name (else .site)           -> rating.reviewer
    .url, .reviewDate                      -> rating.url and external_id, rating.date
    .title, .languageCode                  -> title, language
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from index.importers.jsonl import json_lines, to_record
from index.records import RecordError, Statement, normalize_domain

_BASE = {"kind": "fact_check", "source": "claimreview"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse(path: Path) -> Iterator[tuple[int, Statement | RecordError]]:
    """Yield (line or item number, fact-check or error) for a ClaimReview file."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _parse_lines(path)
        return
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise RecordError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several JSON values: JSON Lines under another name
            yield from _parse_lines(path)
            return
        raise RecordError(f"{path.name}: not JSON: {exc.msg} at line {exc.lineno}") from None
    for number, item in enumerate(_items(doc, path), start=1):
        for record in _records(item):
            yield number, record


def records_of(doc, name: str = "document") -> Iterator[Statement | RecordError]:
    """The records of one parsed JSON document (a page's ClaimReview, a DataFeed...)."""
    for item in _items(doc, Path(name)):
        yield from _records(item)


def _parse_lines(path: Path) -> Iterator[tuple[int, Statement | RecordError]]:
    for number, data in json_lines(path):
        try:
            items = [data] if isinstance(data, RecordError) else _items(data, path)
        except RecordError as exc:
            items = [exc]
        for item in items:
            for record in [item] if isinstance(item, RecordError) else _records(item):
                yield number, record


def _items(doc, path: Path) -> list:
    if isinstance(doc, list):
        return doc
    if not isinstance(doc, dict):
        raise RecordError(f"{path.name}: expected a JSON object or list")
    for key in ("claims", "dataFeedElement", "@graph"):
        if key in doc:
            items = doc[key]
            if not isinstance(items, list):
                raise RecordError(f"{path.name}: {key} must be a list")
            if key == "@graph":  # a page's graph also holds WebPage, Organization... nodes
                return [node for node in items if _is_claimreview(node)]
            if key == "dataFeedElement":  # our export's bare Claims carry no review to read
                return [node for node in items if not _is_bare_claim(node)]
            return items
    return [doc]


def _records(item) -> list[Statement | RecordError]:
    if not isinstance(item, dict):
        return [RecordError("item is not a JSON object")]
    if "claimReview" in item or ("text" in item and "claimReviewed" not in item):
        reviews = _as_list(item["claimReview"])
        return [_google(item, review) for review in reviews] or [RecordError("no claimReview")]
    if "item" in item:
        reviews = _as_list(item["item"])
        return [_claimreview(review) for review in reviews] or [RecordError("empty item list")]
    return [_claimreview(item)]


def _claimreview(review) -> Statement | RecordError:
    if not isinstance(review, dict):
        return RecordError("review is not a JSON object")
    types = _as_list(review.get("@type"))
    if types and not _is_claimreview(review):
        return RecordError(f"not a ClaimReview (@type {', '.join(map(str, types))})")
    if not review.get("claimReviewed"):
        return RecordError("claimReviewed is missing")
    claim = next((c for c in _as_list(review.get("itemReviewed")) if isinstance(c, dict)), {})
    author = next((a for a in _as_list(claim.get("author")) if a), None)
    speaker = None
    if _name(author):
        role = author.get("jobTitle") if isinstance(author, dict) else None
        affiliation = _name(author.get("affiliation")) if isinstance(author, dict) else None
        speaker = {"name": _name(author), "role": role, "affiliation": affiliation}
    label, value = _label(review.get("reviewRating"))
    appeared = _as_list(claim.get("appearance")) + _as_list(claim.get("firstAppearance"))
    urls = dict.fromkeys(u for u in map(_url_of, appeared) if u)
    rating = None
    if label:
        reviewer = _name(next(iter(_as_list(review.get("author"))), None))
        rating = {
            "label": label,
            "value": value,
            "reviewer": reviewer or _name(review.get("publisher")),
            "url": review.get("url"),
            "date": _day(review.get("datePublished")),
        }
    return to_record(
        {
            **_BASE,
            "text": review["claimReviewed"],
            "speaker": speaker,
            "date": _day(claim.get("datePublished")),
            "outlets": [{"id": normalize_domain(u), "url": u} for u in urls],
            "language": _language(review.get("inLanguage")),
            "rating": rating,
            "external_id": review.get("url"),
            "title": review.get("headline") or review.get("name"),
        }
    )


def _google(claim: dict, review) -> Statement | RecordError:
    if not isinstance(review, dict):
        return RecordError("claimReview entry is not a JSON object")
    if not claim.get("text"):
        return RecordError("claim text is missing")
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    label = review.get("textualRating")
    rating = None
    if label:
        rating = {
            "label": label,
            "reviewer": publisher.get("name") or publisher.get("site"),
            "url": review.get("url"),
            "date": _day(review.get("reviewDate")),
        }
    claimant = claim.get("claimant")
    return to_record(
        {
            **_BASE,
            "text": claim["text"],
            "speaker": {"name": claimant} if claimant else None,
            "date": _day(claim.get("claimDate")),
            "language": review.get("languageCode"),
            "rating": rating,
            "external_id": review.get("url"),
            "title": review.get("title"),
        }
    )


def _label(rating) -> tuple[str | None, int | None]:
    """Return (label, value): the rater's words, else "v/best" scaled onto our 1-5."""
    if not isinstance(rating, dict):
        return None, None
    if isinstance(rating.get("alternateName"), str) and rating["alternateName"].strip():
        return rating["alternateName"], None  # None: Rating looks the label up
    raw = rating.get("ratingValue")
    if raw in (None, ""):
        return None, None
    label = f"{raw}/{rating.get('bestRating', 5)}"
    try:
        got, best = float(raw), float(rating.get("bestRating", 5))
        worst = float(rating.get("worstRating", 1))
        return label, min(5, max(1, 1 + round((got - worst) * 4 / (best - worst))))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return (label if isinstance(raw, int | float) else str(raw)), None


def _is_claimreview(node) -> bool:
    return isinstance(node, dict) and any(
        isinstance(t, str) and t.endswith("ClaimReview") for t in _as_list(node.get("@type"))
    )


def _is_bare_claim(node) -> bool:
    return isinstance(node, dict) and _as_list(node.get("@type")) == ["Claim"]


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _name(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return value if isinstance(value, str) and value.strip() else None


def _url_of(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("url")
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def _language(value) -> str | None:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name")
    return value if isinstance(value, str) else None


def _day(value):
    """Return the date part of an ISO timestamp; anything else goes on to be rejected."""
    if isinstance(value, str) and _ISO_DAY.match(value.strip()):
        return value.strip()[:10]
    return value
