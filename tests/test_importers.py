"""Tests for the importers: hand-written fixtures, bad lines, and counts over the real data."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from index.importers import FORMATS
from index.importers.liar import speaker_name
from index.importers.outlets import normalize_bias
from index.records import Outlet, RecordError, Statement

FIXTURES = Path(__file__).parent / "fixtures" / "importers"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def parsed(fmt: str, path: Path) -> list[tuple[int, Statement | Outlet | RecordError]]:
    return list(FORMATS[fmt](path))


def good(fmt: str, name: str) -> list:
    rows = parsed(fmt, FIXTURES / name)
    assert not [r for _, r in rows if isinstance(r, RecordError)]
    return [r for _, r in rows]


def errors(rows) -> list[tuple[int, str]]:
    return [(number, str(r)) for number, r in rows if isinstance(r, RecordError)]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- jsonl (our own format)


def test_jsonl_good():
    rows = parsed("jsonl", FIXTURES / "records.jsonl")
    assert [n for n, _ in rows] == [1, 3, 4]  # the blank line 2 is skipped
    statement, outlet, fact_check = (r for _, r in rows)
    assert statement.speaker.name == "Ana Example"
    assert statement.date == "2025-06-20"
    assert [o.id for o in statement.outlets] == ["example-news", "example.org"]
    assert (outlet.id, outlet.ownership, outlet.country) == ("example-news", "private", "Ruritania")
    assert outlet.domains == ("example-news.test",)
    assert outlet.ratings[0].factual == "high"
    assert fact_check.external_id == "fc-1"
    assert fact_check.rating.value == 1  # "Pants on Fire!"


def test_jsonl_bad_lines():
    rows = parsed("jsonl", FIXTURES / "records_bad.jsonl")
    assert errors(rows) == [
        (2, "bad JSON: Invalid control character at column 23"),
        (3, "text is required"),
        (4, "a record must be a JSON object"),
        (5, "rating.value must be an integer from 1 to 5"),
        (6, "id is required"),
        (7, "unknown field(s) in record: colour"),
    ]
    assert [n for n, r in rows if not isinstance(r, RecordError)] == [1, 8]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b'\xff{"text": "x"}\n', 1, "not UTF-8"),
        ('{"text": "x", "date": "yesterday"}', 1, "date must be YYYY"),
        ('{"text": 5}', 1, "text must be a string"),
        ('{"text": "x", "outlets": "rt.com"}', 1, "outlets must be a list"),
        ('{"kind": "rumour", "text": "x"}', 1, "kind must be one of"),
        ('{"kind": "outlet", "id": "x", "name": "X", "ownership": "owned"}', 1, "ownership must"),
        ('{"text": "x", "rating": {"label": "true", "url": "ftp://x"}}', 1, "rating.url must"),
        ('\n\n{"text": "x", "speaker": "Bob"}', 3, "speaker must be an object"),
        ('{"text": "x", "speaker": {"name": ["a"]}}', 1, "speaker.name must be a string"),
        ('{"text": "x"', 1, "bad JSON"),
    ],
)
def test_jsonl_bad_input(tmp_path, content, line, message):
    rows = parsed("jsonl", write(tmp_path, "records.jsonl", content))
    assert len(rows) == 1
    assert rows[0][0] == line
    assert message in str(rows[0][1])


# --- ClaimReview


def test_claimreview_datafeed():
    rows = parsed("claimreview", FIXTURES / "claimreview_feed.json")
    first, spanish, numeric = (r for _, r in rows[:3])
    assert [n for n, _ in rows] == [1, 1, 2, 3, 4]
    assert first.external_id == "https://factcheck.example/checks/moon-cheese"
    assert first.speaker.name == "Sam Sample" and first.speaker.role == "Senator"
    assert first.date == "2021-02-28"
    assert (first.rating.label, first.rating.value) == ("False", 1)
    assert first.rating.reviewer == "Example Fact Check"
    assert first.rating.date == "2021-03-04"
    assert first.title == "No, the Moon is not cheese"
    assert [(o.id, o.url) for o in first.outlets] == [
        ("daily-example.test", "https://www.daily-example.test/moon"),
        ("news.example.net", "https://news.example.net/a/1"),
    ]
    assert spanish.language == "es"
    assert (spanish.rating.label, spanish.rating.value) == ("Engañoso", None)
    assert (numeric.rating.label, numeric.rating.value) == ("2/3", 3)
    assert errors(rows) == [
        (3, "claimReviewed is missing"),
        (4, "not a ClaimReview (@type Organization)"),
    ]


def test_claimreview_google_response():
    rows = parsed("claimreview", FIXTURES / "claimreview_google.json")
    one, two = (r for _, r in rows[:2])
    assert [n for n, _ in rows] == [1, 1, 2, 3]
    assert one.speaker.name == "Viral post"
    assert one.date == "2020-03-01"
    assert one.external_id == "https://examplechecks.test/seawater"
    assert (one.rating.value, one.rating.reviewer, one.rating.date) == (
        1,
        "Example Checks",
        "2020-03-05",
    )
    assert (two.rating.label, two.rating.value, two.rating.reviewer) == (
        "Mostly False",
        2,
        "otherchecks.test",
    )
    assert errors(rows) == [
        (2, "claim text is missing"),
        (3, "date must be YYYY, YYYY-MM or YYYY-MM-DD"),
    ]


def test_claimreview_jsonl():
    rows = parsed("claimreview", FIXTURES / "claimreview.jsonl")
    assert [n for n, _ in rows] == [1, 2, 3, 3]
    assert errors(rows)[0][0] == 2 and "bad JSON" in errors(rows)[0][1]
    assert rows[2][1].external_id == "https://examplechecks.test/seawater"


def test_claimreview_list_and_single(tmp_path):
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "url": "https://r.example/1",
        "reviewRating": {"alternateName": "Mostly true"},
    }
    single = parsed("claimreview", write(tmp_path, "one.json", json.dumps(review)))
    listed = parsed("claimreview", write(tmp_path, "many.json", json.dumps([review, review])))
    graph = {"@graph": [{"@type": "WebPage"}, {**review, "@type": ["ClaimReview"]}]}
    in_graph = parsed("claimreview", write(tmp_path, "graph.json", json.dumps(graph)))
    assert single[0][1].rating.value == 4
    assert [n for n, _ in listed] == [1, 2]
    assert [n for n, _ in in_graph] == [1] and in_graph[0][1].text == "x"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"claimReviewed": "x", "url": "ftp://x", "reviewRating": {"alternateName": "False"}}',
            "rating.url must be an http(s) URL",
        ),
        (
            '{"claimReviewed": "x", "url": "https://r.example", '
            '"reviewRating": {"alternateName": "False"}, "author": {"name": "R"}, '
            '"datePublished": "soon"}',
            "rating.date must be",
        ),
        ('{"claimReviewed": "x", "itemReviewed": {"datePublished": "last week"}}', "date must be"),
        ('{"text": "x", "claimReview": ["oops"]}', "claimReview entry is not a JSON object"),
        ('{"@type": "Person", "name": "x"}', "not a ClaimReview"),
        ("42", "expected a JSON object or list"),
    ],
)
def test_claimreview_bad_line(tmp_path, content, message):
    rows = parsed("claimreview", write(tmp_path, "reviews.jsonl", content + "\n"))
    assert len(rows) == 1 and rows[0][0] == 1
    assert message in str(rows[0][1])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.json", "{oops", "not JSON"),
        ("x.json", '"just a string"', "expected a JSON object or list"),
        ("x.json", '{"claims": {}}', "claims must be a list"),
        ("x.json", b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_claimreview_unreadable_file(tmp_path, name, content, message):
    with pytest.raises(RecordError, match=message):
        parsed("claimreview", write(tmp_path, name, content))


# --- CheckThat!


def test_checkthat_politifact():
    one, flip, fire = good("checkthat", "politifact_vclaims.jsonl")
    assert one.external_id == "vclaim-pol-90001"
    assert one.kind == "fact_check" and one.source == "checkthat"
    assert one.speaker.name == "Pat Example"
    assert (one.date, one.event) == ("2020-03-03", "in a campaign mailer")
    assert (one.rating.label, one.rating.value, one.rating.reviewer) == (
        "mostly-true",
        4,
        "PolitiFact",
    )
    assert one.rating.url == (
        "https://www.politifact.com/factchecks/2020/mar/10/pat-example/budget-nearly-doubled/"
    )
    assert one.rating.date == "2020-03-10"
    assert one.title == "The budget nearly doubled"
    assert (flip.rating.label, flip.rating.value) == ("half-flip", None)
    assert flip.event == "in a debate"
    assert (fire.rating.value, fire.date, fire.rating.date) == (1, "2018-12-01", "2018-12-03")


def test_checkthat_politifact_bad_lines():
    rows = parsed("checkthat", FIXTURES / "bad_politifact_vclaims.jsonl")
    assert errors(rows) == [
        (2, "date must read 'stated on <Month D, YYYY> ...', not 'said sometime last year'"),
        (3, "missing field(s): vclaim"),
        (4, "bad JSON: Expecting value at column 1"),
        (6, "date 'February 30, 2019' is not a calendar date"),
    ]
    assert [r.external_id for _, r in rows if isinstance(r, Statement)] == [
        "vclaim-pol-90001",
        "vclaim-pol-90003",
    ]


def test_checkthat_snopes():
    dated, linked, undated = good("checkthat", "vclaims.jsonl")
    assert dated.external_id == "vclaim-sno-ghost-county-fair"
    assert dated.rating is None and dated.speaker is None and dated.date is None
    assert dated.title == "Ghost at the County Fair?"
    assert dated.extra == {
        "subtitle": "A photograph supposedly shows a ghost at a fair.",
        "author": "Alex Writer",
        "reviewer": "Snopes",
        "review_date": "2018-06-07",
    }
    assert linked.extra["review_url"] == "https://www.snopes.com/fact-check/free-pizza-life/"
    assert "review_date" not in linked.extra
    assert "review_date" not in undated.extra  # the date field held article text


def test_checkthat_ct2020_tsv():
    rows = parsed("checkthat", FIXTURES / "verified_claims.docs.tsv")
    assert [n for n, _ in rows] == [2, 3, 5]  # row 1 spans lines 3-4
    ghost, cake, plain = (r for _, r in rows)
    assert (ghost.external_id, ghost.title) == ("0", "Ghost at the Fair?")
    assert cake.text == 'A "miracle" diet lets you eat cake all day.'
    assert plain.extra == {"reviewer": "Snopes"}


def test_checkthat_ct2020_bad_rows():
    rows = parsed("checkthat", FIXTURES / "bad_verified_claims.docs.tsv")
    assert errors(rows) == [
        (3, "expected 3 columns (vclaim_id, vclaim, title), got 2"),
        (4, "missing field(s): vclaim"),
        (5, "missing field(s): vclaim_id"),
    ]
    assert [r.external_id for _, r in rows if isinstance(r, Statement)] == ["0", "3"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vclaims.jsonl", '"a string"', "a record must be a JSON object"),
        ("vclaims.jsonl", '{"vclaim": "x"}', "missing field(s): vclaim_id"),
        (
            "politifact_vclaims.jsonl",
            '{"vclaim_id": 7, "vclaim": "x", "date": "stated on Smarch 1, 2019:"}',
            "is not a calendar date",
        ),
        (
            "politifact_vclaims.jsonl",
            '{"vclaim_id": "v", "vclaim": "x", "speaker": 7, "date": "stated on May 1, 2019:"}',
            "speaker.name must be a string",
        ),
        ("verified_claims.docs.tsv", '\tvclaim\ttitle\n"0\tunclosed quote\tt\n', "unreadable"),
        ("verified_claims.docs.tsv", b"\tvclaim\ttitle\n0\t\xff\tt\n", "not UTF-8"),
    ],
)
def test_checkthat_bad_input(tmp_path, name, content, message):
    rows = parsed("checkthat", write(tmp_path, name, content))
    assert len(rows) == 1
    assert message in str(rows[0][1])


def test_checkthat_wrong_header(tmp_path):
    with pytest.raises(RecordError, match="not a CT2020"):
        parsed("checkthat", write(tmp_path, "claims.tsv", "id\tclaim\n0\tx\n"))


# --- LIAR


def test_liar_good():
    first, chain, party = good("liar", "liar.tsv")
    assert first.external_id == "1001.json"
    assert first.text == "Says the county has the highest taxes in the nation."
    assert first.speaker.name == "Dwayne Example"
    assert (first.speaker.role, first.speaker.party, first.speaker.country) == (
        "State representative",
        "republican",
        "United States",
    )
    assert (first.rating.label, first.rating.value, first.rating.reviewer) == (
        "false",
        1,
        "PolitiFact",
    )
    assert first.event == "a mailer"
    assert first.extra == {"subjects": ["taxes", "state-budget"], "state": "Texas"}
    assert chain.text == 'Says a "secret law" bans garden gnomes.'  # quotes are literal
    assert (chain.speaker.party, chain.speaker.role, chain.extra["state"]) == (None, None, None)
    assert party.speaker.name == "GaGOP" and party.rating.value == 2


def test_liar_bad_rows():
    rows = parsed("liar", FIXTURES / "liar_bad.tsv")
    assert errors(rows) == [
        (2, "expected 14 columns, got 13"),
        (
            3,
            "label 'sorta-true' is not one of barely-true, false, half-true, mostly-true, "
            "pants-fire, true",
        ),
        (4, "statement id (column 1) is empty"),
    ]
    assert [r.external_id for _, r in rows if isinstance(r, Statement)] == [
        "1001.json",
        "1003.json",
    ]


ROW = ["9.json", "true", "A statement.", "economy", "pat-example", "Mayor", "Ohio", "democrat"]
ROW += ["0"] * 5 + ["a speech"]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([*ROW, "extra"], "expected 14 columns, got 15"),
        ([*ROW[:1], "TRUE", *ROW[2:]], "label 'TRUE' is not one of"),
        ([*ROW[:2], "", *ROW[3:]], "text is required"),
        ([*ROW[:2], "x" * 5001, *ROW[3:]], "text is longer than 5000"),
    ],
)
def test_liar_bad_input(tmp_path, cells, message):
    path = write(tmp_path, "l.tsv", "\t".join(ROW) + "\n" + "\t".join(cells) + "\n")
    rows = parsed("liar", path)
    assert isinstance(rows[0][1], Statement)
    assert rows[1][0] == 2 and message in str(rows[1][1])


def test_liar_not_liar(tmp_path):
    with pytest.raises(RecordError, match="not a LIAR TSV"):
        parsed("liar", write(tmp_path, "x.tsv", "id\tlabel\tstatement\n"))


@pytest.mark.parametrize(
    ("slug", "name"),
    [("dwayne-bohac", "Dwayne Bohac"), ("GaGOP", "GaGOP"), ("chain-email", "Chain Email")],
)
def test_liar_speaker_name(slug, name):
    assert speaker_name(slug) == name


# --- outlets


def test_outlets_mbfc():
    rows = parsed("outlets", FIXTURES / "mbfc.csv")
    assert errors(rows) == [(4, "source (the domain) is empty"), (6, "expected 9 columns, got 2")]
    daily, times, herald, wire = (r for _, r in rows if isinstance(r, Outlet))
    assert (daily.id, daily.name, daily.domains) == (
        "daily-example.test",
        "daily-example.test",
        ("daily-example.test",),
    )
    assert daily.country == "United States"
    assert daily.ratings[0].rater == "Media Bias/Fact Check"
    assert (daily.ratings[0].bias, daily.ratings[0].factual) == ("conspiracy-pseudoscience", "low")
    assert daily.ratings[0].url is None  # never invented
    assert times.id == "example-times.test" and times.country == "United Kingdom"
    assert (herald.country, herald.ratings[0].bias) == (None, None)
    assert (wire.country, wire.ratings[0].bias) == ("North Korea", "extreme left")


def test_outlets_baly():
    voice, right = good("outlets", "emnlp18_corpus.tsv")
    assert voice.id == "example-voice.test"
    assert voice.ratings[0].url == "http://mediabiasfactcheck.com/example-voice/"
    assert (voice.ratings[0].bias, voice.ratings[0].factual) == ("least biased", "high")
    assert right.ratings[0].bias == "extreme right"
    (center,) = good("outlets", "acl2020_corpus.tsv")
    assert (center.ratings[0].bias, center.ratings[0].url) == ("center", None)


def test_outlets_state_media():
    rows = parsed("outlets", FIXTURES / "State_Media_Matrix.csv")
    assert errors(rows) == [(5, "no URL"), (8, "no URL")]
    kcna, rbc, rmg, fpm, channel, rstv = (r for _, r in rows if isinstance(r, Outlet))
    assert (kcna.id, kcna.name, kcna.ownership, kcna.country) == (
        "kcna.kp",
        "Korean Central News Agency (KCNA)",
        "state-controlled",
        "North Korea",
    )
    assert kcna.ratings == () and kcna.notes == "State Media Monitor typology SC: state-controlled."
    assert (rbc.id, rbc.ownership) == ("rbc-world.test", "state-funded")
    assert "ISFM?" in rbc.notes and "Media company: Ruritania Broadcasting." in rbc.notes
    assert (rmg.id, rmg.name, rmg.ownership) == ("rmg.test", "Ruritania Media Group", "private")
    assert "captured private media" in rmg.notes
    assert (fpm.ownership, fpm.country) == ("public", "United States")  # one spelling
    assert channel.ownership == "unknown" and "ZZ: not a known code" in channel.notes
    assert rstv.ownership == "state-controlled"


def test_outlets_own_table():
    rows = parsed("outlets", FIXTURES / "own_outlets.csv")
    kcna, joongang = (r for _, r in rows if isinstance(r, Outlet))
    assert kcna.domains == ("kcna.kp", "kcnawatch.org") and kcna.ratings == ()
    assert joongang.ratings[0].rater == "Example Rater"
    assert joongang.ratings[0].url == "https://rater.example/joongang"
    assert [(n, m.split(" must")[0]) for n, m in errors(rows)] == [
        (4, "ownership"),
        (5, "id is required"),
        (6, "ratings[].url"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "line", "message"),
    [
        ("o.csv", b"id,name\n\xff.test,X\n", 2, "not UTF-8"),
        ("o.csv", 'id,name\n"a,b\nc,d\n', 2, "unreadable from this line on"),
        ("o.csv", "id,name,ownership\nx,,private\n", 2, "name is required"),
        ("o.tsv", "id\tname\tcountry\nx\tX\t" + "c" * 101 + "\n", 2, "country is longer"),
        ("o.csv", "id,name\n\nx,X,extra\n", 3, "expected 2 columns, got 3"),
    ],
)
def test_outlets_bad_input(tmp_path, name, content, line, message):
    rows = parsed("outlets", write(tmp_path, name, content))
    assert len(rows) == 1 and rows[0][0] == line
    assert message in str(rows[0][1])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("foo,bar\n1,2\n", "unrecognized outlet table header"),
        ("id,name,colour\nx,X,red\n", "unrecognized outlet table header"),
        ("", "no header row"),
    ],
)
def test_outlets_unknown_table(tmp_path, content, message):
    with pytest.raises(RecordError, match=message):
        parsed("outlets", write(tmp_path, "o.csv", content))


@pytest.mark.parametrize(
    ("raw", "bias"),
    [
        ("least biased", "least biased"),
        ("center", "least biased"),
        ("left center", "left-center"),
        ("left-center (by saudi standards)", "left-center"),
        ("far-right", "extreme right"),
        ("far left bias", "extreme left"),
        ("left biased", "left"),
        ("right conspiracy-pseudoscience", "conspiracy-pseudoscience"),
        ("right-psuedoscience", "conspiracy-pseudoscience"),
        ("far right conspiracy-pseusdoscience", "conspiracy-pseudoscience"),
        ("pro-science / least biased", "pro-science"),
        ("least – pro science", "pro-science"),
        ("questionable", "questionable"),
        ("satire", "satire"),
        ("not rated", None),
        ("", None),
        ("junk news", "junk news"),
    ],
)
def test_normalize_bias(raw, bias):
    assert normalize_bias(raw) == bias


# --- the real data (read-only, outside the repo)


def c1_at(*positions: int) -> dict[str, int]:
    return {
        f"text holds a control character (U+0090) at position {at}: only text may be stored": 1
        for at in positions
    }


REAL = [
    # Two PolitiFact lines hold a stray U+0090 (mojibake): refused as not text, line by line.
    (
        "checkthat",
        "checkthat/ct2021_2022_task2b_en/politifact_vclaims.jsonl",
        19_248,
        c1_at(106, 90),
    ),
    ("checkthat", "checkthat/ct2021_2022_task2a_en/vclaims.jsonl", 14_231, {}),
    ("checkthat", "checkthat/ct2020_task2_en/verified_claims.docs.tsv", 10_375, {}),
    ("liar", "liar/train.tsv", 10_267, c1_at(104, 87)),
    ("liar", "liar/valid.tsv", 1_284, {}),
    ("outlets", "sources/idiap_reliability/mbfc.csv", 4_490, {"source (the domain) is empty": 7}),
    ("outlets", "sources/baly2018_mbfc/emnlp18_corpus.tsv", 1_066, {}),
    ("outlets", "sources/baly2018_mbfc/acl2020_corpus.tsv", 859, {}),
    ("outlets", "sources/asd_state_media/State_Media_Matrix.csv", 1_074, {"no URL": 83}),
]


@pytest.mark.parametrize(("fmt", "name", "count", "rejected"), REAL, ids=[r[1] for r in REAL])
def test_real_data_counts(fmt, name, count, rejected):
    path = DATA / name
    if not path.exists():
        pytest.skip(f"real data not found at {path} (it lives outside the repo, read-only)")
    records, problems = 0, Counter()
    for _, record in FORMATS[fmt](path):
        if isinstance(record, RecordError):
            problems[str(record)] += 1
        else:
            records += 1
    assert (records, dict(problems)) == (count, rejected)
