"""Hypothesis properties of the record validators and the JSONL importer, and hostile input:
junk never escapes as anything but a RecordError, and only http(s) URLs are ever stored.
"""

import contextlib
import json
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.importers import FORMATS
from index.records import Outlet, RecordError, Statement

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
KEYS = st.sampled_from(
    ["text", "kind", "speaker", "date", "outlets", "rating", "url", "id", "name", "label",
     "value", "quote", "extra", "domains", "ratings", "rater", "ownership", "via", "title"]
)  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=5), inner),
    max_leaves=20,
)


@SETTINGS
@given(st.dictionaries(KEYS, JSON, max_size=8) | JSON)
def test_any_json_is_a_record_or_a_record_error(data):
    for parse in (Statement.from_dict, Outlet.from_dict):
        with contextlib.suppress(RecordError):
            parse(data)


@settings(SETTINGS, max_examples=50)  # each example writes a file
@given(st.lists(st.binary(max_size=60) | JSON.map(json.dumps).map(str.encode), max_size=12))
def test_the_jsonl_importer_never_raises(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "junk.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    for number, item in FORMATS["jsonl"](path):
        assert 1 <= number <= len(lines)
        assert isinstance(item, Statement | Outlet | RecordError)


WORD = st.text(string.ascii_letters + string.digits + " <>\"'&/é", min_size=1, max_size=40)
STATEMENTS = st.builds(
    dict,
    text=WORD.filter(str.strip),
    speaker=st.none() | st.builds(dict, name=WORD.filter(str.strip), role=st.none() | WORD),
    date=st.none() | st.sampled_from(["2020", "2021-05", "2019-10-22"]),
    outlets=st.lists(
        st.builds(
            dict, id=WORD.filter(str.strip), url=st.none() | WORD.map("https://x.org/".__add__)
        ),
        max_size=3,
    ),
    kind=st.sampled_from(["statement", "fact_check"]),
)


@SETTINGS
@given(STATEMENTS)
def test_a_stored_record_reads_back_the_same(data):
    statement = Statement.from_dict(data)
    again = Statement.from_dict({k: v for k, v in statement.to_dict().items() if k != "id"})
    assert again == statement
    assert again.content_hash == statement.content_hash


SCHEMES = st.sampled_from(["javascript:", "JavaScript:", " javascript:", "data:", "vbscript:",
                           "file:", "ftp://", "//", "http:/", "ws://", "mailto:", ""])  # fmt: skip


@SETTINGS
@given(SCHEMES, st.text(max_size=30))
def test_only_http_urls_are_stored(scheme, rest):
    url = scheme + rest
    records = [
        lambda: Statement.from_dict({"text": "t", "outlets": [{"id": "o", "url": url}]}),
        lambda: Statement.from_dict({"text": "t", "rating": {"label": "False", "url": url}}),
        lambda: Outlet.from_dict({"id": "o", "name": "O", "ratings": [{"rater": "r", "url": url}]}),
    ]
    for make in records:
        try:
            record = make()
        except RecordError:
            continue
        stored = json.dumps(record.to_dict())
        # Whatever survives is http(s) once spacing is normalized ("\x1chttp://0" is stored
        # as "http://0"); blank input is stored as no URL, anything else is never dropped.
        urls = re.findall(r'"url": "((?:[^"\\]|\\.)*)"', stored)
        assert all(re.match(r"https?://", u, re.I) for u in urls), stored
        assert urls or not url.strip(), stored


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JAVASCRIPT:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "javascript://example.org/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "https:alert(1)",
        "//evil.example/x",
    ],
)
def test_a_javascript_link_never_reaches_a_card(client, url):
    record = {"text": "Hostile link", "outlets": [{"id": "evil", "url": url}]}
    response = client.post("/v1/statements", json=record, headers={"X-API-Key": "test-key"})
    assert response.status_code == 422
    assert "http(s) URL" in response.get_json()["message"]


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "{{constructor.constructor('alert(1)')()}}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_in_records_is_returned_as_data(client, payload):
    record = {
        "text": f"Hostile statement {payload}",
        "speaker": {"name": f"Speaker {payload}", "role": payload},
        "outlets": [{"id": "hostile-outlet"}],
    }
    outlet = {"kind": "outlet", "id": "hostile-outlet", "name": f"Outlet {payload}"}
    headers = {"X-API-Key": "test-key"}
    added = client.post("/v1/statements", json={"records": [outlet, record]}, headers=headers)
    assert added.status_code == 201
    response = client.get(f"/v1/statements/{added.get_json()['ids'][0]}")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    body = response.get_json()
    assert (
        body["text"] == f"Hostile statement {payload}"
    )  # verbatim: escaping is the renderer's job
    assert body["speaker"]["name"] == f"Speaker {payload}"
    assert body["outlets"][0]["profile"]["name"] == f"Outlet {payload}"
