"""The import record format as JSON Schema, so the OpenAPI spec says what POST accepts.

index/records.py is the validator; these schemas describe the same rules (a subset where
JSON Schema cannot say more), so every record the spec allows is one the service stores.
The API fuzzer holds the two together.
"""

from index.records import MAX_TEXT, OWNERSHIP_TYPES, QUOTE_TYPES, STATEMENT_KINDS

# A URL as records.py accepts it: http(s), then a host. JSON Schema patterns have no flags.
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/]+"
# At least one character that is not white space (blank text counts as missing).
NOT_BLANK = r"\S"


def text(limit: int = 500, *, required: bool = False) -> dict:
    # An optional field may be blank: records.py stores blank as missing.
    if required:
        return {"type": "string", "maxLength": limit, "pattern": NOT_BLANK}
    return {"type": "string", "maxLength": limit, "nullable": True}


def url() -> dict:
    return {"type": "string", "maxLength": 2000, "pattern": URL_PATTERN, "nullable": True}


def closed(properties: dict, required: list[str] | None = None, **extra) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    return {**schema, **({"required": required} if required else {}), **extra}


SPEAKER = closed(
    {
        "name": text(required=True),
        "role": text(),
        "affiliation": text(),
        "country": text(100),
        "party": text(100),
    },
    ["name"],
    nullable=True,
)
OUTLET_REF = {
    "oneOf": [
        text(200, required=True),
        closed({"id": text(200, required=True), "url": url(), "via": text(200)}, ["id"]),
    ]
}
RATING = closed(
    {
        "label": text(100, required=True),
        "value": {"type": "integer", "minimum": 1, "maximum": 5, "nullable": True},
        "reviewer": text(200),
        "url": url(),
        "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "nullable": True},
        "scale_label": {"nullable": True},
    },
    ["label"],
    nullable=True,
)
STATEMENT_INPUT = closed(
    {
        "id": {"description": "Ignored: the id is the record's content hash."},
        "kind": {"type": "string", "enum": list(STATEMENT_KINDS)},
        "text": text(MAX_TEXT, required=True),
        "speaker": SPEAKER,
        "date": RATING["properties"]["date"],
        "event": text(),
        "outlets": {"type": "array", "items": OUTLET_REF, "nullable": True},
        "language": text(20),
        "quote": {"type": "string", "enum": list(QUOTE_TYPES), "nullable": True},
        "rating": RATING,
        "external_id": text(300),
        "title": text(1000),
        "source": text(100),
        "extra": {"type": "object", "nullable": True},
    },
    ["text"],
    description="A statement someone made, or a claim a fact-checker rated (`fact_check`).",
)
OUTLET_RATING = closed(
    {
        "rater": text(200, required=True),
        "bias": text(100),
        "factual": text(100),
        "url": url(),
    },
    ["rater"],
)
OUTLET_INPUT = closed(
    {
        "kind": {"type": "string", "enum": ["outlet"]},
        "id": text(200, required=True),
        "name": text(300, required=True),
        "domains": {"type": "array", "items": {"type": "string"}, "nullable": True},
        "ownership": {"type": "string", "enum": list(OWNERSHIP_TYPES), "nullable": True},
        "country": text(100),
        "ratings": {"type": "array", "items": OUTLET_RATING, "nullable": True},
        "notes": text(1000),
    },
    ["kind", "id", "name"],
    description="An outlet's profile: who owns it, where, and what raters say of it.",
)
RECORD_ITEM = {
    "oneOf": [
        {"$ref": "#/components/schemas/StatementInput"},
        {"$ref": "#/components/schemas/OutletInput"},
    ]
}


def register(spec) -> None:
    """Add the record schemas to the app's OpenAPI components."""
    spec.components.schema("StatementInput", component=STATEMENT_INPUT)
    spec.components.schema("OutletInput", component=OUTLET_INPUT)
