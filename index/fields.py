"""Checks of a record's fields (text that is only text, URLs, dates, free-form JSON) and the
normal form of outlet ids and domains."""

from __future__ import annotations

import re

from index.dates import DATE
from index.safe_text import unsafe_char


class RecordError(ValueError):
    """A record that cannot be stored; the message says which field and why."""


def text(value, name: str, *, required: bool = False, limit: int = 500) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise RecordError(f"{name} must be a string")
    safe(value, name)
    value = " ".join(value.split())
    if len(value) > limit:
        raise RecordError(f"{name} is longer than {limit} characters")
    return value


def safe(value, name: str) -> None:
    # Checked before white space is collapsed: str.split() would silently eat some controls.
    if problem := unsafe_char(value):
        raise RecordError(f"{name} holds {problem}: only text may be stored")


def safe_json(value, name: str) -> None:
    """Check every string (keys too) inside a free-form JSON value such as `extra`."""
    if isinstance(value, str):
        safe(value, name)
    elif isinstance(value, dict):
        for key, item in value.items():
            safe(str(key), name)
            safe_json(item, f"{name}.{key}")
    elif isinstance(value, list):
        for item in value:
            safe_json(item, f"{name}[]")


def url(value, name: str) -> str | None:
    value = text(value, name, limit=2000)
    if value is not None and not re.match(r"^https?://[^\s/]+", value, re.I):
        raise RecordError(f"{name} must be an http(s) URL")
    return value


def date(value, name: str) -> str | None:
    value = text(value, name, limit=10)
    if value is not None and not DATE.match(value):
        raise RecordError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def mapping(value, name: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(f"{name} must be an object")
    return value


def reject_unknown(data: dict, allowed: set[str], name: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise RecordError(f"unknown field(s) in {name}: {', '.join(unknown)}")


def outlet_id(value: str | None) -> str | None:
    """Normalize an outlet id: lower case, no scheme or www, so a domain can be an id."""
    if value is None:
        return None
    value = value.strip().lower()
    if "://" in value or value.startswith("www."):
        return normalize_domain(value)
    return value


def normalize_domain(value: str) -> str:
    """Reduce a URL or host name to its bare host: no scheme, port, path or `www.`."""
    host = value.strip().lower()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host)
    host = host.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(".")
    return host[4:] if host.startswith("www.") else host
