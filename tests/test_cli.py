"""The `veracity` command end to end, with the real model (one load per test session)."""

import itertools
import json

import pytest
from click.testing import CliRunner

from service.cli import main

pytestmark = pytest.mark.slow

GOOD = {
    "kind": "statement",
    "text": "The Lumen bridge opened to traffic on Monday.",
    "speaker": {"name": "Ada Example", "role": "Mayor of Lumen"},
    "date": "2026-01-05",
}


@pytest.fixture
def run(tmp_path, monkeypatch, real_embedder):
    monkeypatch.setenv("VERACITY_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()

    def invoke(*args):
        result = runner.invoke(main, list(args), catch_exceptions=False)
        return result

    return invoke


def test_import_reports_bad_lines_and_keeps_the_good_ones(run, tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(GOOD),
                "{not json",
                json.dumps({"kind": "statement"}),
                "",
                json.dumps({**GOOD, "text": "A second statement about the bridge."}),
            ]
        )
        + "\n"
    )
    first = run("import", str(path), "--format", "jsonl", "--quiet")
    assert first.exit_code == 0
    assert "added 2, duplicates 0, rejected 2" in first.stdout
    assert f"{path}:2: rejected:" in first.stderr
    assert f"{path}:3: rejected: text is required" in first.stderr
    again = run("import", str(path), "--format", "jsonl", "--quiet")
    assert "added 0, duplicates 2, rejected 2" in again.stdout
    stats = json.loads(run("stats").stdout)
    assert stats["statements"] == 3 + 2  # the bundled corpus plus the two good lines


def test_check_prints_the_verdict_and_json(run):
    text = run("check", "Russia and North Korea are described as the 'closest of countries.'")
    assert text.stdout.startswith("TRUE")
    assert "Alexandr Matsegora, Russian Ambassador to North Korea" in text.stdout
    raw = json.loads(run("check", "--json", "The Eiffel Tower is in Berlin").stdout)
    assert raw["verdict"]["label"] == "unverified"


def test_check_takes_the_date_and_the_context_as_the_api_does(run):
    claim = "Russia and North Korea are described as the 'closest of countries.'"
    raw = json.loads(
        run("check", "--json", "--date", "2025-06", "--before", "At the reception,", claim).stdout
    )
    assert raw["query"]["date"] == "2025-06"
    assert raw["query"]["context"] == {"before": "At the reception,", "after": ""}
    assert raw["verdict"]["label"] == "true"
    bad = run("check", "--date", "2025-02-30", claim)
    assert bad.exit_code == 2
    assert "'2025-02-30' is not a date" in bad.stderr


def test_check_index_agrees_after_import(run):
    run("stats")
    result = run("check-index", "--repair")
    assert result.exit_code == 0
    assert "index and store agree" in result.stdout


def test_a_politifact_claim_finds_its_own_fact_check(run, tmp_path, shared_data):
    source = shared_data / "checkthat" / "ct2021_2022_task2b_en" / "politifact_vclaims.jsonl"
    sample = tmp_path / "politifact_vclaims.jsonl"
    with open(source) as fh:
        lines = list(itertools.islice(fh, 300))
    sample.write_text("".join(lines))
    result = run("import", str(sample), "--format", "checkthat", "--quiet")
    assert "added 300" in result.stdout
    for line in (lines[7], lines[123], lines[299]):
        claim = json.loads(line)
        body = json.loads(run("check", "--json", claim["vclaim"]).stdout)
        top = body["evidence"][0]
        assert top["external_id"] == claim["vclaim_id"]
        assert top["kind"] == "fact_check"
        assert top["speaker"]["name"] == claim["speaker"]
        assert top["rating"]["label"] == claim["truth_label"]
        assert top["rating"]["reviewer"] == "PolitiFact"
        if top["rating"]["value"] is not None:
            assert body["verdict"]["basis"] == "fact_check"
            assert body["verdict"]["rating"] == top["rating"]["value"]
