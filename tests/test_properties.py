"""Hypothesis properties of the record validators and the JSONL importer, and hostile input:
junk never escapes as anything but a RecordError, and only http(s) URLs are ever stored.
"""

import contextlib
import copy
import json
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.importers import FORMATS
from index.records import Outlet, RecordError, Statement
from index.safe_text import unsafe_char
from tests.conftest import FIXTURES
from tests.strings import HOSTILE, ODD_TEXT

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
        # Whatever survives is http(s) once spacing is normalized (" http://0" is stored as
        # "http://0"; "\x1chttp://0" is refused); blank input is stored as no URL.
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


# Unicode at the boundary ------------------------------------------------------------------


@SETTINGS
@given(HOSTILE)
def test_a_record_holds_a_string_only_if_it_is_text(value):
    data = {"text": f"claim {value}", "speaker": {"name": f"n{value}"}, "extra": {"k": value}}
    if unsafe_char(value):
        with pytest.raises(RecordError, match=r"holds .* \(U\+[0-9A-F]{4}\)"):
            Statement.from_dict(data)
    else:
        statement = Statement.from_dict(data)
        assert statement.text == " ".join(f"claim {value}".split())
        assert unsafe_char(statement.to_json()) is None


@SETTINGS
@given(HOSTILE, st.sampled_from(["text", "url", "date", "before"]))
def test_check_answers_422_naming_the_field_for_any_string_that_is_not_text(client, value, name):
    body = {"text": "claim", "url": "https://x.org/", "date": "2020", "context": {"before": "b"}}
    if name == "before":
        body["context"]["before"] += value
    else:
        body[name] += value
    response = client.post("/v1/check", json=body)
    # What the service receives: a high and a low lone surrogate side by side travel in JSON
    # as one valid pair ("\ud800\udfff" is U+103FF), which is text.
    if unsafe_char(json.loads(json.dumps(value))):
        assert response.status_code == 422
        errors = response.get_json()["errors"]["json"]
        assert (errors["context"] if name == "before" else errors)[name][0].startswith(name)
    else:
        assert response.status_code in (200, 422)  # an odd date or url is refused as such


def with_value(body: dict, path: str, value) -> dict:
    """A copy of `body` with the value at a dotted path ("outlets.0.id") replaced."""
    body = copy.deepcopy(body)
    *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
    target = body
    for key in parents:
        target = target[key]
    target[last] = value
    return body


def spoiled(value: str, char: str) -> str:
    return value[:3] + char + value[3:]


def json_path(path: str) -> str:
    return re.sub(r"\.(\d+)", r"[\1]", path)


CHECK = {
    "text": "A claim to check",
    "url": "https://news.example/a",
    "date": "2020-01-02",
    "context": {"before": "What came before.", "after": "What came after."},
}
CHECK_FIELDS = ["text", "url", "date", "context.before", "context.after"]


def test_the_two_requests_that_were_500s_are_422(client):
    for body, name in [
        ({"text": "\ud800"}, "text"),
        ({"text": "ok", "url": "http://\ud800.com"}, "url"),
    ]:
        response = client.post("/v1/check", json=body)
        assert response.status_code == 422
        assert set(response.get_json()) == {"code", "status", "message", "errors"}
        assert response.get_json()["errors"]["json"][name] == [
            f"{name} holds a lone surrogate (U+D800) at position {body[name].index(chr(0xD800))}:"
            " send text only."
        ]


@pytest.mark.parametrize("field", CHECK_FIELDS)
@pytest.mark.parametrize("char", ["\ud800", "\x00", "\x85"])
def test_check_refuses_each_field_that_is_not_text(client, field, char):
    assert client.post("/v1/check", json=CHECK).status_code == 200
    bad = with_value(CHECK, field, spoiled(eval_path(CHECK, field), char))
    response = client.post("/v1/check", json=bad)
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    for key in field.split("."):
        errors = errors[key]
    assert f"(U+{ord(char):04X}) at position 3" in errors[0]


def eval_path(body: dict, path: str):
    for key in path.split("."):
        body = body[int(key) if key.isdigit() else key]
    return body


STATEMENT = {
    "kind": "fact_check",
    "text": "A claim someone rated",
    "speaker": {"name": "Name", "role": "Role", "affiliation": "Aff", "country": "Cty",
                "party": "Party"},
    "date": "2020-01-02",
    "event": "An event",
    "outlets": [{"id": "outlet", "url": "https://outlet.example/x", "via": "other"}, "plain"],
    "language": "en-GB",
    "rating": {"label": "False", "reviewer": "Rev", "url": "https://rev.example/", "date": "2020"},
    "external_id": "ext-1",
    "title": "A title",
    "source": "tests",
    "extra": {"note": "free-form"},
}  # fmt: skip
OUTLET = {
    "kind": "outlet",
    "id": "outlet",
    "name": "Outlet",
    "domains": ["outlet.example"],
    "ownership": "private",
    "country": "Cty",
    "ratings": [{"rater": "Rater", "bias": "left", "factual": "high", "url": "https://r.org/"}],
    "notes": "Notes",
}
RECORD_FIELDS = [(STATEMENT, f) for f in [
    "text", "speaker.name", "speaker.role", "speaker.affiliation", "speaker.country",
    "speaker.party", "date", "event", "outlets.0.id", "outlets.0.url", "outlets.0.via",
    "outlets.1", "language", "rating.label", "rating.reviewer", "rating.url", "rating.date",
    "external_id", "title", "source", "extra.note",
]] + [(OUTLET, f) for f in [
    "id", "name", "domains.0", "country", "ratings.0.rater", "ratings.0.bias",
    "ratings.0.factual", "ratings.0.url", "notes",
]]  # fmt: skip


@pytest.mark.parametrize("char", ["\udfff", "\x00", "\x1b"])
@pytest.mark.parametrize(
    "record, field", RECORD_FIELDS, ids=[f"{r['kind']}.{f}" for r, f in RECORD_FIELDS]
)
def test_statements_refuse_each_field_that_is_not_text_and_store_nothing(
    client, record, field, char
):
    headers = {"X-API-Key": "test-key"}
    before = client.get("/healthz").get_json()
    bad = with_value(record, field, spoiled(eval_path(record, field), char))
    response = client.post("/v1/statements", json={"records": [OUTLET, bad]}, headers=headers)
    assert response.status_code == 422
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"}
    [message] = body["errors"]["json"]["records"]
    assert message.startswith(f"records[1].{json_path(field)} holds ")
    assert f"(U+{ord(char):04X}) at position 3" in message
    after = client.get("/healthz").get_json()
    assert (after["statements"], after["outlets"]) == (before["statements"], before["outlets"])
    assert client.post("/v1/statements", json=record, headers=headers).status_code == 201


@pytest.mark.parametrize(
    "path, name",
    [
        ("/v1/statements/ab%00cd", "statement_id"),
        ("/v1/statements/ab%1Bcd", "statement_id"),
        ("/v1/outlets/news%00.example", "domain"),
        ("/v1/outlets/news.example/%C2%85", "domain"),
    ],
)
def test_a_path_parameter_that_is_not_text_is_422(client, path, name):
    response = client.get(path)
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"] == {"path": {name: [body["message"]]}}
    assert body["message"].startswith(f"{name} holds ")


def test_a_surrogate_cannot_reach_a_path(client):
    # UTF-8 cannot spell a lone surrogate: its CESU-8 bytes decode to U+FFFD, a plain miss.
    assert client.get("/v1/statements/%ED%A0%80").status_code == 404


@pytest.mark.parametrize("odd", ODD_TEXT)
def test_odd_but_real_text_is_stored_verbatim(client, odd):
    record = {"text": f"Claim {odd} here", "speaker": {"name": f"Speaker {odd}"}}
    added = client.post("/v1/statements", json=record, headers={"X-API-Key": "test-key"})
    assert added.status_code == 201
    stored = client.get(f"/v1/statements/{added.get_json()['ids'][0]}").get_json()
    assert (stored["text"], stored["speaker"]["name"]) == (f"Claim {odd} here", f"Speaker {odd}")
    assert client.post("/v1/check", json={"text": f"Claim {odd}"}).status_code == 200


def test_an_import_refuses_a_line_that_is_not_text_and_keeps_the_rest(tmp_path):
    lines = [
        '{"text": "First"}',
        '{"text": "Se\\u0000cond"}',
        '{"text": "Third \\ud83d\\ude00"}',
        '{"text": "Fourth", "speaker": {"name": "\\ud800"}}',
        '{"kind": "outlet", "id": "o", "name": "O", "domains": ["o\\u0085.example"]}',
        '{"text": "Sixth \\u200f"}',
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n")
    rows = list(FORMATS["jsonl"](path))
    bad = {n: str(r) for n, r in rows if isinstance(r, RecordError)}
    assert bad == {
        2: "text holds NUL (U+0000) at position 2: only text may be stored",
        4: "speaker.name holds a lone surrogate (U+D800) at position 0: only text may be stored",
        5: "domains[] holds a control character (U+0085) at position 1: only text may be stored",
    }
    assert [r.text for n, r in rows if n not in bad] == ["First", "Third 😀", "Sixth \u200f"]


def test_a_tsv_import_refuses_a_row_that_is_not_text(tmp_path):
    rows = (FIXTURES / "importers" / "liar.tsv").read_text().splitlines()
    cells = rows[0].split("\t")
    cells[2] = "Says \x1b[31m red"
    path = tmp_path / "liar.tsv"
    path.write_text("\n".join([rows[0], "\t".join(cells), *rows[1:]]) + "\n")
    parsed = list(FORMATS["liar"](path))
    assert [(n, str(r)) for n, r in parsed if isinstance(r, RecordError)] == [
        (2, "text holds a control character (U+001B) at position 5: only text may be stored")
    ]
    assert len(parsed) == len(rows) + 1
