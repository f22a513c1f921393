"""POST/GET /v1/report on the bundled corpus (fake embedder), and the renderers' safety."""

import json
import re

import pytest

from service.report import html, markdown
from service.report.build import build

SEED_CLAIM = "Russia and North Korea are described as the 'closest of countries.'"


def report(client, **body):
    response = client.post("/v1/report", json={"text": SEED_CLAIM, **body})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_report_has_the_seed_sections_and_footnotes_resolve(app, client):
    body = report(client).get_json()
    assert body["title"] == f'Fact check: "{SEED_CLAIM}"'
    assert body["claim"] == SEED_CLAIM
    assert [s["id"] for s in body["sections"]] == [
        "what-we-know",
        "backdrop",
        "analysis",
        "conclusion",
    ]
    assert [s["heading"] for s in body["sections"]] == [
        "What we know",
        "Backdrop",
        "Analysis",
        "Conclusion",
    ]
    references = {ref["n"]: ref for ref in body["references"]}
    assert sorted(references) == list(range(1, len(references) + 1))
    store = app.extensions["veracity"].collection.store
    for ref in body["references"]:
        # Every footnote is a stored record or outlet.
        if ref["kind"] == "outlet":
            assert store.outlet(ref["id"]) is not None
        else:
            assert store.get(ref["id"]).external_id == ref["external_id"]
    for section in body["sections"]:
        for paragraph in section["paragraphs"]:
            assert set(paragraph["refs"]) <= set(references)
    # Every record of What we know is footnoted.
    known = body["sections"][0]["paragraphs"]
    assert all(p["refs"] for p in known)
    assert re.match(r"^\d{4}-\d{2}-\d{2}T", body["generated"])


def test_report_verdict_is_the_check_verdict(client):
    body = report(client).get_json()
    check = client.post("/v1/check", json={"text": SEED_CLAIM}).get_json()
    assert body["verdict"] == check["verdict"]


def test_unmatched_claim_omits_what_it_cannot_say(client):
    body = client.post("/v1/report", json={"text": "Zebras won the lottery"}).get_json()
    ids = [s["id"] for s in body["sections"]]
    assert ids == ["analysis", "conclusion"]
    analysis = " ".join(p["text"] for p in body["sections"][0]["paragraphs"])
    assert "No stored statement or fact-check matches this claim" in analysis
    conclusion = body["sections"][1]["paragraphs"][0]["text"]
    assert conclusion.startswith('The claim "Zebras won the lottery" is Unverified.')


@pytest.mark.parametrize(
    ("how", "media"),
    [
        ({"json": {"format": "md"}}, "text/markdown"),
        ({"json": {"format": "html"}}, "text/html"),
        ({"json": {"format": "jsonld"}}, "application/ld+json"),
        ({"json": {"format": "json"}}, "application/json"),
        ({"query_string": {"format": "md"}}, "text/markdown"),
        ({"headers": {"Accept": "text/markdown"}}, "text/markdown"),
        ({"headers": {"Accept": "text/html"}}, "text/html"),
        ({"headers": {"Accept": "application/ld+json"}}, "application/ld+json"),
        ({"headers": {"Accept": "*/*"}}, "application/json"),
        # The field wins over the header.
        ({"json": {"format": "md"}, "headers": {"Accept": "text/html"}}, "text/markdown"),
    ],
)
def test_format_by_field_query_or_accept(client, how, media):
    json_body = {"text": SEED_CLAIM, **how.get("json", {})}
    response = client.post(
        "/v1/report",
        json=json_body,
        query_string=how.get("query_string"),
        headers=how.get("headers"),
    )
    assert response.status_code == 200
    assert response.mimetype == media


def test_get_report_is_the_printable_page_its_claimreview_names(client):
    review = report(client, format="jsonld").get_json()
    url = review["url"]
    assert url.startswith("http://localhost/v1/report?")
    page = client.get(url[len("http://localhost") :])
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert "What we know" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": SEED_CLAIM, "format": "pdf"}, "format"),
        ({"text": "  "}, "text"),
        ({"format": "md"}, "text"),
        ({"text": SEED_CLAIM, "date": "yesterday"}, "date"),
    ],
)
def test_bad_report_requests_are_422(client, body, field):
    response = client.post("/v1/report", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]


def test_unknown_query_format_is_422(client):
    response = client.post("/v1/report?format=pdf", json={"text": SEED_CLAIM})
    assert response.status_code == 422
    assert "Unknown format 'pdf'" in response.get_json()["message"]


def test_html_page_is_standalone_and_printable(client):
    response = report(client, format="html")
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert "@media print" in page
    # No remote assets: nothing is loaded from anywhere (links to sources are not loads).
    assert not re.search(r"<(link|img|iframe|script)[^>]*\b(src|href)=", page)
    assert "<script" not in page.replace('<script type="application/ld+json">', "")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(data.group(1))["@type"] == "ClaimReview"


def hostile_result(text):
    return {
        "query": {"text": text},
        "verdict": {
            "label": "false",
            "rating": 1,
            "confidence": 0.9,
            "confident": True,
            "basis": "fact_check",
            "explanation": "Rated by <b>X</b>.",
        },
        "evidence": [
            {
                "id": "abc",
                "external_id": None,
                "kind": "fact_check",
                "text": text,
                "speaker": {"name": "<img src=x onerror=alert(1)>", "role": None},
                "date": None,
                "event": None,
                "outlets": [],
                "quote": None,
                "rating": {"label": "False", "value": 1, "reviewer": "*Rater*", "url": None},
                "match": "matching",
                "stance": "supports",
            }
        ],
        "context": [],
    }


def test_renderers_escape_stored_text():
    text = "</script><script>alert(1)</script> **bold** [link](http://x)"
    made = build(hostile_result(text), lambda _id: None)
    page = html.render(made, {"@type": "ClaimReview", "claimReviewed": text})
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "</script><script>" not in page
    md = markdown.render(made)
    assert "**bold**" not in md and r"\*\*bold\*\*" in md
    assert "[link](http://x)" not in md


def test_counter_evidence_lists_refuting_records_and_opposite_fact_checks():
    result = hostile_result("The sky is green")
    result["verdict"].update(label="true", rating=5, basis="attribution", explanation="Said.")
    result["evidence"] = [
        {
            "id": "s1",
            "kind": "statement",
            "text": "The sky is green.",
            "speaker": {"name": "Ann Example", "role": "Painter"},
            "date": "2024-01-02",
            "quote": "direct",
            "outlets": [],
            "rating": None,
            "match": "matching",
            "stance": "supports",
        },
        {
            "id": "f1",
            "kind": "fact_check",
            "text": "The sky is green.",
            "speaker": None,
            "date": None,
            "outlets": [],
            "rating": {
                "label": "False",
                "value": 1,
                "reviewer": "PolitiFact",
                "date": "2024-02-01",
            },
            "match": "related",
            "stance": "unclear",
        },
        {
            "id": "s2",
            "kind": "statement",
            "text": "The sky is not green.",
            "speaker": {"name": "Bo Example", "role": None},
            "date": None,
            "quote": "paraphrase",
            "outlets": [],
            "rating": None,
            "match": "related",
            "stance": "refutes",
        },
    ]
    made = build(result, lambda _id: None)
    analysis = next(s for s in made["sections"] if s["id"] == "analysis")["paragraphs"]
    counter = next(p for p in analysis if p["text"].startswith("Counter-evidence"))
    rated = 'PolitiFact rated the claim "The sky is green." "False" on 2024-02-01.'
    assert rated in counter["text"]
    assert "Bo Example said, in a paraphrase: The sky is not green." in counter["text"]
    cited = {r["n"]: r["id"] for r in made["references"]}
    assert {cited[n] for n in counter["refs"]} == {"f1", "s2"}


def test_report_on_a_stored_fact_check_names_the_real_reviewer(client):
    from tests.test_claimreview_out import KEY, POLITIFACT

    assert client.post("/v1/statements", json=POLITIFACT, headers=KEY).status_code == 201
    body = client.post("/v1/report", json={"text": POLITIFACT["text"]}).get_json()
    assert body["verdict"]["label"] == "false"
    known = body["sections"][0]
    assert known["id"] == "what-we-know"
    text = known["paragraphs"][0]["text"]
    assert text == (
        'PolitiFact rated the claim "Says the new bridge cost taxpayers $1.2 billion." by Ada '
        'Example (State senator) (2024-03-01) "Pants on Fire!" on 2024-03-05. The claim '
        "appeared on facebook.com."
    )
    first = body["references"][0]
    assert first["kind"] == "fact_check"
    assert first["url"] == POLITIFACT["rating"]["url"]
    assert first["label"] == "PolitiFact, 2024-03-05, No, the bridge did not cost $1.2 billion"
    conclusion = body["sections"][-1]["paragraphs"][0]["text"]
    assert conclusion.startswith(f'The claim "{POLITIFACT["text"]}" is False (1 on a scale')
