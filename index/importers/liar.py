"""Read the LIAR dataset (Wang 2017): PolitiFact statements as 14-column TSV rows, no header.

Every record: kind `fact_check`, source `liar`, language `en`. Quotes in LIAR are literal
characters, not CSV quoting, so rows are split on tabs only.

    1 statement id "2635.json" -> external_id
    2 label (6-way)            -> rating.label, rating.value (1-5 table), reviewer "PolitiFact"
    3 statement                -> text
    4 subjects "a,b"           -> extra.subjects ["a", "b"]
    5 speaker slug             -> speaker.name "dwayne-bohac" -> "Dwayne Bohac";
                                  speaker.country "United States"
    6 job title                -> speaker.role
    7 state                    -> extra.state
    8 party                    -> speaker.party ("none" -> None)
    9-13 credit history        -> dropped: the counts include the row's own label
    14 context                 -> event
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from index.importers.jsonl import csv_rows, to_record
from index.records import RecordError, Statement

COLUMNS = 14
LABELS = {"true", "mostly-true", "half-true", "barely-true", "false", "pants-fire"}
_ID = re.compile(r"^\d+\.json$")


def parse(path: Path) -> Iterator[tuple[int, Statement | RecordError]]:
    """Yield (line number, fact-check or error) for each row of a LIAR TSV file."""
    first = True
    for number, row in csv_rows(path, delimiter="\t", quoting=csv.QUOTE_NONE):
        wrong = not isinstance(row, RecordError) and len(row) != COLUMNS
        if first and wrong and not _ID.match(row[0].strip()):
            raise RecordError(f"{path.name}: not a LIAR TSV (first row: {row[:3]!r})")
        first = False
        yield number, row if isinstance(row, RecordError) else _record(row)


def speaker_name(slug: str) -> str:
    """Turn a PolitiFact slug into words: "dwayne-bohac" -> "Dwayne Bohac" ("GaGOP" kept)."""
    return " ".join(word[:1].upper() + word[1:] for word in slug.split("-") if word)


def _record(row: list[str]) -> Statement | RecordError:
    if len(row) != COLUMNS:
        return RecordError(f"expected {COLUMNS} columns, got {len(row)}")
    cells = [cell.strip() for cell in row]
    statement_id, label, text, subjects, slug, role, state, party = cells[:8]
    if not statement_id:
        return RecordError("statement id (column 1) is empty")
    if label not in LABELS:
        return RecordError(f"label {label!r} is not one of {', '.join(sorted(LABELS))}")
    speaker = None
    if slug:
        speaker = {
            "name": speaker_name(slug),
            "role": role or None,
            "party": None if party.lower() in ("", "none") else party,
            "country": "United States",
        }
    return to_record(
        {
            "kind": "fact_check",
            "source": "liar",
            "language": "en",
            "external_id": statement_id,
            "text": text,
            "speaker": speaker,
            "event": cells[13] or None,
            "rating": {"label": label, "reviewer": "PolitiFact"},
            "extra": {
                "subjects": [s.strip() for s in subjects.split(",") if s.strip()],
                "state": state or None,
            },
        }
    )
