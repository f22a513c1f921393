"""bench.report: a section of docs/benchmarks.md rewritten, and a part of it kept."""

from bench.report import kept_section, write_section

TRAIN = "### Choosing it on train"


def test_kept_section_is_the_text_last_written(tmp_path):
    path = tmp_path / "benchmarks.md"
    write_section("verdicts", f"## Verdicts\n\n{TRAIN} (472)\n\nrows\n\n### Dev\n\ndev rows", path)
    assert kept_section(TRAIN, "### Dev\n\n", path) == f"{TRAIN} (472)\n\nrows\n\n### Dev\n\n"
    write_section("verdicts", "## Verdicts\n\n### Dev\n\nother rows", path)
    assert kept_section(TRAIN, "### Dev\n\n", path) == ""


def test_no_report_keeps_nothing(tmp_path):
    assert kept_section(TRAIN, "### Dev\n\n", tmp_path / "missing.md") == ""
