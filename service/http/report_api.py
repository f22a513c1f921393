"""The API's written answers: /v1/report (JSON, Markdown, HTML, ClaimReview) and
/v1/check/batch (a paragraph's sentences in one request)."""

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from service.http.auth import guard
from service.http.formats import chosen, documented, respond
from service.http.responses import BatchResponse, ReportResponse
from service.http.schemas import BatchRequest, ReportQuery, ReportRequest
from service.report import claimreview, html, markdown
from service.report.build import build

blp = Blueprint("report", __name__, url_prefix="/v1", description="Reports and batches")
blp.before_request(guard)
# A report reads at least this many records, whatever top_k the caller sends.
REPORT_DEPTH = 10


def document(spec) -> None:
    """Say in the OpenAPI document what marshmallow cannot: a batch sends exactly one of
    `paragraph` and `texts`."""
    batch = spec.components.schemas.get("BatchRequest")
    if batch is not None:
        batch["oneOf"] = [{"required": ["paragraph"]}, {"required": ["texts"]}]


def engine():
    return current_app.extensions["veracity"]


@blp.route("/check/batch")
class CheckBatch(MethodView):
    @blp.arguments(BatchRequest)
    @blp.response(200, BatchResponse)
    def post(self, args):
        """Check each sentence of a paragraph (or each of up to 20 texts), in one request."""
        results = engine().check_many(
            args["texts"],
            url=args["url"],
            top_k=args["top_k"],
            date=args["date"],
            context=args["context"],
        )
        return {"results": results, "sentences": len(results)}


@blp.route("/report")
class Report(MethodView):
    @blp.arguments(ReportRequest)
    @blp.response(200, ReportResponse)
    @blp.doc(responses=documented("ReportResponse", "md", "html", "jsonld"))
    def post(self, args):
        """The written fact-check of a claim: JSON sections, Markdown, HTML or ClaimReview."""
        return _report(args)

    @blp.arguments(ReportQuery, location="query")
    @blp.response(200, ReportResponse)
    @blp.doc(responses=documented("ReportResponse", "md", "html", "jsonld"))
    def get(self, args):
        """The same report, linkable: the url a report's ClaimReview names."""
        return _report({**args, "context": None})


def _report(args: dict):
    veracity = engine()
    result = veracity.check(
        args["text"].strip(),
        url=args["url"],
        top_k=max(args["top_k"], REPORT_DEPTH),
        date=args["date"],
        context=args["context"],
    )
    report = build(result, veracity.collection.store.outlet)
    name = chosen(args.get("format"))
    if name == "json":
        return report
    if name == "md":
        return respond(markdown.render(report), name)
    page, date = args["url"], args["date"]
    url = claimreview.report_url(request.url_root, report["claim"], page=page, date=date)
    review = claimreview.report_review(report, url=url, page=page, date=date)
    if name == "jsonld":
        return respond(review, name)
    return respond(html.render(report, review), name, csp=html.CSP)
