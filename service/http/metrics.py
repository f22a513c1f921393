"""Prometheus metrics at /metrics: requests and latency by endpoint and status, index size.

Each gunicorn worker counts its own requests. Set PROMETHEUS_MULTIPROC_DIR (an empty
directory, the same for all workers) and /metrics adds the workers' counts together;
without it a scrape sees only the worker that answered it.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from service.http.auth import guard

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

# Process-wide, as Prometheus expects: created once, whatever number of apps a process builds.
REQUESTS = Counter(
    "veracity_http_requests_total",
    "HTTP requests answered, by endpoint (route template), method and status.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "veracity_http_request_duration_seconds",
    "Time from the request's arrival to its response, by endpoint and method.",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RECORDS = Counter(
    "veracity_records_imported_total",
    "Records written through the API, by outcome (added, duplicate, outlet).",
    ["outcome"],
)
STATEMENTS = Gauge(
    "veracity_index_statements",
    "Statements in the record store.",
    multiprocess_mode="livemax",
)
INDEXED = Gauge(
    "veracity_index_vectors",
    "Vectors in this worker's in-memory search index.",
    multiprocess_mode="livemin",
)


def count_records(result: dict) -> None:
    """Count a write's outcome (called by the add path)."""
    RECORDS.labels("added").inc(result.get("added", 0))
    RECORDS.labels("duplicate").inc(result.get("duplicates", 0))
    RECORDS.labels("outlet").inc(result.get("outlets_added", 0) + result.get("outlets_merged", 0))


def _endpoint() -> str:
    # The route template, not the path: ids in paths would make a label per statement.
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _observe(response):
    endpoint = _endpoint()
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint, request.method).observe(
        time.perf_counter() - g.get("metrics_started", time.perf_counter())
    )
    return response


def exposition() -> Response:
    """Render the metrics: the collectors of every worker in multiprocess mode."""
    guard()
    veracity = current_app.extensions.get("veracity")
    if veracity is not None:
        STATEMENTS.set(veracity.collection.store.count())
        INDEXED.set(veracity.collection.vectors.count)
    if MULTIPROCESS:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest()
    return Response(body, content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    app.after_request(_observe)
    app.add_url_rule("/metrics", "metrics", exposition, methods=["GET"])
