"""Quantities in a claim (percents, sums, years, counts), and whether two claims' figures clash."""

from __future__ import annotations

import re

from service.judgement.lexicon import NUMBER, SCALE, WORD_NUMBERS
from service.judgement.words import tokens

_SCALES = "|".join(k for k in SCALE if k != "dozen")
# "two and a half million" is 2.5 million, not 2 and 50 million; "half a million" 0.5 million.
_AND_A_HALF = re.compile(rf"\b(\d+|{'|'.join(WORD_NUMBERS)}) and a half ({_SCALES})\b", re.I)
_A_HALF = re.compile(rf"\b(?:a half|half an?) ({_SCALES})\b", re.I)
# A period counted in decades or centuries is that many years: "three decades" is 30 years.
_PERIODS = {"decade": 10, "decades": 10, "century": 100, "centuries": 100}
_A_PERIOD = re.compile(r"\ba (decade|century)\b", re.I)
_PERIOD_AFTER = re.compile(r"\s*(decades?|century|centuries)\b", re.I)


def numbers(text: str) -> list[tuple[str, float]]:
    """(kind, value) for each quantity: kind is percent, money, year or count."""
    text = _AND_A_HALF.sub(lambda m: f"{_value(m[1])}.5 {m[2]}", text)
    text = _A_HALF.sub(lambda m: f"0.5 {m[1]}", text)
    text = _A_PERIOD.sub(lambda m: f"one {m[1]}", text)
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
        # "$278K" is $278,000; only after a currency sign, so a "401k" plan stays 401.
        value *= 1e3 if unit == "k" and match["cur"] else SCALE.get(unit, 1.0)
        period = _PERIOD_AFTER.match(text, match.end())
        value *= _PERIODS[period[1].lower()] if period and kind == "count" and not unit else 1
        found.append((kind, value))
    words = tokens(text)
    for i, word in enumerate(words):
        if word in WORD_NUMBERS:
            after = words[i + 1] if i + 1 < len(words) else ""
            kind = "percent" if after in ("percent", "per") else "count"
            found.append((kind, WORD_NUMBERS[word] * SCALE.get(after, _PERIODS.get(after, 1.0))))
    return found


def _value(word: str) -> str:
    return word if word.isdigit() else str(WORD_NUMBERS[word.lower()])


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
