"""gunicorn settings for Veracity: two single-threaded workers for two cores."""

import os

bind = os.environ.get("VERACITY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VERACITY_WORKERS", "2"))
threads = int(os.environ.get("VERACITY_THREADS", "1"))
# Loading the model takes seconds; a slow first request must not get the worker killed.
timeout = 120
graceful_timeout = 30
keepalive = 5
accesslog = "-"
