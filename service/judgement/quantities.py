"""Quantities in a claim (percents, sums, years, counts), and whether two claims' figures clash."""

from __future__ import annotations

from service.judgement.lexicon import NUMBER, SCALE, WORD_NUMBERS
from service.judgement.words import tokens


def numbers(text: str) -> list[tuple[str, float]]:
    """(kind, value) for each quantity: kind is percent, money, year or count."""
    found = []
    for match in NUMBER.finditer(text):
        raw = match["num"].replace(",", "").rstrip(".")
        try:
            value = float(raw)
        except ValueError:
            continue
        unit = (match["unit"] or "").lower().strip()
        if unit in ("%", "percent", "per cent"):
            kind = "percent"
        elif match["cur"]:
            kind = "money"
        elif 1800 <= value <= 2100 and raw.isdigit() and not unit:
            kind = "year"
        else:
            kind = "count"
        value *= SCALE.get(unit, 1.0)
        found.append((kind, value))
    words = tokens(text)
    for i, word in enumerate(words):
        if word in WORD_NUMBERS:
            after = words[i + 1] if i + 1 < len(words) else ""
            kind = "percent" if after in ("percent", "per") else "count"
            found.append((kind, WORD_NUMBERS[word] * SCALE.get(after, 1.0)))
    return found


def number_clash(claim: str, evidence: str) -> str | None:
    mine, theirs = numbers(claim), numbers(evidence)
    for kind in {k for k, _ in mine} & {k for k, _ in theirs}:
        a = {v for k, v in mine if k == kind}
        b = {v for k, v in theirs if k == kind}
        # A value on both sides means the sentences can still agree on it; rounding aside.
        slack = 0.0 if kind == "year" else 0.011
        if not any(abs(x - y) <= slack * max(abs(x), abs(y)) for x in a for y in b):
            shown = ", ".join(_fmt(v) for v in sorted(a))
            other = ", ".join(_fmt(v) for v in sorted(b))
            return f"the {kind} differs ({shown} vs {other})"
    return None


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
