"""One JSON error shape for every error: {code, status, message, errors?}."""

import logging

from flask import Flask, current_app, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException, InternalServerError, UnsupportedMediaType

log = logging.getLogger(__name__)


class VeracityApi(Api):
    """flask-smorest's Api, with a message on every error so a caller knows what to fix."""

    def handle_http_exception(self, error: HTTPException):
        payload, code, headers = super().handle_http_exception(error)
        # Keep the exception's own headers (Allow on a 405, Retry-After on a 429): the base
        # handler drops them. Found by the fuzzer: a 405 without Allow breaks RFC 9110.
        own = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        headers = {**own, **(headers or {})}
        if code == 429:
            payload["message"] = (
                f"Too many requests: the limit is {error.description}. "
                "Wait the seconds given in Retry-After."
            )
        elif "message" not in payload:
            if code == 422:
                payload["message"] = "The request is not valid: see `errors` for each field."
            elif code == 400 and payload.get("errors", {}).get("json"):
                payload["message"] = "The body is not valid JSON."
            elif code == 413:
                limit = current_app.config["MAX_CONTENT_LENGTH"]
                payload["message"] = f"The body is too large: the limit is {limit} bytes."
            else:
                payload["message"] = error.description or error.name
        return payload, code, headers


def require_json() -> None:
    """Refuse a body that is not JSON before any parser sees it."""
    if request.routing_exception is not None:
        return  # an unknown path or method answers 404/405, whatever the body
    if request.method in ("POST", "PUT", "PATCH") and not request.is_json:
        raise UnsupportedMediaType(
            f"Content-Type must be application/json, not {request.mimetype or 'missing'}."
        )


def init_app(app: Flask, api: VeracityApi) -> None:
    app.before_request(require_json)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return api.handle_http_exception(error)
        # Log the trace for the operator; the caller gets the one shape and no internals.
        log.exception("unhandled error on %s %s", request.method, request.path)
        return api.handle_http_exception(
            InternalServerError("The service failed on this request; it has been logged.")
        )
