"""The canonical case (../shared/seed) through the real model, the real index and the API."""

import pytest

pytestmark = pytest.mark.slow

SEED_CLAIM = "Russia and North Korea are described as the 'closest of countries.'"


@pytest.fixture
def client(make_app, real_embedder):
    return make_app(embedder=real_embedder).test_client()


def check(client, text, **extra):
    response = client.post("/v1/check", json={"text": text, **extra})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_seed_claim_is_true_with_both_officials_as_evidence(client):
    body = check(client, SEED_CLAIM)
    assert body["verdict"]["label"] == "true"
    assert body["verdict"]["rating"] == 5
    assert body["verdict"]["basis"] == "attribution"
    first, second = body["evidence"][:2]
    assert first["speaker"]["name"] == "Alexandr Matsegora"
    assert first["speaker"]["role"] == "Russian Ambassador to North Korea"
    assert first["date"] == "2025-06-20"
    assert first["outlets"][0]["profile"]["name"] == "Korea JoongAng Daily"
    assert second["speaker"]["name"] == "Choe Son-hui"
    assert second["match"] == "matching"
    assert [(o["id"], o["via"]) for o in second["outlets"]] == [("yonhap", "kcna"), ("kcna", None)]
    messages = {note["code"]: note["message"] for note in body["context"]}
    assert (
        "Korean Central News Agency (KCNA) is state-controlled"
        in messages["state_controlled_outlet"]
    )
    interested = [n["message"] for n in body["context"] if n["code"] == "interested_party"]
    assert any("Alexandr Matsegora" in m and "official of Russia" in m for m in interested)
    assert "2 speakers from 2 countries" in messages["corroboration"]


def test_a_paraphrase_finds_the_same_evidence(client):
    body = check(client, "Moscow's envoy called Russia and North Korea the closest of nations")
    assert body["verdict"]["label"] == "true"
    assert [e["speaker"]["name"] for e in body["evidence"][:2]] == [
        "Alexandr Matsegora",
        "Choe Son-hui",
    ]


def test_the_bare_claim_is_backed_only_by_interested_parties(client):
    body = check(client, "Russia and North Korea are the closest of countries")
    assert body["verdict"]["label"] == "unverified"
    assert "interested parties" in body["verdict"]["explanation"]
    assert body["evidence"][0]["speaker"]["name"] == "Alexandr Matsegora"


@pytest.mark.parametrize(
    "claim", ["The Eiffel Tower is in Berlin", "Vaccines contain microchips", "It will rain"]
)
def test_unrelated_claims_are_unverified_with_related_items(client, claim):
    body = check(client, claim)
    assert body["verdict"]["label"] == "unverified"
    assert body["verdict"]["basis"] == "none"
    assert {e["match"] for e in body["evidence"]} == {"related"}
