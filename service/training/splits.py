"""The CheckThat! query splits (train/dev tweets and debate lines with their qrels), as read."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from index.dates import day

csv.field_size_limit(1 << 30)


@dataclass
class Split:
    """Queries (id -> text) and TREC qrels (id -> relevant vclaim ids) of one split; `dates`
    (id -> YYYY-MM-DD), when the data says when each query was said."""

    name: str
    collection: Path
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    dates: dict[str, str] = field(default_factory=dict)


def debate_day(query_id: str) -> str | None:
    """The day a 2B debate line was said, from its id ("20170822_Trump_phoenix_0204")."""
    head = query_id[:8]
    said = f"{head[:4]}-{head[4:6]}-{head[6:]}"
    return said if head.isdigit() and day(said) else None


def debate_contexts(queries: dict[str, str], lines: int = 3) -> dict[str, tuple[str, str]]:
    """What was said around each 2B debate line: the split's lines within `lines` of it.

    The transcripts are not in ../shared, so this is the part of each line's context that
    the split itself holds (its other lines of the same debate), not the whole transcript.
    """
    said: dict[str, dict[int, str]] = {}
    for qid, text in queries.items():
        debate, _, number = qid.rpartition("_")
        if debate and number.isdigit():
            said.setdefault(debate, {})[int(number)] = text.strip()
    contexts = {}
    for qid in queries:
        debate, _, number = qid.rpartition("_")
        if debate not in said or not number.isdigit():
            continue
        n, near = int(number), said[debate]
        before = " ".join(near[m] for m in range(n - lines, n) if m in near)
        after = " ".join(near[m] for m in range(n + 1, n + lines + 1) if m in near)
        if before or after:
            contexts[qid] = (before, after)
    return contexts


def read_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) >= 4 and parts[3].strip() != "0":
            qrels.setdefault(parts[0].strip(), set()).add(parts[2].strip())
    return qrels


def read_queries(path: Path, *, header: bool) -> dict[str, str]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    rows = rows[1:] if header else rows
    return {row[0].strip(): row[1] for row in rows if len(row) >= 2}


def _split(name, collection, queries, qrels, *, header) -> Split:
    qrels = read_qrels(qrels)
    queries = read_queries(queries, header=header)
    return Split(name, collection, {q: queries[q] for q in qrels if q in queries}, qrels)


def ct2020(root: Path, part: str) -> Split:
    """CLEF 2020 task 2: English tweets against the Snopes collection (train or dev)."""
    base = Path(root) / "ct2020_task2_en"
    return _split(
        f"CT2020 tweets {part}",
        base / "verified_claims.docs.tsv",
        base / f"{part}.tweets.queries.tsv",
        base / f"{part}.tweet-vclaim-pairs.qrels",
        header=True,
    )


def ct2022_2a(root: Path, only_texts: set[str] | None = None) -> Split:
    """CLEF 2021/22 task 2A tweets (== CT2020 train+dev); `only_texts` keeps a subset."""
    base = Path(root) / "ct2021_2022_task2a_en"
    split = _split(
        "CT2021/22 2A tweets",
        base / "vclaims.jsonl",
        base / "train.queries.tsv",
        base / "train.qrels.tsv",
        header=False,
    )
    if only_texts is not None:
        keep = {q for q, text in split.queries.items() if text.strip() in only_texts}
        split.queries = {q: t for q, t in split.queries.items() if q in keep}
        split.qrels = {q: r for q, r in split.qrels.items() if q in keep}
    return split


def ct2022_2b(root: Path, part: str) -> Split:
    """CLEF 2021/22 task 2B: political debate sentences against PolitiFact (train or dev)."""
    base = Path(root) / "ct2021_2022_task2b_en"
    split = _split(
        f"CT2021/22 2B debates {part}",
        base / "politifact_vclaims.jsonl",
        base / f"{part}.queries.tsv",
        base / f"{part}.qrels.tsv",
        header=False,
    )
    split.dates = {q: d for q in split.queries if (d := debate_day(q))}
    return split
