"""The HTTP API: /v1/check, statements, outlets, health."""

import os

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from index.records import RecordError
from service.http.auth import guard
from service.http.formats import chosen, documented, respond
from service.http.metrics import count_records
from service.http.responses import (
    AddResponse,
    CheckResponse,
    HealthResponse,
    OutletSchema,
    RecordSchema,
)
from service.http.schemas import AddRequest, CheckRequest, path_arg
from service.judgement.lookup import record_dict
from service.report.claimreview import as_jsonld

blp = Blueprint("v1", __name__, url_prefix="/v1", description="Fact-check lookup")
# Keys are checked before any body is parsed: junk from a stranger gets 401, not 422.
blp.before_request(guard)
health = Blueprint("health", __name__, description="Readiness")


def engine():
    return current_app.extensions["veracity"]


@blp.route("/check")
class Check(MethodView):
    @blp.arguments(CheckRequest)
    @blp.response(200, CheckResponse)
    def post(self, args):
        """Check a claim against stored statements and fact-checks."""
        text = args["text"].strip()
        return engine().check(
            text,
            url=args["url"],
            top_k=args["top_k"],
            date=args["date"],
            context=args["context"],
        )


@blp.route("/statements")
class Statements(MethodView):
    @blp.arguments(AddRequest)
    @blp.response(201, AddResponse)
    def post(self, args):
        """Add statements, fact-checks or outlets live (needs an API key)."""
        try:
            result = engine().add_records(args["records"])
        except RecordError as exc:
            abort(422, message=str(exc))
        count_records(result)
        return result


@blp.route("/statements/<string:statement_id>")
class StatementById(MethodView):
    @blp.response(200, RecordSchema)
    @blp.doc(responses=documented("Record", "jsonld"))
    def get(self, statement_id):
        """Get one stored record by id (as ClaimReview JSON-LD with Accept: application/ld+json
        or ?format=jsonld)."""
        store = engine().collection.store
        statement = store.get(path_arg("statement_id", statement_id))
        if statement is None:
            abort(404, message=f"No statement with id {statement_id!r}.")
        from service.judgement.sources import profiles

        record = record_dict(statement, profiles(store, [statement]))
        # ClaimReview JSON-LD on request (Accept or ?format=jsonld); our JSON by default.
        if chosen(allowed=("json", "jsonld")) == "jsonld":
            return respond(as_jsonld(record), "jsonld")
        return record


@blp.route("/outlets/<path:domain>")
class OutletByDomain(MethodView):
    @blp.response(200, OutletSchema)
    def get(self, domain):
        """Get the profile of the outlet behind a domain (subdomains resolve to their parent)."""
        outlet = engine().collection.store.outlet_for_domain(path_arg("domain", domain))
        if outlet is None:
            abort(404, message=f"No outlet is known for {domain!r}.")
        return outlet.to_dict()


@health.route("/healthz")
class Health(MethodView):
    @health.response(200, HealthResponse)
    def get(self):
        """Report readiness: 200 once the index is loaded."""
        veracity = current_app.extensions.get("veracity")
        if veracity is None:
            abort(503, message="The index is still loading.")
        # Load balancers call this often: counts only (stats() groups the whole store by kind).
        stats = veracity.collection.counts()
        return {
            "status": "ok",
            "statements": stats["statements"],
            "indexed": stats["indexed"],
            "outlets": stats["outlets"],
            "model": stats["model"],
            # False while BM25 indexes a large backlog after a start; lookups are dense-only.
            "lexical_ready": veracity.retriever.lexical_ready,
            # Which worker answered: each indexes BM25 on its own, and each reports for itself.
            "worker": os.getpid(),
        }
