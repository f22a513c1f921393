"""The Flask application factory: `gunicorn 'service.app:create_app()'`."""

from flask import Flask

from service.config import CHOICES, DEFAULTS, FLAGS, NUMERIC, flag
from service.engine import Engine
from service.http import errors, logs, metrics, ratelimit, record_spec, report_api, security
from service.http.api import blp, health


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, then VERACITY_* environment variables, then `config`."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("VERACITY")
    for key, kind in NUMERIC.items():
        app.config[key] = kind(app.config[key])
    for key in FLAGS:
        app.config[key] = flag(app.config[key])
    app.config.update(config or {})
    for key, allowed in CHOICES.items():
        if app.config[key] not in allowed:
            raise ValueError(
                f"VERACITY_{key} must be one of {', '.join(allowed)}, not {app.config[key]!r}"
            )
    app.config.update(
        API_TITLE="Veracity",
        API_VERSION="1.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
    )
    _limit_threads(app.config["TORCH_THREADS"])
    logs.init_app(app)  # first: the request id must exist before any other hook runs
    security.init_app(app)
    api = errors.VeracityApi(app)
    record_spec.register(api.spec)
    api.register_blueprint(blp)
    api.register_blueprint(health)
    api.register_blueprint(report_api.blp)
    report_api.document(api.spec)
    errors.init_app(app, api)
    metrics.init_app(app)
    ratelimit.init_app(app)
    app.extensions["veracity"] = Engine(app.config, embedder=app.config.get("EMBEDDER"))
    return app


def _limit_threads(threads: int) -> None:
    # Workers share 2 cores: one intra-op thread each avoids oversubscription. torch is only
    # touched when already loaded (the torch embedder): serving on ONNX never imports it.
    import sys

    import faiss

    faiss.omp_set_num_threads(max(1, int(threads)))
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(max(1, int(threads)))
