"""ClaimReview out: Google's required and recommended fields, and our importer reads it back."""

import json
import re

import pytest

from index.importers import claimreview as importer
from index.records import Statement
from service.report import claimreview

SEED_CLAIM = "Russia and North Korea are described as the 'closest of countries.'"
KEY = {"X-API-Key": "test-key"}
POLITIFACT = {
    "kind": "fact_check",
    "text": "Says the new bridge cost taxpayers $1.2 billion.",
    "speaker": {"name": "Ada Example", "role": "State senator", "affiliation": "Lumen Party"},
    "date": "2024-03-01",
    "outlets": [{"id": "facebook.com", "url": "https://www.facebook.com/posts/123"}],
    "rating": {
        "label": "Pants on Fire!",
        "reviewer": "PolitiFact",
        "url": "https://www.politifact.com/factchecks/2024/mar/05/ada-example/bridge/",
        "date": "2024-03-05",
    },
    "external_id": "https://www.politifact.com/factchecks/2024/mar/05/ada-example/bridge/",
    "title": "No, the bridge did not cost $1.2 billion",
    "language": "en",
    "source": "claimreview",
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def google_problems(review: dict, *, claim_author: bool = True) -> list[str]:
    """What Google's ClaimReview documentation requires or recommends that `review` lacks."""
    problems = []
    if review.get("@context") != "https://schema.org" or review.get("@type") != "ClaimReview":
        problems.append("@context/@type")
    if not isinstance(review.get("claimReviewed"), str) or not review["claimReviewed"].strip():
        problems.append("claimReviewed")
    if not str(review.get("url", "")).startswith(("http://", "https://")):
        problems.append("url")
    rating = review.get("reviewRating") or {}
    if rating.get("@type") != "Rating" or not rating.get("alternateName"):
        problems.append("reviewRating.alternateName")
    value = rating.get("ratingValue")
    if value is not None:
        best, worst = rating.get("bestRating"), rating.get("worstRating")
        if (best, worst) != (5, 1) or not worst <= value <= best:
            problems.append("reviewRating.ratingValue/bestRating/worstRating")
    author = review.get("author") or {}
    if author.get("@type") != "Organization" or not author.get("name"):
        problems.append("author")
    if not ISO_DAY.match(str(review.get("datePublished", ""))):
        problems.append("datePublished")
    item = review.get("itemReviewed") or {}
    if item.get("@type") != "Claim":
        problems.append("itemReviewed")
    if claim_author:
        who = item.get("author") or {}
        if who.get("@type") not in ("Person", "Organization") or not who.get("name"):
            problems.append("itemReviewed.author")
        if not ISO_DAY.match(str(item.get("datePublished", ""))):
            problems.append("itemReviewed.datePublished")
        urls = [a.get("url", "") for a in item.get("appearance", [])]
        if not urls or not all(u.startswith(("http://", "https://")) for u in urls):
            problems.append("itemReviewed.appearance")
    return problems


def read_back(tmp_path, document) -> list[Statement]:
    path = tmp_path / "review.json"
    path.write_text(json.dumps(document))
    records = [record for _, record in importer.parse(path)]
    assert all(isinstance(r, Statement) for r in records), records
    return records


def test_politifact_fact_check_has_every_field_and_round_trips(tmp_path):
    record = Statement.from_dict(POLITIFACT)
    review = claimreview.claim_review(record.to_dict())
    assert google_problems(review) == []
    # The review is PolitiFact's, not Veracity's; its own words, our 1-5 value.
    assert review["author"] == {"@type": "Organization", "name": "PolitiFact"}
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Pants on Fire!",
    }
    assert review["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "Ada Example",
        "jobTitle": "State senator",
        "affiliation": {"@type": "Organization", "name": "Lumen Party"},
    }
    assert read_back(tmp_path, review) == [record]


def test_seed_verdict_has_the_required_fields_and_round_trips(client, tmp_path):
    page = "https://koreajoongangdaily.joins.com/news/2025-06-20/x"
    body = {"text": SEED_CLAIM, "url": page, "date": "2025-06-20"}
    report = client.post("/v1/report", json=body).get_json()
    review = client.post("/v1/report", json={**body, "format": "jsonld"}).get_json()
    assert google_problems(review, claim_author=False) == []
    # An attribution claim as asked has no known author: none is invented.
    assert "author" not in review["itemReviewed"]
    assert review["itemReviewed"]["appearance"] == [{"@type": "CreativeWork", "url": page}]
    assert review["itemReviewed"]["datePublished"] == "2025-06-20"
    assert review["author"] == {"@type": "Organization", "name": "Veracity"}
    assert review["reviewRating"]["alternateName"] == "True"
    assert review["reviewRating"]["ratingValue"] == 5
    assert review["claimReviewed"] == SEED_CLAIM
    expected = claimreview.verdict_record(report, url=review["url"], page=page, date="2025-06-20")
    (back,) = read_back(tmp_path, review)
    # `source` names what imported a record: the one field that differs by design.
    assert back.to_dict() | {"source": None} == expected.to_dict() | {"source": None}


@pytest.mark.parametrize("label", ["true", "mostly-true", "mixed", "mostly-false", "false"])
def test_every_verdict_label_round_trips_to_its_value(label, tmp_path):
    from index.ratings import LABELS

    report = {
        "claim": "A claim.",
        "title": 'Fact check: "A claim."',
        "verdict": {"label": label, "rating": LABELS[label]},
        "generated": "2026-01-02T03:04:05+00:00",
    }
    review = claimreview.report_review(report, url="https://veracity.example/v1/report?text=A")
    (back,) = read_back(tmp_path, review)
    assert back.rating.value == LABELS[label]
    assert back.rating.reviewer == "Veracity"


def test_unverified_has_a_name_but_no_value(tmp_path):
    report = {
        "claim": "A claim.",
        "title": "t",
        "verdict": {"label": "unverified", "rating": None},
        "generated": "2026-01-02T03:04:05+00:00",
    }
    review = claimreview.report_review(report, url="https://veracity.example/r")
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unverified"}
    (back,) = read_back(tmp_path, review)
    assert (back.rating.label, back.rating.value) == ("Unverified", None)


def test_statement_endpoint_answers_jsonld_on_request(client):
    added = client.post("/v1/statements", json=POLITIFACT, headers=KEY).get_json()
    (record_id,) = added["ids"]
    for how in (
        {"query_string": {"format": "jsonld"}},
        {"headers": {"Accept": "application/ld+json"}},
    ):
        response = client.get(f"/v1/statements/{record_id}", **how)
        assert response.mimetype == "application/ld+json"
        review = response.get_json()
        assert review["author"]["name"] == "PolitiFact"
        assert google_problems(review) == []
    plain = client.get(f"/v1/statements/{record_id}")
    assert plain.mimetype == "application/json"
    assert plain.get_json()["id"] == record_id


def test_attributed_statement_is_a_claim_not_a_review(client):
    seed = client.post("/v1/check", json={"text": SEED_CLAIM}).get_json()["evidence"][0]
    node = client.get(f"/v1/statements/{seed['id']}?format=jsonld").get_json()
    assert node["@type"] == "Claim"
    assert node["author"]["name"] == "Alexandr Matsegora"
    assert node["author"]["jobTitle"] == "Russian Ambassador to North Korea"
    assert node["identifier"] == seed["id"]
    assert "reviewRating" not in node


def test_feed_holds_reviews_and_claims_and_reads_back(tmp_path):
    records = [Statement.from_dict(POLITIFACT), Statement.from_dict({"text": "Unattributed."})]
    records.append(Statement.from_dict({"text": "Said.", "speaker": {"name": "Bo"}}))
    document = claimreview.feed(records)
    assert document["@type"] == "DataFeed"
    types = [item["@type"] for item in document["dataFeedElement"]]
    assert types == ["ClaimReview", "Claim"]  # an unattributed statement is not a claim of anyone's
    assert read_back(tmp_path, document) == [records[0]]
    assert [i["@type"] for i in claimreview.feed(records, statements=False)["dataFeedElement"]] == [
        "ClaimReview"
    ]
