"""Fuzz the API from its own OpenAPI spec (schemathesis), with hostile strings sprinkled in:
no 5xx, every error in the one JSON shape, bodies that match the spec, and a string that is
not text (lone surrogate, NUL, control) refused with a 422.

Schemathesis is driven through its Python API (`operation.as_strategy()` under hypothesis),
not its pytest plugin: the plugin's lazy fixture loader writes pytest internals
(`Function._nodeid`) that pytest 9.2 removed. `make test` runs a small slice;
`make fuzz-nightly` (FUZZ_EXAMPLES=2500) sends 15,000+.
"""

import os
from urllib.parse import quote, unquote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from index.safe_text import unsafe_char
from tests.conftest import FakeEmbedder
from tests.strings import NOT_TEXT, ODD_TEXT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))  # per operation and generation mode
SENT = {"requests": 0, "5xx": 0}
# Every operation the spec declares: a new endpoint must be added here to be fuzzed.
OPERATIONS = [
    "POST /v1/check",
    "POST /v1/check/batch",
    "POST /v1/report",
    "GET /v1/report",
    "POST /v1/statements",
    "GET /v1/statements/{statement_id}",
    "GET /v1/outlets/{domain}",
    "GET /healthz",
]
# The service is lenient where JSON Schema cannot follow it (white space is collapsed before
# a length is checked, blank optional text counts as missing), so a request the spec calls
# invalid may be accepted. Everything else is checked: no 5xx, conforming bodies, statuses,
# content types, and schema-valid requests accepted.
LENIENT = [schemathesis.checks.negative_data_rejection]
# JSON Schema cannot say "text only", so a spec-valid request given a string that is not text
# is refused (422): such a case does not count against positive_data_acceptance.
NOT_TEXT_OK = [*LENIENT, schemathesis.checks.positive_data_acceptance]


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


@pytest.fixture(scope="module")
def fuzz_schema(fuzz_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", fuzz_app)


def test_every_operation_is_fuzzed(fuzz_schema):
    assert sorted(op.ok().label for op in fuzz_schema.get_all_operations()) == sorted(OPERATIONS)


def leaves(value, path=()):
    """The paths of the strings inside a JSON value."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict | list):
        for key, item in value.items() if isinstance(value, dict) else enumerate(value):
            yield from leaves(item, (*path, key))


def strings(case) -> list[str]:
    """Every string in the case's path, query and body, the body's object keys included."""
    # Schemathesis keeps path parameters percent-encoded.
    found = [unquote(s) for s in (case.path_parameters or {}).values() if isinstance(s, str)]
    return found + list(texts(case.query or {})) + list(texts(case.body))


def texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def sprinkle(case, data) -> str | None:
    """Put a hostile character into one string of the body or the path (or none); return it."""
    spots = [("body", p) for p in leaves(case.body)] if isinstance(case.body, dict | list) else []
    spots += [("path", (name,)) for name in case.path_parameters or {}]
    if not spots or not data.draw(st.booleans(), label="sprinkle"):
        return None
    where, path = data.draw(st.sampled_from(spots), label="spot")
    # A path cannot carry a lone surrogate: UTF-8 cannot spell it (tests/test_properties.py).
    chars = NOT_TEXT + ODD_TEXT if where == "body" else [c for c in NOT_TEXT if c < "\ud800"]
    char = data.draw(st.sampled_from(chars), label="char")
    if where == "body" and not path:
        case.body = case.body + char
        return char
    parent = case.body if where == "body" else case.path_parameters
    for key in path[:-1]:
        parent = parent[key]
    old = parent[path[-1]]
    if where == "path":  # percent-encoded: the character goes in whole, at either end
        at = data.draw(st.sampled_from([0, len(old)]), label="at")
        char = quote(char, safe="")
    else:
        at = data.draw(st.integers(0, len(old)), label="at")
    parent[path[-1]] = old[:at] + char + old[at:]
    return char


# Invalid input exists only for a body: any string is a valid path parameter.
RUNS = [(label, GenerationMode.POSITIVE) for label in OPERATIONS] + [
    (label, GenerationMode.NEGATIVE) for label in OPERATIONS if label.startswith("POST")
]


@pytest.mark.parametrize(("label", "mode"), RUNS, ids=[f"{m.value} {label}" for label, m in RUNS])
def test_api_conforms_to_its_spec(fuzz_schema, label, mode):
    operation = fuzz_schema.find_operation_by_label(label)

    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case, data):
        sprinkled = sprinkle(case, data)
        # Schemathesis draws controls itself too: any string that is not text must be refused.
        refused = any(unsafe_char(s) for s in strings(case))
        headers = {"X-API-Key": "fuzz-key"} if case.method == "POST" else None
        # A sprinkled value may break a pattern or a length too: the case is no longer valid.
        excluded = NOT_TEXT_OK if refused or sprinkled else LENIENT
        response = case.call_and_validate(headers=headers, excluded_checks=excluded)
        SENT["requests"] += 1
        SENT["5xx"] += response.status_code >= 500
        if response.status_code >= 400:
            body = response.json()
            assert set(body) - {"errors"} == {"code", "status", "message"}, body
            assert body["code"] == response.status_code
        if refused and mode is GenerationMode.POSITIVE and case.method == "POST":
            assert response.status_code == 422, case.body
            assert "holds" in str(response.json()["errors"]), response.json()

    run()


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
