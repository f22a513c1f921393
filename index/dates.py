"""Dates as records hold them (YYYY, YYYY-MM or YYYY-MM-DD) and the calendar days they stand for."""

from __future__ import annotations

import datetime
import re

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def day(value: str | None) -> datetime.date | None:
    """The calendar day a YYYY, YYYY-MM or YYYY-MM-DD date stands for (a partial date: its
    middle); None when it is missing or not a real date."""
    if not value or not DATE.match(value):
        return None
    year, month, dom = ([int(p) for p in value.split("-")] + [0, 0])[:3]
    try:
        return datetime.date(year, month or 7, dom or (15 if month else 1))
    except ValueError:
        return None


_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Full names and their abbreviations ("Sept." too), lower-cased.
MONTHS = {n: i for i, name in enumerate(_MONTH_NAMES, 1) for n in (name, name[:3])}
MONTHS["sept"] = 9


def iso_day(year: str, month: str, dom: str) -> str | None:
    """YYYY-MM-DD for a year, an English month name (or its abbreviation) and a day of the
    month; None when that is not a real date."""
    try:
        return datetime.date(int(year), MONTHS[month.lower().rstrip(".")], int(dom)).isoformat()
    except (KeyError, ValueError):
        return None
