"""Response schemas of the API (marshmallow): what every endpoint answers, for the OpenAPI spec."""

from marshmallow import Schema, fields, validate

from service.http.schemas import LABELS, ContextSchema


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
    relation_disputed = fields.Boolean(
        allow_none=True,
        metadata={
            "description": "True where the cross-encoder read a different claim and the vector "
            "head this relation: a verdict resting on it is never confident."
        },
    )


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


class BatchResponse(Schema):
    results = fields.List(fields.Nested(CheckResponse), required=True)
    sentences = fields.Integer(required=True)


class ReportParagraphSchema(Schema):
    text = fields.String(required=True)
    refs = fields.List(fields.Integer(), required=True)


class ReportSectionSchema(Schema):
    id = fields.String(
        validate=validate.OneOf(["what-we-know", "backdrop", "analysis", "conclusion"])
    )
    heading = fields.String()
    paragraphs = fields.List(fields.Nested(ReportParagraphSchema))


class ReportReferenceSchema(Schema):
    n = fields.Integer(required=True)
    id = fields.String(required=True)
    external_id = fields.String(allow_none=True)
    kind = fields.String(validate=validate.OneOf(["statement", "fact_check", "outlet"]))
    label = fields.String()
    url = fields.String(allow_none=True)


class ReportResponse(Schema):
    title = fields.String(required=True)
    claim = fields.String(required=True)
    verdict = fields.Nested(VerdictSchema, required=True)
    sections = fields.List(fields.Nested(ReportSectionSchema), required=True)
    references = fields.List(fields.Nested(ReportReferenceSchema), required=True)
    generated = fields.String(required=True)
