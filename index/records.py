"""The records Veracity stores: attributed statements, fact-checks and outlet profiles."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from index import fields
from index.fields import RecordError, normalize_domain, outlet_id
from index.ratings import rating_value, scale_label

STATEMENT_KINDS = ("statement", "fact_check")
OWNERSHIP_TYPES = ("state-controlled", "state-funded", "public", "private", "unknown")
QUOTE_TYPES = ("direct", "partial", "paraphrase", "indirect")
MAX_TEXT = 5000
# Quote marks a re-publication may change: a re-scraped fact-check with curly instead of
# straight quotes is the same fact-check (CT2020's Snopes set holds 180 such pairs).
_QUOTE_MARKS = str.maketrans(
    dict.fromkeys(
        "'\"`\u00b4\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2032\u2033"
    )
)


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None = None
    affiliation: str | None = None
    country: str | None = None
    party: str | None = None

    @classmethod
    def from_dict(cls, data) -> Speaker | None:
        data = fields.mapping(data, "speaker")
        if not data:
            return None
        fields.reject_unknown(data, set(cls.__dataclass_fields__), "speaker")
        return cls(
            name=fields.text(data.get("name"), "speaker.name", required=True),
            role=fields.text(data.get("role"), "speaker.role"),
            affiliation=fields.text(data.get("affiliation"), "speaker.affiliation"),
            country=fields.text(data.get("country"), "speaker.country", limit=100),
            party=fields.text(data.get("party"), "speaker.party", limit=100),
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
        data = fields.mapping(data, "outlets[]")
        fields.reject_unknown(data, set(cls.__dataclass_fields__), "outlets[]")
        via = fields.text(data.get("via"), "outlets[].via", limit=200)
        return cls(
            id=outlet_id(fields.text(data.get("id"), "outlets[].id", required=True, limit=200)),
            url=fields.url(data.get("url"), "outlets[].url"),
            via=outlet_id(via) if via else None,
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
        data = fields.mapping(data, "rating")
        if not data:
            return None
        fields.reject_unknown(data, set(cls.__dataclass_fields__) | {"scale_label"}, "rating")
        label = fields.text(data.get("label"), "rating.label", required=True, limit=100)
        value = data.get("value")
        if value is None:
            value = rating_value(label)
        elif not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise RecordError("rating.value must be an integer from 1 to 5")
        return cls(
            label=label,
            value=value,
            reviewer=fields.text(data.get("reviewer"), "rating.reviewer", limit=200),
            url=fields.url(data.get("url"), "rating.url"),
            date=fields.date(data.get("date"), "rating.date"),
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
        fields.reject_unknown(data, set(cls.FIELDS) | {"id"}, "record")
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
        language = fields.text(data.get("language"), "language", limit=20) or "en"
        extra = fields.mapping(data.get("extra"), "extra")
        fields.safe_json(extra, "extra")
        return cls(
            text=fields.text(data.get("text"), "text", required=True, limit=MAX_TEXT),
            kind=kind,
            speaker=Speaker.from_dict(data.get("speaker")),
            date=fields.date(data.get("date"), "date"),
            event=fields.text(data.get("event"), "event"),
            outlets=tuple(OutletRef.from_dict(o) for o in outlets),
            language=language,
            quote=quote,
            rating=rating,
            external_id=fields.text(data.get("external_id"), "external_id", limit=300),
            title=fields.text(data.get("title"), "title", limit=1000),
            source=fields.text(data.get("source"), "source", limit=100),
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
        data = fields.mapping(data, "ratings[]")
        fields.reject_unknown(data, set(cls.__dataclass_fields__), "ratings[]")
        return cls(
            rater=fields.text(data.get("rater"), "ratings[].rater", required=True, limit=200),
            bias=fields.text(data.get("bias"), "ratings[].bias", limit=100),
            factual=fields.text(data.get("factual"), "ratings[].factual", limit=100),
            url=fields.url(data.get("url"), "ratings[].url"),
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
        data = dict(fields.mapping(data, "outlet"))
        data.pop("kind", None)
        fields.reject_unknown(data, set(cls.__dataclass_fields__), "outlet")
        ownership = data.get("ownership") or "unknown"
        if ownership not in OWNERSHIP_TYPES:
            raise RecordError(f"ownership must be one of {', '.join(OWNERSHIP_TYPES)}")
        domains = data.get("domains") or []
        ratings = data.get("ratings") or []
        if not isinstance(domains, list) or not isinstance(ratings, list):
            raise RecordError("domains and ratings must be lists")
        fields.safe_json(domains, "domains")
        return cls(
            id=outlet_id(fields.text(data.get("id"), "id", required=True, limit=200)),
            name=fields.text(data.get("name"), "name", required=True, limit=300),
            domains=tuple(normalize_domain(d) for d in domains if isinstance(d, str) and d.strip()),
            ownership=ownership,
            country=fields.text(data.get("country"), "country", limit=100),
            ratings=tuple(OutletRating.from_dict(r) for r in ratings),
            notes=fields.text(data.get("notes"), "notes", limit=1000),
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
