"""ClaimReview out: stored fact-checks, Veracity's own verdicts and a DataFeed of the store, as
schema.org JSON-LD that Google's fact-check markup and our importer both read."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from index.records import Statement, normalize_domain
from service.report.words import label_name

CONTEXT = "https://schema.org"
VERACITY = "Veracity"


def _clean(node: dict) -> dict:
    return {key: value for key, value in node.items() if value not in (None, [], {})}


def _http(url: str | None) -> str | None:
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def person(speaker: dict | None) -> dict | None:
    """The claim's author: a Person with the job title and affiliation the record gives."""
    if not speaker:
        return None
    affiliation = speaker.get("affiliation")
    return _clean(
        {
            "@type": "Person",
            "name": speaker["name"],
            "jobTitle": speaker.get("role"),
            "affiliation": {"@type": "Organization", "name": affiliation} if affiliation else None,
        }
    )


def claim(record: dict, *, standalone: bool = False) -> dict:
    """A record as a schema.org Claim: who said it, when, and where it appeared (urls)."""
    appearance = [
        {"@type": "CreativeWork", "url": url}
        for url in dict.fromkeys(_http(o.get("url")) for o in record.get("outlets", []))
        if url
    ]
    node = {
        "@type": "Claim",
        "author": person(record.get("speaker")),
        "datePublished": record.get("date"),
        "appearance": appearance,
    }
    if standalone:  # a Claim on its own (an attributed statement) carries its words and id
        node = {"@context": CONTEXT, **node, "text": record["text"], "identifier": record["id"]}
    return _clean(node)


def claim_review(record: dict) -> dict:
    """A rated record (the API's record shape) as a ClaimReview. The review's author is who
    really rated it (a stored PolitiFact fact-check's is PolitiFact); the rating keeps the
    rater's own words as alternateName and our 1-5 value as ratingValue."""
    rating = record["rating"]
    value = rating.get("value")
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "url": _http(rating.get("url")) or _http(record.get("external_id")),
            "claimReviewed": record["text"],
            "itemReviewed": claim(record),
            "author": _clean({"@type": "Organization", "name": rating.get("reviewer")})
            if rating.get("reviewer")
            else None,
            "datePublished": rating.get("date"),
            "headline": record.get("title"),
            "inLanguage": record.get("language"),
            "reviewRating": _clean(
                {
                    "@type": "Rating",
                    "ratingValue": value,
                    "bestRating": 5 if value is not None else None,
                    "worstRating": 1 if value is not None else None,
                    "alternateName": rating["label"],
                }
            ),
        }
    )


def as_jsonld(record: dict) -> dict:
    """A stored record as JSON-LD: a ClaimReview when rated, else the Claim it records."""
    if record.get("rating"):
        return claim_review(record)
    return claim(record, standalone=True)


def report_url(base: str, text: str, *, page: str | None = None, date: str | None = None) -> str:
    """The GET address of a report (its printable page): the url its ClaimReview names."""
    query = {"text": text, "format": "html"}
    query.update({k: v for k, v in (("url", page), ("date", date)) if v})
    return f"{base.rstrip('/')}/v1/report?{urlencode(query)}"


def verdict_record(
    report: dict, *, url: str, page: str | None = None, date: str | None = None
) -> Statement:
    """Veracity's verdict in a report as the fact-check record it amounts to: reviewer
    Veracity, the claim as asked, where it appeared (the reader's page) and when (the
    request's date). What our importer reads back from `claim_review` of it."""
    verdict = report["verdict"]
    page = _http(page)
    return Statement.from_dict(
        {
            "kind": "fact_check",
            "text": report["claim"],
            "date": date,
            "outlets": [{"id": normalize_domain(page), "url": page}] if page else [],
            "rating": {
                "label": label_name(verdict["label"]),
                "value": verdict["rating"],
                "reviewer": VERACITY,
                "url": url,
                "date": report["generated"][:10],
            },
            "external_id": url,
            "title": report["title"],
            "source": "veracity",
        }
    )


def report_review(
    report: dict, *, url: str, page: str | None = None, date: str | None = None
) -> dict:
    """The ClaimReview of a report's verdict."""
    return claim_review(verdict_record(report, url=url, page=page, date=date).to_dict())


def feed(records, *, statements: bool = True) -> dict:
    """A DataFeed of the store: every rated fact-check as a ClaimReview; with `statements`,
    every attributed statement (one with a speaker) as the Claim it records. Statements
    carry no review, so they are Claims, never ClaimReviews with an invented rating."""
    items = []
    for record in records:
        data = record.to_dict()
        if data["rating"]:
            items.append(claim_review(data))
        elif statements and data["speaker"]:
            items.append(claim(data, standalone=True))
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": "Veracity: stored fact-checks and attributed statements",
        "dateModified": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "dataFeedElement": [{k: v for k, v in i.items() if k != "@context"} for i in items],
    }
