"""Structured logs: one JSON object per line, each tagged with the request's id."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request

# A caller's id is kept only when it is short and plain: it ends up in logs and headers.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
access = logging.getLogger("veracity.access")


def request_id() -> str | None:
    return getattr(g, "request_id", None) if has_request_context() else None


class JsonFormatter(logging.Formatter):
    """Render a record as JSON: time, level, logger, message, request id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = request_id()
        if rid:
            entry["request_id"] = rid
        entry.update({k: v for k, v in vars(record).items() if k not in _RESERVED})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure(fmt: str = "json", level: str = "INFO") -> None:
    """Send the process's logs to stderr in `fmt`; calling it again replaces our handler."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_veracity", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler._veracity = True
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root.addHandler(handler)
    root.setLevel(level.upper())


def _start() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
    g.started = time.perf_counter()


def _finish(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    # Method, path and status only: bodies, query strings and headers (keys) are never logged.
    access.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "endpoint": request.endpoint,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.get("started", 0.0)) * 1000, 2),
            "remote": request.remote_addr,
        },
    )
    return response


def init_app(app: Flask) -> None:
    if not app.testing:
        configure(str(app.config["LOG_FORMAT"]), str(app.config["LOG_LEVEL"]))
    # First in, so every later hook and error handler sees the id.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
