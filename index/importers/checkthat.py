"""Read the CLEF CheckThat! verified-claim collections (PolitiFact and Snopes) as fact-checks.

Which collection a file is comes from its name, else from its content (`truth_label` means
PolitiFact; a `.tsv` must have the CT2020 header). Every record: kind `fact_check`, source
`checkthat`, language `en`, external_id = vclaim_id (as a string), title = title.

PolitiFact `politifact_vclaims.jsonl`:
    vclaim        -> text
    speaker       -> speaker.name
    date          -> "stated on October 22, 2019 in a campaign mailer.:"
                     gives date 2019-10-22 and event "in a campaign mailer"
    truth_label   -> rating.label; rating.value from the 1-5 table (flip-o-meter: None)
    url           -> rating.url = https://www.politifact.com + url;
                     rating.date from its /factchecks/YYYY/mon/DD/
    (constant)    -> rating.reviewer "PolitiFact"
Snopes 2A `vclaims.jsonl` (no verdicts in it: rating None; speaker and claim date unknown):
    vclaim        -> text
    subtitle      -> extra.subtitle
    author        -> extra.author
    page_url      -> extra.review_url (2,266 records have one)
    date          -> extra.review_date: "30 January 2019" gives 2019-01-30; left out when
                     the field is not a date (a few hold article text)
    (constant)    -> extra.reviewer "Snopes"
CT2020 `verified_claims.docs.tsv` (CSV-quoted TSV, header "<empty> vclaim title"):
    vclaim_id, vclaim, title -> external_id, text, title; extra.reviewer "Snopes"
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from index.dates import iso_day
from index.importers.jsonl import csv_rows, json_lines, to_record
from index.records import RecordError, Statement

POLITIFACT = "https://www.politifact.com"
CT2020_HEADER = ["", "vclaim", "title"]
_STATED = re.compile(r"^\s*stated on ([A-Z][a-z]+ \d{1,2}, \d{4})\s*(.*?)\s*$", re.S)
_FACTCHECK_DAY = re.compile(r"/factchecks/(\d{4})/([a-z]{3})/(\d{1,2})/")
_SNOPES_DAY = re.compile(r"^\s*(\d{1,2})\s*([A-Za-z]+)\s+(\d{4})\s*$")
_BASE = {"kind": "fact_check", "source": "checkthat", "language": "en"}


def parse(path: Path) -> Iterator[tuple[int, Statement | RecordError]]:
    """Yield (line number, fact-check or error) for one CheckThat! collection file."""
    if path.suffix.lower() == ".tsv":
        yield from _parse_ct2020(path)
        return
    politifact = "politifact" in path.name.lower()
    for number, data in json_lines(path):
        if isinstance(data, RecordError):
            yield number, data
        elif not isinstance(data, dict):
            yield number, RecordError("a record must be a JSON object")
        elif politifact or "truth_label" in data:
            yield number, _record(data, _politifact)
        else:
            yield number, _record(data, _snopes)


def _record(data: dict, build) -> Statement | RecordError:
    missing = [key for key in ("vclaim_id", "vclaim") if data.get(key) in (None, "")]
    if missing:
        return RecordError(f"missing field(s): {', '.join(missing)}")
    try:
        return to_record({**_BASE, "external_id": str(data["vclaim_id"]), **build(data)})
    except RecordError as exc:
        return exc


def _politifact(data: dict) -> dict:
    stated = data.get("date")
    match = _STATED.match(stated) if isinstance(stated, str) else None
    if not match:
        raise RecordError(f"date must read 'stated on <Month D, YYYY> ...', not {stated!r}")
    month, day, year = match[1].replace(",", "").split()
    stated_on = iso_day(year, month, day)
    if stated_on is None:
        raise RecordError(f"date {match[1]!r} is not a calendar date")
    event = match[2]
    event = event[:-2] if event.endswith(".:") else event.removesuffix(":")
    url = data.get("url")
    if isinstance(url, str) and url.startswith("/"):
        url = POLITIFACT + url
    label = data.get("truth_label")
    rating = None
    if label:
        rating = {"label": label, "reviewer": "PolitiFact", "url": url, "date": _url_day(url)}
    return {
        "text": data["vclaim"],
        "speaker": {"name": data.get("speaker")} if data.get("speaker") else None,
        "date": stated_on,
        "event": event.strip() or None,
        "rating": rating,
        "title": data.get("title"),
    }


def _snopes(data: dict) -> dict:
    extra = {
        "subtitle": data.get("subtitle"),
        "author": data.get("author"),
        "reviewer": "Snopes",
        "review_url": data.get("page_url"),
        "review_date": _snopes_day(data.get("date")),
    }
    return {
        "text": data["vclaim"],
        "title": data.get("title"),
        "extra": {key: value for key, value in extra.items() if value},
    }


def _parse_ct2020(path: Path) -> Iterator[tuple[int, Statement | RecordError]]:
    rows = csv_rows(path, delimiter="\t")
    header = next(rows, (1, None))[1]
    if header != CT2020_HEADER:
        raise RecordError(f"{path.name}: not a CT2020 verified_claims.docs.tsv (header {header!r})")
    for number, row in rows:
        if isinstance(row, RecordError):
            yield number, row
        elif len(row) != 3:
            yield (
                number,
                RecordError(f"expected 3 columns (vclaim_id, vclaim, title), got {len(row)}"),
            )
        else:
            data = {"vclaim_id": row[0].strip(), "vclaim": row[1], "title": row[2]}
            yield number, _record(data, _ct2020)


def _ct2020(data: dict) -> dict:
    return {"text": data["vclaim"], "title": data["title"], "extra": {"reviewer": "Snopes"}}


def _url_day(url) -> str | None:
    match = _FACTCHECK_DAY.search(url) if isinstance(url, str) else None
    return iso_day(match[1], match[2], match[3]) if match else None


def _snopes_day(text) -> str | None:
    # A few dates in the collection are fragments of article text; the claim is still good.
    match = _SNOPES_DAY.match(text) if isinstance(text, str) else None
    return iso_day(match[3], match[2], match[1]) if match else None
