"""POST /v1/check/batch: a paragraph's sentences checked in one request, one batched encode."""

import pytest

SEED_CLAIM = "Russia and North Korea are described as the 'closest of countries.'"
OTHER = "The Eiffel Tower is in Berlin."


def batch(client, **body):
    return client.post("/v1/check/batch", json=body)


def without_timing(result: dict) -> dict:
    return {key: value for key, value in result.items() if key != "took_ms"}


def test_texts_are_answered_in_order_each_as_check_answers_it(client):
    texts = [OTHER, SEED_CLAIM, "Vaccines contain microchips"]
    options = {"date": "2025-06-21", "url": "https://www.yna.co.kr/x", "top_k": 3}
    response = batch(client, texts=texts, **options)
    assert response.status_code == 200
    body = response.get_json()
    assert body["sentences"] == 3
    assert [r["query"]["text"] for r in body["results"]] == texts
    assert [r["verdict"]["label"] for r in body["results"]] == ["unverified", "true", "unverified"]
    for text, result in zip(texts, body["results"], strict=True):
        single = client.post("/v1/check", json={"text": text, **options}).get_json()
        assert without_timing(result) == without_timing(single)


def test_context_is_shared_and_answers_match_single_checks(client):
    context = {"before": "At the reception in Pyongyang,", "after": "said the envoy."}
    texts = [SEED_CLAIM, OTHER]
    body = batch(client, texts=texts, context=context).get_json()
    for text, result in zip(texts, body["results"], strict=True):
        single = client.post("/v1/check", json={"text": text, "context": context}).get_json()
        assert without_timing(result) == without_timing(single)


def test_a_paragraph_is_split_into_sentences(client):
    paragraph = f"Mr. Smith paid $1.2 million on Jan. 5. {SEED_CLAIM} {OTHER}"
    body = batch(client, paragraph=paragraph).get_json()
    assert [r["query"]["text"] for r in body["results"]] == [
        "Mr. Smith paid $1.2 million on Jan. 5.",
        SEED_CLAIM,
        OTHER,
    ]
    assert body["sentences"] == 3


def test_all_sentences_are_embedded_in_one_encode(app, client):
    embedder = app.extensions["veracity"].embedder
    calls = []
    encode = embedder.encode

    def counting(texts, **kw):
        calls.append(list(texts))
        return encode(texts, **kw)

    embedder.encode = counting
    try:
        texts = [f"Claim number {n} about the closest of countries" for n in range(10)]
        assert batch(client, texts=texts).status_code == 200
    finally:
        embedder.encode = encode
    assert calls == [texts]
    # Seen once, the vectors are cached: a second batch encodes nothing.
    calls.clear()
    embedder.encode = counting
    try:
        batch(client, texts=texts)
    finally:
        embedder.encode = encode
    assert calls == []


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"texts": ["a claim"] * 21}, "texts", "Send 1 to 20 texts"),
        ({"texts": []}, "texts", "Send 1 to 20 texts"),
        ({"texts": ["fine", "   "]}, "texts", "Text is empty"),
        ({"texts": ["fine", 7]}, "texts", "Not a valid string"),
        ({"texts": "one string"}, "texts", "Not a valid list"),
        ({"texts": ["x" * 1001]}, "texts", "the limit is 1000"),
        ({"paragraph": "It rains. " * 21}, "paragraph", "has 21 sentences; the limit is 20"),
        ({"paragraph": "   "}, "paragraph", "the paragraph is blank"),
        ({"paragraph": ""}, "paragraph", "the paragraph is blank"),
        ({"paragraph": "x" * 20001}, "paragraph", "Longer than maximum length"),
        ({}, "_schema", "Send `paragraph`"),
        ({"texts": ["a"], "paragraph": "b"}, "_schema", "not both"),
        ({"text": "the single endpoint's field"}, "text", "Unknown field"),
        ({"texts": ["a"], "top_k": 0}, "top_k", "greater than or equal to 1"),
        ({"texts": ["a"], "date": "2025-13-01"}, "date", "is not a date"),
        ({"texts": ["a"], "url": "ftp://x"}, "url", "Not a valid URL"),
    ],
)
def test_bad_batches_are_422_with_the_field_named(client, body, field, message):
    response = batch(client, **body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert message in str(errors[field])


def test_batch_needs_no_key_and_is_in_the_spec(client):
    spec = client.get("/openapi.json").get_json()
    assert "post" in spec["paths"]["/v1/check/batch"]
    assert batch(client, texts=["a claim"]).status_code == 200
