"""The records Veracity stores: attributed statements, fact-checks and outlet profiles."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from index.ratings import rating_value, scale_label
from index.safe_text import unsafe_char

STATEMENT_KINDS = ("statement", "fact_check")
OWNERSHIP_TYPES = ("state-controlled", "state-funded", "public", "private", "unknown")
QUOTE_TYPES = ("direct", "partial", "paraphrase", "indirect")
MAX_TEXT = 5000
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Quote marks a re-publication may change: a re-scraped fact-check with curly instead of
# straight quotes is the same fact-check (CT2020's Snopes set holds 180 such pairs).
_QUOTE_MARKS = str.maketrans(
    dict.fromkeys(
        "'\"`\u00b4\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033"
    )
)


class RecordError(ValueError):
    """A record that cannot be stored; the message says which field and why."""


def _text(value, name: str, *, required: bool = False, limit: int = 500) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise RecordError(f"{name} must be a string")
    _safe(value, name)
    value = " ".join(value.split())
    if len(value) > limit:
        raise RecordError(f"{name} is longer than {limit} characters")
    return value


def _safe(value, name: str) -> None:
    # Checked before white space is collapsed: str.split() would silently eat some controls.
    if problem := unsafe_char(value):
        raise RecordError(f"{name} holds {problem}: only text may be stored")


def _safe_json(value, name: str) -> None:
    """Check every string (keys too) inside a free-form JSON value such as `extra`."""
    if isinstance(value, str):
        _safe(value, name)
    elif isinstance(value, dict):
        for key, item in value.items():
            _safe(str(key), name)
            _safe_json(item, f"{name}.{key}")
    elif isinstance(value, list):
        for item in value:
            _safe_json(item, f"{name}[]")


def _url(value, name: str) -> str | None:
    value = _text(value, name, limit=2000)
    if value is not None and not re.match(r"^https?://[^\s/]+", value, re.I):
        raise RecordError(f"{name} must be an http(s) URL")
    return value


def _date(value, name: str) -> str | None:
    value = _text(value, name, limit=10)
    if value is not None and not _DATE.match(value):
        raise RecordError(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def day(value: str | None) -> datetime.date | None:
    """The calendar day a YYYY, YYYY-MM or YYYY-MM-DD date stands for (a partial date: its
    middle); None when it is missing or not a real date."""
    if not value or not _DATE.match(value):
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


def _dict(value, name: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(f"{name} must be an object")
    return value


def _reject_unknown(data: dict, allowed: set[str], name: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise RecordError(f"unknown field(s) in {name}: {', '.join(unknown)}")


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    party: str | None = None

    @classmethod
    def from_dict(cls, data) -> Speaker | None:
        data = _dict(data, "speaker")
        if not data:
            return None
        _reject_unknown(data, set(cls.__dataclass_fields__), "speaker")
        return cls(
            name=_text(data.get("name"), "speaker.name", required=True),
            role=_text(data.get("role"), "speaker.role"),
            affiliation=_text(data.get("affiliation"), "speaker.affiliation"),
            country=_text(data.get("country"), "speaker.country", limit=100),
            party=_text(data.get("party"), "speaker.party", limit=100),
        )


@dataclass(frozen=True)
class OutletRef:
    """An outlet that reported a statement; `via` names the outlet it cited."""

    id: str
    url: str | None = None
    via: str | None = None

    @classmethod
    def from_dict(cls, data) -> OutletRef:
        if isinstance(data, str):
            data = {"id": data}
        data = _dict(data, "outlets[]")
        _reject_unknown(data, set(cls.__dataclass_fields__), "outlets[]")
        return cls(
            id=outlet_id(_text(data.get("id"), "outlets[].id", required=True, limit=200)),
            url=_url(data.get("url"), "outlets[].url"),
            via=outlet_id(v) if (v := _text(data.get("via"), "outlets[].via", limit=200)) else None,
        )


@dataclass(frozen=True)
class Rating:
    """A fact-checker's rating: its own label, our 1-5 value (None when not a truth rating)."""

    label: str
    value: int | None = None
    reviewer: str | None = None
    url: str | None = None
    date: str | None = None

    @classmethod
    def from_dict(cls, data) -> Rating | None:
        data = _dict(data, "rating")
        if not data:
            return None
        _reject_unknown(data, set(cls.__dataclass_fields__) | {"scale_label"}, "rating")
        label = _text(data.get("label"), "rating.label", required=True, limit=100)
        value = data.get("value")
        if value is None:
            value = rating_value(label)
        elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise RecordError("rating.value must be an integer from 1 to 5")
        return cls(
            label=label,
            value=value,
            reviewer=_text(data.get("reviewer"), "rating.reviewer", limit=200),
            url=_url(data.get("url"), "rating.url"),
            date=_date(data.get("date"), "rating.date"),
        )

    def to_dict(self) -> dict:
        return {**asdict(self), "scale_label": scale_label(self.value)}


@dataclass(frozen=True)
class Statement:
    """Something a speaker said, or a claim a fact-checker rated (kind `fact_check`)."""

    text: str
    kind: str = "statement"
    speaker: Speaker | None = None
    date: str | None = None
    event: str | None = None
    outlets: tuple[OutletRef, ...] = ()
    language: str = "en"
    quote: str | None = None
    rating: Rating | None = None
    external_id: str | None = None
    title: str | None = None
    source: str | None = None  # the collection it was imported from, e.g. "checkthat"
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    FIELDS = (
        "kind",
        "text",
        "speaker",
        "date",
        "event",
        "outlets",
        "language",
        "quote",
        "rating",
        "external_id",
        "title",
        "source",
        "extra",
    )

    @classmethod
    def from_dict(cls, data) -> Statement:
        if not isinstance(data, dict):
            raise RecordError("a record must be a JSON object")
        _reject_unknown(data, set(cls.FIELDS) | {"id"}, "record")
        kind = data.get("kind", "statement")
        if kind not in STATEMENT_KINDS:
            raise RecordError(f"kind must be one of {', '.join(STATEMENT_KINDS)}, not {kind!r}")
        quote = data.get("quote")
        if quote is not None and quote not in QUOTE_TYPES:
            raise RecordError(f"quote must be one of {', '.join(QUOTE_TYPES)}")
        outlets = data.get("outlets") or []
        if not isinstance(outlets, list):
            raise RecordError("outlets must be a list")
        rating = Rating.from_dict(data.get("rating"))
        language = _text(data.get("language"), "language", limit=20) or "en"
        extra = _dict(data.get("extra"), "extra")
        _safe_json(extra, "extra")
        return cls(
            text=_text(data.get("text"), "text", required=True, limit=MAX_TEXT),
            kind=kind,
            speaker=Speaker.from_dict(data.get("speaker")),
            date=_date(data.get("date"), "date"),
            event=_text(data.get("event"), "event"),
            outlets=tuple(OutletRef.from_dict(o) for o in outlets),
            language=language,
            quote=quote,
            rating=rating,
            external_id=_text(data.get("external_id"), "external_id", limit=300),
            title=_text(data.get("title"), "title", limit=1000),
            source=_text(data.get("source"), "source", limit=100),
            extra=extra,
        )

    @property
    def content_hash(self) -> str:
        """Identity: the same words (whatever case, spacing and quote marks), speaker and day."""
        who = self.speaker.name.lower() if self.speaker else ""
        words = " ".join(self.text.lower().translate(_QUOTE_MARKS).split())
        key = "\x1f".join([self.kind, words, who, self.date or ""])
        return hashlib.sha256(key.encode()).hexdigest()[:20]

    @property
    def embed_text(self) -> str:
        """The text the vector index embeds: the claim, plus a title or subtitle that adds words."""
        parts = [self.text]
        seen = self.text.lower()
        subtitle = self.extra.get("subtitle") if isinstance(self.extra, dict) else None
        for extra in (self.title, subtitle if isinstance(subtitle, str) else None):
            if extra and extra.lower() not in seen:
                parts.append(extra)
                seen += " " + extra.lower()
        return " ".join(parts)

    @property
    def match_text(self) -> str:
        """What BM25 and the re-ranker read: embed_text plus the speaker, who a sentence names."""
        if self.speaker and self.speaker.name.lower() not in self.embed_text.lower():
            return f"{self.embed_text} ({self.speaker.name})"
        return self.embed_text

    def to_dict(self) -> dict:
        return {
            "id": self.content_hash,
            "external_id": self.external_id,
            "kind": self.kind,
            "text": self.text,
            "title": self.title,
            "quote": self.quote,
            "speaker": asdict(self.speaker) if self.speaker else None,
            "date": self.date,
            "event": self.event,
            "language": self.language,
            "outlets": [asdict(o) for o in self.outlets],
            "rating": self.rating.to_dict() if self.rating else None,
            "source": self.source,
            "extra": self.extra,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class OutletRating:
    """A third party's rating of an outlet, with the rater named."""

    rater: str
    bias: str | None = None
    factual: str | None = None
    url: str | None = None

    @classmethod
    def from_dict(cls, data) -> OutletRating:
        data = _dict(data, "ratings[]")
        _reject_unknown(data, set(cls.__dataclass_fields__), "ratings[]")
        return cls(
            rater=_text(data.get("rater"), "ratings[].rater", required=True, limit=200),
            bias=_text(data.get("bias"), "ratings[].bias", limit=100),
            factual=_text(data.get("factual"), "ratings[].factual", limit=100),
            url=_url(data.get("url"), "ratings[].url"),
        )


@dataclass(frozen=True)
class Outlet:
    """A news outlet's profile: who owns it, where, and what raters say of it."""

    id: str
    name: str
    domains: tuple[str, ...] = ()
    ownership: str = "unknown"
    country: str | None = None
    ratings: tuple[OutletRating, ...] = ()
    notes: str | None = None

    @classmethod
    def from_dict(cls, data) -> Outlet:
        data = dict(_dict(data, "outlet"))
        data.pop("kind", None)
        _reject_unknown(data, set(cls.__dataclass_fields__), "outlet")
        ownership = data.get("ownership") or "unknown"
        if ownership not in OWNERSHIP_TYPES:
            raise RecordError(f"ownership must be one of {', '.join(OWNERSHIP_TYPES)}")
        domains = data.get("domains") or []
        ratings = data.get("ratings") or []
        if not isinstance(domains, list) or not isinstance(ratings, list):
            raise RecordError("domains and ratings must be lists")
        _safe_json(domains, "domains")
        return cls(
            id=outlet_id(_text(data.get("id"), "id", required=True, limit=200)),
            name=_text(data.get("name"), "name", required=True, limit=300),
            domains=tuple(normalize_domain(d) for d in domains if isinstance(d, str) and d.strip()),
            ownership=ownership,
            country=_text(data.get("country"), "country", limit=100),
            ratings=tuple(OutletRating.from_dict(r) for r in ratings),
            notes=_text(data.get("notes"), "notes", limit=1000),
        )

    def to_dict(self) -> dict:
        data = asdict(self)
        data["domains"] = list(self.domains)
        data["ratings"] = [asdict(r) for r in self.ratings]
        data["rated"] = bool(self.ratings)
        return data

    def merged(self, other: Outlet) -> Outlet:
        """Combine two profiles of one outlet: keep known facts, add domains and ratings."""
        raters = {r.rater for r in self.ratings}
        return Outlet(
            id=self.id,
            name=self.name,
            domains=tuple(dict.fromkeys(self.domains + other.domains)),
            ownership=self.ownership if self.ownership != "unknown" else other.ownership,
            country=self.country or other.country,
            ratings=self.ratings + tuple(r for r in other.ratings if r.rater not in raters),
            notes=self.notes or other.notes,
        )


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
