"""The seed's written fact-check, point by point, from the bundled corpus and the real model."""

import json

import pytest
from click.testing import CliRunner

pytestmark = pytest.mark.slow

SEED_CLAIM = "Russia and North Korea are described as the 'closest of countries.'"


@pytest.fixture
def client(make_app, real_embedder):
    return make_app(embedder=real_embedder).test_client()


@pytest.fixture
def seed_report(client):
    response = client.post("/v1/report", json={"text": SEED_CLAIM})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def section(report, key):
    found = next(s for s in report["sections"] if s["id"] == key)
    return " ".join(p["text"] for p in found["paragraphs"])


def test_the_seed_report_says_what_the_seed_says(seed_report):
    assert [s["id"] for s in seed_report["sections"]] == [
        "what-we-know",
        "backdrop",
        "analysis",
        "conclusion",
    ]
    known = section(seed_report, "what-we-know")
    # Both speakers with their roles, the day, and who reported each (and via whom).
    assert "Alexandr Matsegora (Russian Ambassador to North Korea)" in known
    assert "Choe Son-hui (Foreign Minister of North Korea)" in known
    assert known.count("On 2025-06-20,") == 2
    assert 'said: "Russia and North Korea are the closest of countries." Reported by Korea ' in (
        known
    )
    assert "Korea JoongAng Daily." in known
    assert "Reported by Yonhap News Agency, citing Korean Central News Agency (KCNA)" in known
    backdrop = section(seed_report, "backdrop")
    assert "Reception marking the first anniversary of the Comprehensive Strategic" in backdrop
    assert "2025-06-20" in backdrop
    analysis = section(seed_report, "analysis")
    assert "Korean Central News Agency (KCNA) is state-controlled (North Korea)" in analysis
    assert "North Korea's state news agency" in analysis
    assert "Alexandr Matsegora speaks for the Government of Russia, an interested party" in analysis
    assert "Choe Son-hui speaks for the Government of North Korea, an interested party" in analysis
    assert "not an independent confirmation" in analysis
    assert "Counter-evidence: no stored statement or fact-check contradicts the claim." in analysis
    assert "What is missing:" in analysis and "No fact-checker's rating" in analysis
    conclusion = section(seed_report, "conclusion")
    assert f'The claim "{SEED_CLAIM}" is True (5 on a scale of 1 to 5' in conclusion
    assert "Caveat: the sources are interested." in conclusion
    assert "Alexandr Matsegora and Choe Son-hui are parties to the claim" in conclusion


def test_the_seed_report_cites_only_stored_records(seed_report):
    refs = {r["n"]: r for r in seed_report["references"]}
    assert [refs[1]["external_id"], refs[1]["label"]] == [
        "seed-matsegora-2025-06-20",
        "Alexandr Matsegora, 2025-06-20, Korea JoongAng Daily",
    ]
    external = {r["external_id"] for r in refs.values() if r["kind"] == "statement"}
    assert external <= {
        "seed-matsegora-2025-06-20",
        "seed-choe-2025-06-20-alliance",
        "seed-choe-2025-06-20-treaty",
    }
    assert {r["id"] for r in refs.values() if r["kind"] == "outlet"} == {
        "joongang-daily",
        "yonhap",
        "kcna",
    }


def test_the_seed_report_in_markdown_is_the_readme_example(client):
    from pathlib import Path

    response = client.post("/v1/report", json={"text": SEED_CLAIM, "format": "md"})
    markdown = response.get_data(as_text=True)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    # The README shows the report as generated (bar the timestamp line).
    body = markdown.rsplit("\n_Generated", 1)[0].strip()
    assert body in readme


def test_cli_report_and_export(tmp_path, monkeypatch, real_embedder):
    from service.cli import main

    monkeypatch.setenv("VERACITY_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    md = runner.invoke(main, ["report", SEED_CLAIM], catch_exceptions=False)
    assert md.exit_code == 0
    assert md.stdout.startswith(f'# Fact check: "{SEED_CLAIM}"')
    assert "## Conclusion" in md.stdout
    ld = runner.invoke(main, ["report", SEED_CLAIM, "--format", "jsonld"], catch_exceptions=False)
    review = json.loads(ld.stdout)
    assert review["url"].startswith("http://127.0.0.1:8000/v1/report?text=Russia")
    assert review["reviewRating"]["alternateName"] == "True"
    bad = runner.invoke(main, ["report", SEED_CLAIM, "--date", "June"])
    assert bad.exit_code == 2 and "is not a date" in bad.output
    out = tmp_path / "feed.json"
    done = runner.invoke(main, ["export", "--format", "claimreview", "-o", str(out)])
    assert done.exit_code == 0, done.output
    feed = json.loads(out.read_text())
    assert feed["@type"] == "DataFeed"
    # The bundled corpus holds attributed statements only: three Claims, no reviews.
    assert [i["@type"] for i in feed["dataFeedElement"]] == ["Claim"] * 3
    assert "wrote 3 items" in done.stderr
