"""Transport hardening: body size cap, CORS for the extension, security headers, proxies."""

from __future__ import annotations

import io

from flask import Flask, request
from flask_cors import CORS
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from service.config import csv

# The API returns JSON only: nothing it sends may run, frame, or be sniffed into HTML.
API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "interest-cohort=()",
}
# The Swagger page loads its script and styles from the CDN named in the app's config.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://cdn.jsdelivr.net; connect-src 'self'; frame-ancestors 'none'"
)


def allowed_origins(config) -> list[str]:
    """The extension's origins (from its ids) plus the configured ones; never a wildcard."""
    origins = [f"chrome-extension://{i}" for i in csv(config["EXTENSION_IDS"])]
    origins += [o.rstrip("/") for o in csv(config["CORS_ORIGINS"]) if o.strip() != "*"]
    return origins


def cap_body() -> None:
    """Refuse an oversized body from its declared length, before anything reads it."""
    limit = request.max_content_length
    if limit is None:
        return
    environ = request.environ
    if request.content_length is None and environ.get("wsgi.input_terminated"):
        # A chunked body declares no length: read up to the cap here, where going past it
        # is a 413, rather than let a parser see a cut-off body and call it bad JSON.
        body = environ["wsgi.input"].read(limit + 1)
        if len(body) <= limit:
            environ["wsgi.input"] = io.BytesIO(body)
            return
    elif (request.content_length or 0) <= limit:
        return
    raise RequestEntityTooLarge(
        f"The body is larger than the limit of {limit} bytes (VERACITY_MAX_CONTENT_LENGTH). "
        "Send fewer records per request."
    )


def add_headers(response):
    for name, value in API_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.path.startswith("/docs"):
        response.headers["Content-Security-Policy"] = DOCS_CSP
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def init_app(app: Flask) -> None:
    hops = int(app.config["PROXY_HOPS"])
    if hops:
        # Only then is X-Forwarded-For trusted: otherwise anyone could pick their own IP.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.before_request(cap_body)
    app.after_request(add_headers)
    CORS(
        app,
        origins=allowed_origins(app.config),
        methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Authorization", "X-API-Key", "X-Request-ID"],
        expose_headers=["X-Request-ID", "Retry-After"],
        max_age=600,
        vary_header=True,
    )
