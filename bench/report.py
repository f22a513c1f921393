"""Write one benchmark's section of docs/benchmarks.md, leaving the other sections as they are."""

import re
import time
from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = "# Benchmarks\n\nEach section is rewritten by the command named in it.\n"


def write_section(name: str, markdown: str, path: Path = REPORT) -> None:
    """Replace the section `name` (between its markers) or append it."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    block = f"{start}\n{markdown.rstrip()}\n\n_Written {stamp}._\n{end}"
    text = path.read_text() if path.exists() else HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{block}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def kept_section(start: str, end: str, path: Path = REPORT) -> str:
    """The report's text from `start` through `end` as last written, or "" if it has none."""
    text = path.read_text() if path.exists() else ""
    found = re.search(re.escape(start) + ".*?" + re.escape(end), text, re.S)
    return found[0] if found else ""


def table(headers: list[str], rows: list[list]) -> str:
    """A markdown table; floats to 3 decimals."""

    def cell(value):
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
