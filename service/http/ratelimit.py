"""Rate limits (flask-limiter): every caller per IP, and writes per API key as well."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import Limiter

from service.http.auth import is_write, key_id, presented_key, valid_key

# Probes and scrapes must never be turned away by a busy client.
EXEMPT = {"health.Health", "metrics", "static"}


def client_ip() -> str:
    return f"ip:{request.remote_addr or 'unknown'}"


def writer() -> str:
    """A valid key's id (never the key), else the IP: key guessing is limited per address."""
    given = presented_key()
    return f"key:{key_id(given)}" if given and valid_key(given) else client_ip()


def _exempt() -> bool:
    return request.endpoint in EXEMPT or request.method == "OPTIONS"


def init_app(app: Flask) -> Limiter:
    limiter = Limiter(
        client_ip,
        app=app,
        # Application limits are shared by all routes: one budget per IP, not one per endpoint.
        application_limits=[lambda: current_app.config["RATE_LIMIT"]],
        application_limits_exempt_when=_exempt,
        storage_uri=app.config["RATE_LIMIT_STORAGE"],
        headers_enabled=True,
        strategy="moving-window",
        key_prefix="veracity",
    )
    write_limit = lambda: current_app.config["WRITE_RATE_LIMIT"]  # noqa: E731

    def limit_writes() -> None:
        # Checked before the key is: failed guesses spend the caller's (per-IP) write budget.
        if is_write():
            with limiter.limit(write_limit, key_func=writer, scope="writes"):
                pass

    app.before_request(limit_writes)
    return limiter
