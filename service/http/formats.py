"""Which representation a caller asked for (a field, ?format=, or Accept), and answering it."""

from __future__ import annotations

import json

from flask import Response, jsonify, request
from flask_smorest import abort

# format name -> media type; the order is the preference when Accept allows several equally.
MEDIA = {
    "json": "application/json",
    "md": "text/markdown",
    "html": "text/html",
    "jsonld": "application/ld+json",
}


def chosen(field: str | None = None, *, allowed: tuple[str, ...] = tuple(MEDIA)) -> str:
    """The body's `format` field, else ?format=, else the best Accept match, else json."""
    name = field or request.args.get("format")
    if name:
        if name not in allowed:
            abort(422, message=f"Unknown format {name!r}: use one of {', '.join(allowed)}.")
        return name
    media = {MEDIA[name]: name for name in allowed}
    best = request.accept_mimetypes.best_match(list(media), default=MEDIA["json"])
    return media.get(best, "json")


def respond(body, name: str, *, csp: str | None = None) -> Response:
    """Answer `body` (a dict for json/jsonld, text for md/html) in the named format."""
    if name == "json":
        return jsonify(body)
    if name == "jsonld":
        response = Response(json.dumps(body, ensure_ascii=False, indent=2), mimetype=MEDIA[name])
    else:
        response = Response(body, mimetype=MEDIA[name])
        response.charset = "utf-8"
    if csp:
        response.headers["Content-Security-Policy"] = csp
    response.vary.add("Accept")
    return response
