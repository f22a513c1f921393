"""The HTTP API on a fresh tmp_path index of the bundled corpus, with the fake embedder."""

import json

import pytest

SEED_CLAIM = "Russia and North Korea are described as the 'closest of countries.'"
KEY = {"X-API-Key": "test-key"}


def test_health_reports_the_loaded_index(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["statements"] == 3
    assert body["indexed"] == 3
    assert body["model"] == "fake-bow"


def test_health_does_not_group_the_whole_store(app, client, monkeypatch):
    # Grouping 1M statements by kind took 0.6 s: load balancers poll /healthz.
    store = app.extensions["veracity"].collection.store

    def group(*_):
        raise AssertionError("/healthz grouped the store by kind")

    monkeypatch.setattr(store, "counts_by_kind", group)
    assert client.get("/healthz").get_json()["statements"] == 3


def test_check_returns_verdict_evidence_and_context(client):
    response = client.post("/v1/check", json={"text": SEED_CLAIM})
    assert response.status_code == 200
    body = response.get_json()
    assert body["verdict"]["label"] == "true"
    assert body["verdict"]["basis"] == "attribution"
    first = body["evidence"][0]
    assert first["speaker"]["name"] == "Alexandr Matsegora"
    assert first["match"] == "matching"
    assert first["outlets"][0]["profile"]["name"] == "Korea JoongAng Daily"
    codes = {note["code"] for note in body["context"]}
    assert {"state_controlled_outlet", "interested_party", "corroboration"} <= codes


def test_check_says_whether_the_verdict_is_confident(client, monkeypatch):
    from service.judgement import verdict

    body = client.post("/v1/check", json={"text": SEED_CLAIM}).get_json()["verdict"]
    assert (body["label"], body["confident"]) == ("true", True)
    assert body["confidence"] >= verdict.CONFIDENT
    # The same rating just under the cutoff is tentative.
    monkeypatch.setattr(verdict, "CONFIDENT", body["confidence"] + 0.01)
    tentative = client.post("/v1/check", json={"text": SEED_CLAIM}).get_json()["verdict"]
    assert (tentative["label"], tentative["confident"]) == ("true", False)
    # Nothing matched: never confident, however sure the abstention.
    monkeypatch.setattr(verdict, "CONFIDENT", 0.0)
    none = client.post("/v1/check", json={"text": "Zebras won the lottery"}).get_json()["verdict"]
    assert (none["label"], none["confident"]) == ("unverified", False)


def test_top_k_limits_evidence(client):
    body = client.post("/v1/check", json={"text": SEED_CLAIM, "top_k": 1}).get_json()
    assert len(body["evidence"]) == 1


def test_page_url_adds_the_readers_outlet(client):
    body = client.post(
        "/v1/check", json={"text": SEED_CLAIM, "url": "https://www.kcna.kp/en/article/q"}
    ).get_json()
    assert body["page_outlet"]["id"] == "kcna"
    assert body["page_outlet"]["ownership"] == "state-controlled"
    assert any(note["code"] == "page_outlet" for note in body["context"])


def _error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) >= {"code", "status", "message"}
    assert body["code"] == status
    assert body["message"]
    return body


@pytest.mark.parametrize(
    ("payload", "field", "fragment"),
    [
        ({}, "text", "Missing data"),
        ({"text": ""}, "text", "empty"),
        ({"text": "   \n\t "}, "text", "empty"),
        ({"text": "x" * 1001}, "text", "limit is 1000"),
        ({"text": 5}, "text", "Not a valid string"),
        ({"text": "ok", "top_k": 0}, "top_k", "greater than or equal to 1"),
        ({"text": "ok", "top_k": 51}, "top_k", "less than or equal to 50"),
        ({"text": "ok", "top_k": "many"}, "top_k", "Not a valid integer"),
        ({"text": "ok", "url": "javascript:alert(1)"}, "url", "Not a valid URL"),
        ({"text": "ok", "colour": "red"}, "colour", "Unknown field"),
        ({"text": "ok", "date": "yesterday"}, "date", "not a date"),
        ({"text": "ok", "date": "2016-02-30"}, "date", "not a date"),
        ({"text": "ok", "date": "20160926"}, "date", "YYYY-MM-DD"),
        ({"text": "ok", "date": 2016}, "date", "Not a valid string"),
        ({"text": "ok", "context": "the paragraph"}, "context", "Invalid input type"),
        ({"text": "ok", "context": {"before": 5}}, "context", "Not a valid string"),
        ({"text": "ok", "context": {"above": "x"}}, "context", "Unknown field"),
        ({"text": "ok", "context": None}, "context", "may not be null"),
        ({"text": "ok", "context": {"after": "x" * 2001}}, "context", "maximum length 2000"),
    ],
)
def test_bad_check_requests_are_422_with_field_messages(client, payload, field, fragment):
    body = _error(client.post("/v1/check", json=payload), 422)
    # A nested field (context) nests its messages: {"before": ["..."]}.
    assert fragment in json.dumps(body["errors"]["json"][field])


@pytest.mark.parametrize(
    ("data", "content_type", "status", "fragment"),
    [
        ("{not json", "application/json", 400, "not valid JSON"),
        ("text=hello", "application/x-www-form-urlencoded", 415, "application/json"),
        ('{"text": "hi"}', "text/plain", 415, "text/plain"),
        ("[1, 2]", "application/json", 422, "request is not valid"),
        (json.dumps({"text": "x" * 70000}), "application/json", 413, "too large"),
    ],
    ids=["bad-json", "form", "text-plain", "json-list", "oversized"],
)
def test_malformed_bodies_get_the_one_error_shape(client, data, content_type, status, fragment):
    body = _error(client.post("/v1/check", data=data, content_type=content_type), status)
    assert fragment.lower() in body["message"].lower()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/v1/nowhere", 404),
        ("get", "/v1/check", 405),
        ("get", "/v1/statements/0000", 404),
        ("get", "/v1/outlets/unknown.example", 404),
    ],
)
def test_routing_errors_are_json(client, method, path, status):
    _error(getattr(client, method)(path), status)


def test_get_statement_by_id_round_trips(client):
    evidence = client.post("/v1/check", json={"text": SEED_CLAIM}).get_json()["evidence"][0]
    body = client.get(f"/v1/statements/{evidence['id']}").get_json()
    assert body["text"] == evidence["text"]
    assert body["speaker"] == evidence["speaker"]
    assert "score" not in body


@pytest.mark.parametrize("host", ["kcna.kp", "www.kcna.kp", "news.kcna.kp", "KCNA.KP"])
def test_outlet_lookup_resolves_subdomains(client, host):
    body = client.get(f"/v1/outlets/{host}").get_json()
    assert body["name"] == "Korean Central News Agency (KCNA)"
    assert body["rated"] is False


NEW_STATEMENT = {
    "kind": "statement",
    "text": "The new bridge over the Lumen river opened to traffic on Monday.",
    "speaker": {"name": "Ada Example", "role": "Mayor of Lumen", "country": "Freedonia"},
    "date": "2026-01-05",
    "outlets": [{"id": "reuters", "url": "https://www.reuters.com/world/bridge"}],
}


def test_live_add_is_visible_to_the_next_lookup(client):
    claim = "The bridge over the Lumen river opened to traffic"
    before = client.post("/v1/check", json={"text": claim}).get_json()
    assert before["verdict"]["label"] == "unverified"
    response = client.post("/v1/statements", json={"records": [NEW_STATEMENT]}, headers=KEY)
    assert response.status_code == 201
    assert response.get_json()["added"] == 1
    after = client.post("/v1/check", json={"text": claim}).get_json()
    assert after["evidence"][0]["speaker"]["name"] == "Ada Example"
    assert after["evidence"][0]["match"] == "matching"


def test_a_date_favours_the_statement_made_near_it_on_both_backends(client):
    # Two near-identical claims, made four years apart: the date decides which leads.
    said = [
        dict(NEW_STATEMENT, text="Unemployment in Lumen fell to 3 percent last year.", date=day)
        for day in ("2012-03-01", "2016-09-26")
    ]
    assert client.post("/v1/statements", json={"records": said}, headers=KEY).status_code == 201
    claim = "Unemployment in Lumen fell to 3 percent"
    for day in ("2012-02-20", "2016-10-01"):
        body = client.post("/v1/check", json={"text": claim, "date": day}).get_json()
        assert body["query"]["date"] == day
        assert body["evidence"][0]["date"][:4] == day[:4]


def test_an_embedded_tweets_day_favours_the_fact_check_of_its_time_on_both_backends(client):
    # Two fact-checks of the same rumour, years apart, known only by when they were checked.
    checked = [
        dict(
            kind="fact_check",
            text=f"Sharks were {seen} swimming on a flooded Lumen highway.",
            external_id=f"shark-{year}",
            rating={"label": "false", "date": f"{year}-09-01"},
        )
        for year, seen in ((2017, "seen"), (2021, "filmed"))
    ]
    assert client.post("/v1/statements", json={"records": checked}, headers=KEY).status_code == 201
    for year in (2017, 2021):
        tweet = f"Sharks swimming on a flooded Lumen highway — Ann (@ann) September 3, {year}"
        body = client.post("/v1/check", json={"text": tweet}).get_json()
        assert body["query"]["date"] == f"{year}-09-03"
        assert body["evidence"][0]["external_id"] == f"shark-{year}"
    # The request's own date wins over the signature's.
    tweet = "Sharks swimming on a flooded Lumen highway — Ann (@ann) September 3, 2021"
    body = client.post("/v1/check", json={"text": tweet, "date": "2017-09"}).get_json()
    assert body["evidence"][0]["external_id"] == "shark-2017"


def test_context_decides_what_an_ambiguous_claim_means_on_both_backends(client):
    # "It lasted a couple of months" fits both statements; the sentence before it does not.
    said = [
        dict(NEW_STATEMENT, text=f"{subject} lasted a couple of months.")
        for subject in ("Paul Manafort's job on the campaign", "The Lumen river bridge repair")
    ]
    assert client.post("/v1/statements", json={"records": said}, headers=KEY).status_code == 201
    claim = "It lasted a couple of months."
    plain = client.post("/v1/check", json={"text": claim}).get_json()
    scores = {item["text"]: item["score"] for item in plain["evidence"]}
    for before, leader in (
        ("Paul Manafort worked on my campaign.", said[0]["text"]),
        ("They had to repair the Lumen river bridge.", said[1]["text"]),
    ):
        context = {"before": before, "after": ""}
        body = client.post("/v1/check", json={"text": claim, "context": context}).get_json()
        assert body["query"]["context"] == context
        assert body["evidence"][0]["text"] == leader
        # The verdict still judges the claim alone: the scores are the claim's own cosines.
        for item in body["evidence"]:
            assert item["score"] == pytest.approx(scores[item["text"]], abs=1e-4)


def test_bm25_holds_every_record_and_live_adds_on_both_backends(app):
    """Hybrid retrieval is the same on Milvus: its BM25 reads the cluster's records."""
    client, retriever = app.test_client(), app.extensions["veracity"].retriever
    client.post("/v1/check", json={"text": SEED_CLAIM})
    assert retriever.lexical_ready and retriever.lexical.count == 3
    assert client.post("/v1/statements", json=NEW_STATEMENT, headers=KEY).status_code == 201
    client.post("/v1/check", json={"text": SEED_CLAIM})
    assert retriever.lexical.count == 4  # held once, though the catch-up may also see it
    found = retriever.lexical.search("Lumen river bridge traffic", 5)
    assert len(found) == 1
    assert (
        retriever.collection.store.by_seq([found[0][0]])[found[0][0]].text == NEW_STATEMENT["text"]
    )


def test_live_add_twice_is_a_no_op(client):
    first = client.post("/v1/statements", json=NEW_STATEMENT, headers=KEY).get_json()
    again = client.post("/v1/statements", json=NEW_STATEMENT, headers=KEY).get_json()
    assert (first["added"], again["added"], again["duplicates"]) == (1, 0, 1)
    assert client.get("/healthz").get_json()["statements"] == 4


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-API-Key": "wrong"}, {"Authorization": "Bearer wrong"}, {"X-API-Key": ""}],
)
def test_live_add_needs_a_valid_key(client, headers):
    _error(client.post("/v1/statements", json=NEW_STATEMENT, headers=headers), 401)
    assert client.get("/healthz").get_json()["statements"] == 3


def test_bearer_token_is_accepted(client):
    response = client.post(
        "/v1/statements", json=NEW_STATEMENT, headers={"Authorization": "Bearer test-key"}
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        ({"kind": "statement"}, "text is required"),
        ({"text": "x", "kind": "rumour"}, "kind must be one of"),
        ({"text": "x", "date": "yesterday"}, "date must be"),
        ({"text": "x", "outlets": [{"id": "a", "url": "javascript:alert(1)"}]}, "http(s) URL"),
        ({"text": "x", "speaker": {"role": "nobody"}}, "speaker.name is required"),
        ({"text": "x", "surprise": 1}, "unknown field"),
    ],
)
def test_bad_records_are_refused_whole(client, record, fragment):
    body = _error(
        client.post("/v1/statements", json={"records": [NEW_STATEMENT, record]}, headers=KEY), 422
    )
    assert fragment in body["message"]
    assert "record 2" in body["message"]
    assert client.get("/healthz").get_json()["statements"] == 3


def test_adding_is_disabled_without_configured_keys(make_app):
    client = make_app(API_KEYS="").test_client()
    body = _error(client.post("/v1/statements", json=NEW_STATEMENT, headers=KEY), 401)
    assert "no API keys are configured" in body["message"]


def test_openapi_spec_describes_the_endpoints(client):
    spec = client.get("/openapi.json").get_json()
    assert {"/v1/check", "/v1/statements", "/healthz"} <= set(spec["paths"])
    assert "CheckRequest" in spec["components"]["schemas"]
    verdict = spec["components"]["schemas"]["Verdict"]
    assert verdict["properties"]["confident"]["type"] == "boolean"
    assert "confident" in verdict["required"]


def test_unexpected_errors_are_json_without_internals(app):
    def explode(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    app.extensions["veracity"].check = explode
    response = app.test_client().post("/v1/check", json={"text": SEED_CLAIM})
    body = _error(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert body["status"] == "Internal Server Error"
