"""Request and response schemas of the API (marshmallow), also the source of the OpenAPI spec."""

from flask import current_app
from flask_smorest import abort
from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from index import sentences
from index.dates import day
from index.safe_text import unsafe_char
from service.config import DEFAULTS
from service.http.record_spec import NOT_BLANK, RECORD_ITEM, URL_PATTERN


class Contains(validate.Regexp):
    """A pattern found anywhere in the value, as JSON Schema's `pattern` means it."""

    def __call__(self, value):
        if self.regex.search(value) is None:
            raise ValidationError(self._format_error(value))
        return value


def refuse_unsafe(value: str, name: str) -> None:
    """Refuse a string holding a lone surrogate, NUL or another control (index/safe_text.py)."""
    if problem := unsafe_char(value):
        raise ValidationError(f"{name} holds {problem}: send text only.")


class Text(fields.String):
    """Every string the API accepts: one that is not text is a 422 naming its field."""

    def _deserialize(self, value, attr, data, **kwargs):
        value = super()._deserialize(value, attr, data, **kwargs)
        refuse_unsafe(value, self.data_key or attr or "value")
        return value


def check_json_text(value, name: str) -> None:
    """Refuse any string (keys too) inside a free-form JSON value; `name` is its path."""
    if isinstance(value, str):
        refuse_unsafe(value, name)
    elif isinstance(value, dict):
        for key, item in value.items():
            refuse_unsafe(str(key), f"{name} (a key)")
            check_json_text(item, f"{name}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_json_text(item, f"{name}[{index}]")


def path_arg(name: str, value: str) -> str:
    """A path parameter, checked as body strings are: 422 in the one error shape."""
    try:
        refuse_unsafe(value, name)
    except ValidationError as exc:
        abort(422, message=exc.messages[0], errors={"path": {name: exc.messages}})
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
    before = Text(
        load_default="",
        validate=validate.Length(max=CONTEXT_LIMIT),
        metadata={"description": "What comes just before the claim (its end is used)."},
    )
    after = Text(
        load_default="",
        validate=validate.Length(max=CONTEXT_LIMIT),
        metadata={"description": "What comes just after the claim (its start is used)."},
    )


class CheckRequest(Schema):
    text = Text(
        required=True,
        validate=Contains(NOT_BLANK, error=EMPTY),
        # The spec states the default limit; the validator below applies the configured one.
        metadata={
            "description": "The claim to check (the limit is VERACITY_MAX_TEXT_LENGTH).",
            "maxLength": DEFAULTS["MAX_TEXT_LENGTH"],
        },
    )
    url = Text(
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
    date = Text(
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


REPORT_FORMATS = ["json", "md", "html", "jsonld"]
MAX_BATCH = 20
PARAGRAPH_LIMIT = 20_000


class ReportRequest(CheckRequest):
    format = Text(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(REPORT_FORMATS),
        metadata={
            "description": "json (sections), md, html (a printable page) or jsonld "
            "(ClaimReview); wins over ?format= and the Accept header."
        },
    )


class ReportQuery(ReportRequest):
    """GET /v1/report's query string: the report's fields but the context."""

    class Meta:
        exclude = ("context",)


class BatchRequest(CheckRequest):
    """A paragraph to split into sentences, or the sentences; each is checked as `text`."""

    class Meta:
        exclude = ("text",)

    # Not nullable: null is not a paragraph (marshmallow makes a None default nullable).
    paragraph = Text(
        load_default=None,
        allow_none=False,
        validate=[
            validate.Length(max=PARAGRAPH_LIMIT),
            Contains(NOT_BLANK, error="No sentence found: the paragraph is blank."),
        ],
        metadata={"description": f"Text split into sentences here (at most {MAX_BATCH})."},
    )
    texts = fields.List(
        Text(
            validate=Contains(NOT_BLANK, error=EMPTY),
            metadata={"maxLength": DEFAULTS["MAX_TEXT_LENGTH"]},
        ),
        load_default=None,
        allow_none=False,
        validate=validate.Length(
            min=1, max=MAX_BATCH, error="Send 1 to {max} texts (one batch checks at most {max})."
        ),
        metadata={"description": f"The sentences to check, 1 to {MAX_BATCH}, in order."},
    )

    @validates_schema
    def _one_of(self, data, **_) -> None:
        given = [name for name in ("paragraph", "texts") if data.get(name) is not None]
        if len(given) != 1:
            message = (
                "Send either `paragraph` or `texts`, not both."
                if given
                else ("Send `paragraph` (text to split into sentences) or `texts` (sentences).")
            )
            raise ValidationError(message, field_name="_schema")

    @post_load
    def _sentences(self, data, **_) -> dict:
        field = "texts" if data.get("texts") is not None else "paragraph"
        texts = data.pop("texts") or sentences.split(data.pop("paragraph") or "")
        if not texts:
            raise ValidationError({field: ["No sentence found: the paragraph is blank."]})
        if len(texts) > MAX_BATCH:
            raise ValidationError(
                {field: [f"The paragraph has {len(texts)} sentences; the limit is {MAX_BATCH}."]}
            )
        # Each sentence passes every check a /v1/check text does.
        one = CheckRequest(only=("text",))
        errors = {}
        for number, text in enumerate(texts):
            try:
                one.load({"text": text})
            except ValidationError as exc:
                errors[number] = exc.messages.get("text", exc.messages)
        if errors:
            raise ValidationError({field: errors})
        data.pop("paragraph", None)
        return {**data, "texts": [text.strip() for text in texts]}


class AddRequest(Schema):
    records = fields.List(
        fields.Dict(metadata=RECORD_ITEM),
        required=True,
        validate=validate.Length(min=1, max=1000),
        metadata={
            "description": "Records in the import format (statements, fact-checks, outlets)."
        },
    )

    @validates("records")
    def _records_are_text(self, records, **_) -> None:
        for index, record in enumerate(records):
            check_json_text(record, f"records[{index}]")

    @pre_load
    def _one_record(self, data, **_):
        # A single record may be posted as it is, without the list around it.
        if isinstance(data, dict) and "records" not in data:
            return {"records": [data]}
        return data
