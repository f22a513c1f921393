"""API keys: who may write, and (when configured) who may read."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request
from flask_smorest import abort

from service.config import api_keys, flag


def presented_key() -> str:
    """The key the caller sent, in X-API-Key or as an Authorization bearer token."""
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get("X-API-Key", "").strip()


def _digest(value: str) -> bytes:
    # Hashing first makes the comparison's time independent of the keys' lengths too.
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()


def valid_key(given: str) -> bool:
    """Compare `given` with every configured key in constant time; never short-circuit."""
    given_digest = _digest(given)
    ok = False
    for key in api_keys(current_app.config["API_KEYS"]):
        ok |= hmac.compare_digest(given_digest, _digest(key))
    return ok and bool(given)


def key_id(given: str) -> str:
    """A stable, non-reversible name for a key (for rate limits and logs; never the key)."""
    return hashlib.sha256(given.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def require_key(action: str = "add records") -> None:
    """Abort with 401 unless the request carries a configured key."""
    if valid_key(presented_key()):
        return
    keys = api_keys(current_app.config["API_KEYS"])
    abort(
        401,
        message=f"A valid API key is required to {action} (X-API-Key or Authorization: "
        "Bearer); keys are set in VERACITY_API_KEYS."
        if keys
        else f"Disabled: no API keys are configured (VERACITY_API_KEYS), so no one may {action}.",
        headers={"WWW-Authenticate": "Bearer"},
    )


# POSTs that only read: a claim check changes nothing.
READ_ONLY_POSTS = {"v1.Check", "report.CheckBatch", "report.Report"}


def is_write() -> bool:
    """Whether the request may change stored data (any method but GET/HEAD/OPTIONS, bar reads)."""
    return request.method not in ("GET", "HEAD", "OPTIONS") and (
        request.endpoint not in READ_ONLY_POSTS
    )


def guard() -> None:
    """Before any parsing: every write needs a key; reads only when VERACITY_READS_NEED_KEY."""
    if request.method == "OPTIONS":
        return  # CORS preflights carry no credentials
    if is_write():
        require_key("add, change or delete records")
    elif flag(current_app.config["READS_NEED_KEY"]):
        require_key("read")
