"""Fuzz the API from its own OpenAPI spec (schemathesis), and the schemas and importers
with hypothesis: no 5xx, every error in the one JSON shape, bodies that match the spec.

`make test` runs a small slice; `make fuzz-nightly` (FUZZ_EXAMPLES=2500) sends 10,000+.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.conftest import FakeEmbedder

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
SENT = {"requests": 0, "5xx": 0}
# The service is lenient where JSON Schema cannot follow it (white space is collapsed before
# a length is checked, blank optional text counts as missing), so a request the spec calls
# invalid may be accepted. Everything else is checked: no 5xx, conforming bodies, statuses,
# content types, and schema-valid requests accepted.
LENIENT = [schemathesis.checks.negative_data_rejection]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from service.app import create_app

    return create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(tmp_path_factory.mktemp("fuzz") / "data"),
            "EMBEDDER": FakeEmbedder(),
            "API_KEYS": "fuzz-key",
            "RATE_LIMIT": "100000000/minute",
            "WRITE_RATE_LIMIT": "100000000/minute",
        }
    )


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@pytest.fixture(scope="module")
def fuzz_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", fuzz_app)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_spec(case):
    headers = {"X-API-Key": "fuzz-key"} if case.method == "POST" else None
    response = case.call_and_validate(headers=headers, excluded_checks=LENIENT)
    SENT["requests"] += 1
    SENT["5xx"] += response.status_code >= 500
    if response.status_code >= 400:
        body = response.json()
        assert set(body) - {"errors"} == {"code", "status", "message"}, body
        assert body["code"] == response.status_code


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    # The figure `make fuzz-nightly` reports: requests sent and server errors among them.
    print(f"\nfuzz: {SENT['requests']} requests, {SENT['5xx']} with status 5xx")


# Regressions: what the fuzzer found, kept as plain tests. -----------------------------------


@pytest.mark.parametrize(
    "method, path", [("trace", "/v1/check"), ("put", "/healthz"), ("delete", "/v1/statements/x")]
)
def test_an_undeclared_method_is_405_with_allow(client, method, path):
    # Found: 405 lost its Allow header, and a PUT without a JSON body answered 415.
    response = client.open(path, method=method.upper())
    assert response.status_code == 405
    assert response.headers["Allow"]
    assert response.get_json()["code"] == 405


@pytest.mark.parametrize(
    "body",
    [
        {"text": "   "},
        {"text": "claim", "url": ""},
        {"text": "claim", "url": "javascript:alert(1)"},
        {"text": "claim", "url": "ftp://example.org/x"},
    ],
)
def test_check_rejects_what_its_spec_rejects(client, body):
    # Found: the spec allowed an empty url and blank text that the service refused.
    assert client.post("/v1/check", json=body).status_code == 422


@pytest.mark.parametrize("url", ["http://localhost", "https://a", "HTTPS://News.Example/x?y=1"])
def test_check_accepts_any_http_url_its_spec_allows(client, url):
    assert client.post("/v1/check", json={"text": "claim", "url": url}).status_code == 200


def test_an_outlet_with_blank_optional_fields_is_accepted(client):
    # Found: the spec called blank optional text invalid; records.py stores it as missing.
    record = {"kind": "outlet", "id": "o", "name": "O", "notes": "", "country": " "}
    response = client.post("/v1/statements", json=record, headers={"X-API-Key": "test-key"})
    assert response.status_code == 201
