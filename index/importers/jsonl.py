"""Read Veracity's own import format: one JSON record per line.

| line                         | record                  |
|------------------------------|-------------------------|
| `{"kind": "outlet", ...}`    | `Outlet.from_dict`      |
| any other JSON object        | `Statement.from_dict`   |
| blank line                   | skipped                 |
| not UTF-8, not JSON, invalid | `RecordError` (line no.)|

The other importers share this module's readers (`json_lines`, `csv_rows`) and `to_record`:
they build a record dict in this format and validate it here, so every source goes through
the same checks and reports line numbers the same way.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from index.records import Outlet, RecordError, Statement


def parse(path: Path) -> Iterator[tuple[int, Statement | Outlet | RecordError]]:
    """Yield (line number, record or error) for each non-blank line of a JSONL file."""
    for number, data in json_lines(path):
        yield number, data if isinstance(data, RecordError) else to_record(data)


def json_lines(path: Path) -> Iterator[tuple[int, object]]:
    """Yield (line number, decoded JSON value or RecordError) for each non-blank line."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                # Per-line decoding: one bad byte spoils one line, not the file.
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield number, RecordError(f"not UTF-8 text (byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                message = exc.msg.removesuffix(" at")  # "Invalid control character at"
                yield number, RecordError(f"bad JSON: {message} at column {exc.colno}")


def to_record(data) -> Statement | Outlet | RecordError:
    """Validate one record dict; return the record, or the RecordError saying what is wrong."""
    try:
        if isinstance(data, dict) and data.get("kind") == "outlet":
            return Outlet.from_dict(data)
        return Statement.from_dict(data)
    except RecordError as exc:
        return exc
    except (TypeError, ValueError, AttributeError) as exc:
        # Values of an unexpected JSON type can trip the validators; the line is bad, not the file.
        return RecordError(f"bad value: {exc}")


def csv_rows(
    path: Path, *, delimiter: str, quoting: int = csv.QUOTE_MINIMAL
) -> Iterator[tuple[int, list[str] | RecordError]]:
    """Yield (physical line where the row starts, cells or RecordError); empty lines skipped."""
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter, quoting=quoting, strict=True)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # An unclosed quote swallows the rest of the file: nothing after it is reliable.
                yield start, RecordError(f"unreadable from this line on: {exc}")
                return
            if any("\ufffd" in cell for cell in row):
                yield start, RecordError("not UTF-8 text")
            elif row:  # [] is an empty line; a row of empty cells is still a row
                yield start, row
            start = reader.line_num + 1
