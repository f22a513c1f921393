"""Request and response schemas of the API (marshmallow), also the source of the OpenAPI spec."""

from flask import current_app
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates

from index.records import day
from service.config import DEFAULTS
from service.http.record_spec import NOT_BLANK, RECORD_ITEM, URL_PATTERN


class Contains(validate.Regexp):
    """A pattern found anywhere in the value, as JSON Schema's `pattern` means it."""

    def __call__(self, value):
        if self.regex.search(value) is None:
            raise ValidationError(self._format_error(value))
        return value


EMPTY = "Text is empty: send the sentence to check."
NOT_URL = "Not a valid URL: it must start with http:// or https://."
DATE_PATTERN = (
    r"^[12]\d{3}(-(0[1-9]|1[0-2])|-(0[13578]|1[02])-(0[1-9]|[12]\d|3[01])"
    r"|-(0[469]|11)-(0[1-9]|[12]\d|30)|-02-(0[1-9]|1\d|2[0-8]))?$"
)
# Per side: more than the service reads (VERACITY_CONTEXT_CHARS), so clients need not cut.
CONTEXT_LIMIT = 2000
LABELS = ["true", "mostly-true", "mixed", "mostly-false", "false", "unverified"]


class ContextSchema(Schema):
    before = fields.String(
        load_default="",
        validate=validate.Length(max=CONTEXT_LIMIT),
        metadata={"description": "What comes just before the claim (its end is used)."},
    )
    after = fields.String(
        load_default="",
        validate=validate.Length(max=CONTEXT_LIMIT),
        metadata={"description": "What comes just after the claim (its start is used)."},
    )


class CheckRequest(Schema):
    text = fields.String(
        required=True,
        validate=Contains(NOT_BLANK, error=EMPTY),
        # The spec states the default limit; the validator below applies the configured one.
        metadata={
            "description": "The claim to check (the limit is VERACITY_MAX_TEXT_LENGTH).",
            "maxLength": DEFAULTS["MAX_TEXT_LENGTH"],
        },
    )
    url = fields.String(
        load_default=None,
        allow_none=True,
        validate=[
            validate.Length(max=2000),
            Contains(URL_PATTERN, error=NOT_URL),
        ],
        metadata={"description": "The page the reader is on; its outlet's profile is returned."},
    )
    top_k = fields.Integer(
        load_default=5,
        validate=validate.Range(min=1, max=50),
        metadata={"description": "How many evidence items to return (1-50)."},
    )
    date = fields.String(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "When the claim was made (YYYY, YYYY-MM or YYYY-MM-DD: the day of "
            "the debate, speech or article); statements made near it rank higher.",
            "example": "2016-09-26",
            # Only real calendar dates match (leap days aside, which are accepted too): the
            # spec promises that every request it allows is answered.
            "pattern": DATE_PATTERN,
        },
    )

    # Not nullable (marshmallow makes a None default nullable unless told): apispec spells
    # a nullable object as "any object", which would promise keys the schema refuses.
    context = fields.Nested(
        ContextSchema,
        load_default=None,
        allow_none=False,
        metadata={
            "description": "The text around the claim on its page or in its transcript; the "
            "nearest words (VERACITY_CONTEXT_CHARS each side) are searched with it, which "
            'resolves a claim\'s "he" or "that war".'
        },
    )

    @validates("date")
    def _date(self, value: str | None, **_) -> None:
        if value is not None and day(value) is None:
            raise ValidationError(
                f"{value!r} is not a date: send YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2016-09-26)."
            )

    @validates("text")
    def _text(self, value: str, **_) -> None:
        limit = int(current_app.config["MAX_TEXT_LENGTH"])
        if not value.strip():
            raise ValidationError("Text is empty: send the sentence to check.")
        if len(value.strip()) > limit:
            raise ValidationError(
                f"Text is {len(value.strip())} characters; the limit is {limit}. "
                "Send one claim, not a whole article."
            )


class SpeakerSchema(Schema):
    name = fields.String(required=True)
    role = fields.String(allow_none=True)
    affiliation = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    party = fields.String(allow_none=True)


class OutletRatingSchema(Schema):
    rater = fields.String(required=True)
    bias = fields.String(allow_none=True)
    factual = fields.String(allow_none=True)
    url = fields.String(allow_none=True)


class OutletSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    domains = fields.List(fields.String())
    ownership = fields.String(
        validate=validate.OneOf(
            ["state-controlled", "state-funded", "public", "private", "unknown"]
        )
    )
    country = fields.String(allow_none=True)
    ratings = fields.List(fields.Nested(OutletRatingSchema))
    rated = fields.Boolean()
    notes = fields.String(allow_none=True)


class OutletRefSchema(Schema):
    id = fields.String(required=True)
    url = fields.String(allow_none=True)
    via = fields.String(allow_none=True)
    profile = fields.Nested(OutletSchema, allow_none=True)


class RatingSchema(Schema):
    label = fields.String(required=True)
    value = fields.Integer(allow_none=True)
    scale_label = fields.String(allow_none=True)
    reviewer = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    date = fields.String(allow_none=True)


class RecordSchema(Schema):
    id = fields.String(required=True)
    external_id = fields.String(allow_none=True)
    kind = fields.String(validate=validate.OneOf(["statement", "fact_check"]))
    text = fields.String(required=True)
    title = fields.String(allow_none=True)
    quote = fields.String(allow_none=True)
    speaker = fields.Nested(SpeakerSchema, allow_none=True)
    date = fields.String(allow_none=True)
    event = fields.String(allow_none=True)
    language = fields.String()
    outlets = fields.List(fields.Nested(OutletRefSchema))
    rating = fields.Nested(RatingSchema, allow_none=True)
    source = fields.String(allow_none=True)


class EvidenceSchema(RecordSchema):
    score = fields.Float(required=True)
    match = fields.String(validate=validate.OneOf(["matching", "related"]))
    stance = fields.String(validate=validate.OneOf(["supports", "refutes", "unclear"]))
    relation = fields.String(
        allow_none=True,
        validate=validate.OneOf(["same", "opposite", "different"]),
        metadata={
            "description": "The claim-pair judge's relation to the claim (docs/verdicts.md); "
            "null for candidates it did not judge."
        },
    )
    relation_confidence = fields.Float(allow_none=True)


class VerdictSchema(Schema):
    label = fields.String(required=True, validate=validate.OneOf(LABELS))
    rating = fields.Integer(allow_none=True)
    confidence = fields.Float(required=True)
    confident = fields.Boolean(
        required=True,
        metadata={
            "description": "True for a rating (not `unverified`) whose confidence is at least "
            "the service's CONFIDENT cutoff (docs/verdicts.md); show a rating with false "
            "as tentative."
        },
    )
    basis = fields.String(validate=validate.OneOf(["fact_check", "attribution", "none"]))
    explanation = fields.String(required=True)


class ContextNoteSchema(Schema):
    code = fields.String(required=True)
    subject = fields.String(allow_none=True)
    message = fields.String(required=True)


class QuerySchema(Schema):
    text = fields.String()
    claim_type = fields.String(validate=validate.OneOf(["attribution", "factual"]))
    date = fields.String(allow_none=True)
    context = fields.Nested(ContextSchema, allow_none=True)


class CheckResponse(Schema):
    query = fields.Nested(QuerySchema)
    verdict = fields.Nested(VerdictSchema, required=True)
    evidence = fields.List(fields.Nested(EvidenceSchema), required=True)
    context = fields.List(fields.Nested(ContextNoteSchema), required=True)
    page_outlet = fields.Nested(OutletSchema, allow_none=True)
    took_ms = fields.Float()


class AddRequest(Schema):
    records = fields.List(
        fields.Dict(metadata=RECORD_ITEM),
        required=True,
        validate=validate.Length(min=1, max=1000),
        metadata={
            "description": "Records in the import format (statements, fact-checks, outlets)."
        },
    )

    @pre_load
    def _one_record(self, data, **_):
        # A single record may be posted as it is, without the list around it.
        if isinstance(data, dict) and "records" not in data:
            return {"records": [data]}
        return data


class AddResponse(Schema):
    added = fields.Integer()
    duplicates = fields.Integer()
    ids = fields.List(fields.String())
    outlets_added = fields.Integer()
    outlets_merged = fields.Integer()


class HealthResponse(Schema):
    status = fields.String()
    statements = fields.Integer()
    indexed = fields.Integer()
    outlets = fields.Integer()
    model = fields.String()
    lexical_ready = fields.Boolean()
    worker = fields.Integer()
