"""Local servers for the browser tests: any WSGI app on a free port, the real service, the pages."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from tests.extension.records import RECORDS

PAGES = Path(__file__).resolve().parent / "pages"


class ServerThread:
    """Serve a WSGI app on 127.0.0.1 on a free port, in a daemon thread."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self._serve(make_server("127.0.0.1", 0, app, threaded=True))

    def _serve(self, server) -> None:
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_port}"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class PageServer(ServerThread):
    """Serve the fixture pages (pages/) on 127.0.0.1 on a free port."""

    def __init__(self, directory: Path = PAGES):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self._serve(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler))


def real_service_app(data_dir: Path, *, embedder: str = "fake"):
    """The real service on an empty data dir (it builds from the bundled corpus), plus our records.

    `embedder="fake"` uses the test suite's hashed bag of words; "real" the packaged model.
    """
    from service.app import create_app

    config = {"TESTING": True, "DATA_DIR": str(data_dir), "API_KEYS": "e2e-key"}
    if embedder == "fake":
        from tests.conftest import FakeEmbedder

        config["EMBEDDER"] = FakeEmbedder()
    app = create_app(config)
    app.extensions["veracity"].add_records(RECORDS)
    return app
