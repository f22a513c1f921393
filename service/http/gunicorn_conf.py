"""gunicorn settings for Veracity: one single-threaded worker per core, each on one thread.

The query path is CPU-bound (the query embedding is most of it), so a worker per core with one
intra-op thread each keeps both cores busy without the two fighting over them. The vector
index is memory-mapped read-only, so workers share its pages through the page cache without
`preload_app`; not preloading keeps SQLite connections and onnxruntime sessions out of fork.
"""

import gc
import os

bind = os.environ.get("VERACITY_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VERACITY_WORKERS", str(os.cpu_count() or 2)))
# A second thread only helps while the other waits on I/O, which the lookup barely does.
threads = int(os.environ.get("VERACITY_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
preload_app = False
# The first request of a torch-fallback worker loads the model; a slow one must not kill it.
timeout = int(os.environ.get("VERACITY_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Many readers keep connections open behind a proxy; the backlog absorbs bursts.
backlog = 2048
# Restarting a worker now and then bounds slow growth (caches, allocator fragmentation).
max_requests = int(os.environ.get("VERACITY_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("VERACITY_ACCESS_LOG", "-") or None
if accesslog == "off":
    accesslog = None

# Every thread pool the workers could start, pinned to the configured intra-op thread count
# before any of them is imported (workers inherit the environment).
_threads = os.environ.get("VERACITY_TORCH_THREADS", "1")
for _key in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_key, _threads)
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def post_worker_init(worker):
    """Warm each worker as it starts, not on the first request it happens to be sent."""
    engine = getattr(worker.wsgi, "extensions", {}).get("veracity")
    if engine is not None:
        engine.warm_up()
        if engine.config.get("SYNC"):  # VERACITY_SYNC=1: one worker syncs (docs/sync.md)
            from service import background_sync

            background_sync.start(engine)
    # What the worker has loaded lives as long as it does: out of the collector's sight, a
    # full collection scans only what requests left behind. At 1M statements one took 41-77 ms
    # in the middle of a request, the slowest of the steady state (docs/benchmarks.md).
    gc.freeze()


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the shared metrics (prometheus multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
