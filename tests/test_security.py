"""Access control, rate limits, CORS, size caps, headers, request ids, logs and metrics."""

import json
import logging

import pytest

from service.http import auth, logs

KEY = "test-key"
STATEMENT = {"text": "The bridge will open in May.", "speaker": {"name": "A. Mayor"}}
ERROR_KEYS = {"code", "status", "message"}


def error_shape(response, code):
    body = response.get_json()
    assert response.status_code == code
    assert ERROR_KEYS <= set(body) <= ERROR_KEYS | {"errors"}
    assert body["code"] == code
    return body


# API keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-API-Key": ""},
        {"X-API-Key": "wrong"},
        {"X-API-Key": "test-ke"},
        {"X-API-Key": "test-key-and-more"},
        {"X-API-Key": "TEST-KEY"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic dGVzdC1rZXk6"},
        {"Authorization": "test-key"},
    ],
)
def test_a_write_without_a_valid_key_is_refused(client, headers):
    stored = client.get("/healthz").get_json()["statements"]
    response = client.post("/v1/statements", json=STATEMENT, headers=headers)
    body = error_shape(response, 401)
    assert "VERACITY_API_KEYS" in body["message"]
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/healthz").get_json()["statements"] == stored


@pytest.mark.parametrize(
    "headers", [{"X-API-Key": KEY}, {"Authorization": f"Bearer {KEY}"}, {"X-API-Key": f" {KEY} "}]
)
def test_a_write_with_a_configured_key_is_stored(client, headers):
    response = client.post("/v1/statements", json=STATEMENT, headers=headers)
    assert response.status_code == 201
    assert response.get_json()["added"] == 1


def test_any_of_several_keys_is_accepted(make_app):
    client = make_app(API_KEYS="first, second,third").test_client()
    for key in ("first", "second", "third"):
        text = {"text": f"Statement written with the {key} key."}
        assert (
            client.post("/v1/statements", json=text, headers={"X-API-Key": key}).status_code == 201
        )
    assert (
        client.post("/v1/statements", json=STATEMENT, headers={"X-API-Key": ","}).status_code == 401
    )


def test_without_configured_keys_no_one_may_write(make_app):
    client = make_app(API_KEYS="").test_client()
    for headers in ({}, {"X-API-Key": ""}, {"Authorization": "Bearer "}):
        body = error_shape(client.post("/v1/statements", json=STATEMENT, headers=headers), 401)
        assert "no API keys are configured" in body["message"]


@pytest.mark.parametrize(
    "data, content_type",
    [
        ("{not json", "application/json"),
        ('{"records": 5}', "application/json"),
        ("[1, 2", "application/json"),
    ],
)
def test_the_key_is_checked_before_the_body_is_parsed(client, data, content_type):
    response = client.post("/v1/statements", data=data, content_type=content_type)
    error_shape(response, 401)


def test_every_key_is_compared_whatever_matches(app, monkeypatch):
    calls = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    app.config["API_KEYS"] = "k1,k2,k3"
    with app.test_request_context():
        assert auth.valid_key("k1")
        assert len(calls) == 3
        assert not auth.valid_key("nope")
        assert len(calls) == 6


def test_reads_are_open_by_default(client):
    assert client.post("/v1/check", json={"text": "closest of countries"}).status_code == 200
    assert client.get("/metrics").status_code == 200


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "/v1/check", {"text": "closest of countries"}),
        ("get", "/v1/statements/abc", None),
        ("get", "/v1/outlets/bbc.co.uk", None),
        ("get", "/metrics", None),
    ],
)
def test_reads_can_require_a_key(make_app, method, path, body):
    client = make_app(READS_NEED_KEY=True).test_client()
    error_shape(getattr(client, method)(path, json=body), 401)
    response = getattr(client, method)(path, json=body, headers={"X-API-Key": KEY})
    assert response.status_code in (200, 404)
    assert client.get("/healthz").status_code == 200  # probes stay open


@pytest.mark.parametrize("value, keyed", [("true", True), ("1", True), ("false", False)])
def test_reads_need_key_is_read_from_the_environment(make_app, monkeypatch, value, keyed):
    monkeypatch.setenv("VERACITY_READS_NEED_KEY", value)
    client = make_app().test_client()
    status = client.post("/v1/check", json={"text": "closest of countries"}).status_code
    assert status == (401 if keyed else 200)


def test_keys_never_reach_the_logs(make_app, caplog):
    secret = "s3cret-key-value"
    client = make_app(API_KEYS=secret).test_client()
    with caplog.at_level(logging.DEBUG):
        client.post("/v1/statements", json=STATEMENT, headers={"X-API-Key": secret})
        client.post(
            "/v1/statements", json=STATEMENT, headers={"Authorization": f"Bearer {secret}x"}
        )
        client.post("/v1/check", json={"text": secret}, headers={"X-API-Key": secret})
    formatter = logs.JsonFormatter()
    assert caplog.records
    for record in caplog.records:
        assert secret not in formatter.format(record)


# rate limits ------------------------------------------------------------------------------


def test_each_ip_has_a_request_budget(make_app):
    client = make_app(RATE_LIMIT="3/minute").test_client()
    for _ in range(3):
        assert client.get("/v1/statements/abc").status_code == 404
    response = client.post("/v1/check", json={"text": "closest of countries"})
    body = error_shape(response, 429)
    assert "3 per 1 minute" in body["message"]
    assert 0 < int(response.headers["Retry-After"]) <= 60
    other = {"REMOTE_ADDR": "10.0.0.9"}
    assert client.get("/v1/statements/abc", environ_base=other).status_code == 404
    assert client.get("/healthz").status_code == 200  # exempt
    assert client.get("/metrics").status_code == 200


def test_writes_have_a_budget_per_key(make_app):
    client = make_app(API_KEYS="k1,k2", WRITE_RATE_LIMIT="2/minute").test_client()
    for n in range(2):
        record = {"text": f"Statement number {n}."}
        assert (
            client.post("/v1/statements", json=record, headers={"X-API-Key": "k1"}).status_code
            == 201
        )
    response = client.post("/v1/statements", json={"text": "third"}, headers={"X-API-Key": "k1"})
    error_shape(response, 429)
    assert int(response.headers["Retry-After"]) > 0
    record = {"text": "Another writer."}
    assert (
        client.post("/v1/statements", json=record, headers={"X-API-Key": "k2"}).status_code == 201
    )


def test_key_guessing_is_limited_per_ip(make_app):
    client = make_app(WRITE_RATE_LIMIT="2/minute").test_client()
    statuses = [
        client.post(
            "/v1/statements", json=STATEMENT, headers={"X-API-Key": f"guess{n}"}
        ).status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 429, 429]


@pytest.mark.parametrize("hops, limited", [(0, True), (1, False)])
def test_forwarded_for_is_trusted_only_behind_a_configured_proxy(make_app, hops, limited):
    client = make_app(RATE_LIMIT="1/minute", PROXY_HOPS=hops).test_client()
    assert client.get("/v1/statements/a", headers={"X-Forwarded-For": "1.1.1.1"}).status_code == 404
    second = client.get("/v1/statements/a", headers={"X-Forwarded-For": "2.2.2.2"}).status_code
    assert second == (429 if limited else 404)


# CORS -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin, allowed",
    [
        ("chrome-extension://abcdefghijklmnop", True),
        ("https://factcheck.example.org", True),
        ("chrome-extension://someotherextension", False),
        ("https://evil.example.com", False),
        ("https://factcheck.example.org.evil.com", False),
        ("null", False),
    ],
)
def test_cors_allows_only_the_extension_and_configured_origins(make_app, origin, allowed):
    client = make_app(
        EXTENSION_IDS="abcdefghijklmnop", CORS_ORIGINS="https://factcheck.example.org/, *"
    ).test_client()
    response = client.post("/v1/check", json={"text": "closest"}, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == (origin if allowed else None)
    preflight = client.options(
        "/v1/statements",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-api-key",
        },
    )
    assert preflight.status_code == 200
    if allowed:
        assert preflight.headers["Access-Control-Allow-Origin"] == origin
        assert "x-api-key" in preflight.headers["Access-Control-Allow-Headers"].lower()
    else:
        assert "Access-Control-Allow-Origin" not in preflight.headers


def test_no_origin_is_allowed_by_default(client):
    response = client.get("/healthz", headers={"Origin": "https://any.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


# size cap ---------------------------------------------------------------------------------


def test_an_oversized_body_is_refused_before_parsing(make_app):
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    body = json.dumps({"records": [{"text": "x" * 900}, {"text": "y" * 900}]})
    response = client.post(
        "/v1/statements", data=body, content_type="application/json", headers={"X-API-Key": KEY}
    )
    assert "1024" in error_shape(response, 413)["message"]
    response = client.post("/v1/check", data=body, content_type="application/json")
    error_shape(response, 413)


def test_an_oversized_body_without_a_length_is_cut_off(make_app):
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    body = json.dumps({"text": "z" * 5000}).encode()
    response = client.post(
        "/v1/check",
        input_stream=__import__("io").BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        # What gunicorn declares for a chunked body: the stream ends where the body does.
        environ_overrides={"wsgi.input_terminated": True},
    )
    error_shape(response, 413)
    small = json.dumps({"text": "closest of countries"}).encode()
    response = client.post(
        "/v1/check",
        input_stream=__import__("io").BytesIO(small),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 200


# headers ----------------------------------------------------------------------------------

REQUESTS = [
    ("get", "/healthz", None, 200),
    ("post", "/v1/check", {"text": "closest of countries"}, 200),
    ("post", "/v1/check", {"text": ""}, 422),
    ("post", "/v1/statements", STATEMENT, 401),
    ("get", "/v1/statements/nothing", None, 404),
    ("get", "/no/such/path", None, 404),
    ("delete", "/v1/check", None, 405),
    ("get", "/openapi.json", None, 200),
    ("get", "/metrics", None, 200),
]


@pytest.mark.parametrize("method, path, body, status", REQUESTS)
def test_every_response_carries_security_headers(client, method, path, body, status):
    response = getattr(client, method)(path, json=body)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert (
        response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.headers["Referrer-Policy"] == "no-referrer"
    if status >= 400:
        error_shape(response, status)


def test_the_docs_page_may_load_its_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200
    assert (
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net"
        in (response.headers["Content-Security-Policy"])
    )


# request ids and logs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, kept",
    [
        ("abc-123", True),
        ("a" * 64, True),
        ("a" * 65, False),
        ("x y<script>", False),
        ("", False),
    ],
)
def test_request_ids_are_echoed_only_when_plain(client, given, kept):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    rid = response.headers["X-Request-ID"]
    if kept:
        assert rid == given
    else:
        assert rid != given and len(rid) == 32


def test_logs_are_json_lines_with_the_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="veracity.access"):
        client.post("/v1/check", json={"text": "closest"}, headers={"X-Request-ID": "req-42"})
    record = next(r for r in caplog.records if r.name == "veracity.access")
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["message"] == "POST /v1/check 200"
    assert line["status"] == 200
    assert line["path"] == "/v1/check"
    assert line["level"] == "info"
    assert line["duration_ms"] >= 0


def test_configure_installs_one_handler(capsys):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        logs.configure("json")
        logs.configure("json")
        ours = [h for h in root.handlers if getattr(h, "_veracity", False)]
        assert len(ours) == 1
        logging.getLogger("veracity.test").warning("hello %s", "there", extra={"n": 3})
        line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        assert (line["message"], line["n"], line["level"]) == ("hello there", 3, "warning")
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)


def test_an_unexpected_error_is_logged_with_its_request_id(app, caplog, monkeypatch):
    engine = app.extensions["veracity"]
    monkeypatch.setattr(engine, "check", lambda *a, **k: 1 / 0)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().post(
            "/v1/check", json={"text": "boom"}, headers={"X-Request-ID": "req-500"}
        )
    body = error_shape(response, 500)
    assert "ZeroDivision" not in body["message"]
    record = next(r for r in caplog.records if r.levelno == logging.ERROR)
    with app.test_request_context(headers={"X-Request-ID": "req-500"}):
        logs._start()
        line = json.loads(logs.JsonFormatter().format(record))
    assert line["request_id"] == "req-500"
    assert "ZeroDivisionError" in line["exception"]


# metrics ----------------------------------------------------------------------------------


def _sample(text, name, **labels):
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{{want}}}" if labels else f"{name} "):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_latency_index_and_imports(client):
    stored = client.get("/healthz").get_json()["statements"]
    before = client.get("/metrics").get_data(as_text=True)
    client.post("/v1/check", json={"text": "closest of countries"})
    client.post("/v1/check", json={"text": ""})
    client.get("/v1/statements/abc")
    client.post("/v1/statements", json=STATEMENT, headers={"X-API-Key": KEY})
    response = client.get("/metrics")
    assert response.headers["Content-Type"].startswith("text/plain")
    after = response.get_data(as_text=True)
    requests = "veracity_http_requests_total"

    def delta(name, **labels):
        return _sample(after, name, **labels) - _sample(before, name, **labels)

    assert delta(requests, endpoint="/v1/check", method="POST", status="200") == 1
    assert delta(requests, endpoint="/v1/check", method="POST", status="422") == 1
    assert (
        delta(requests, endpoint="/v1/statements/<string:statement_id>", method="GET", status="404")
        == 1
    )
    assert delta(requests, endpoint="/v1/statements", method="POST", status="201") == 1
    assert (
        delta("veracity_http_request_duration_seconds_count", endpoint="/v1/check", method="POST")
        == 2
    )
    assert delta("veracity_records_imported_total", outcome="added") == 1
    assert _sample(after, "veracity_index_statements") == stored + 1
    assert _sample(after, "veracity_index_vectors") == stored + 1
