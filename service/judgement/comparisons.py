"""Comparisons the other way round: "more stabbed than shot" against "more shot than stabbed"."""

from __future__ import annotations

import re
from collections.abc import Callable

from service.judgement.lexicon import QUANTITY_AHEAD

# A "than" that compares two things, not one that bounds a quantity ("more than 4,000"); a
# verb that compares is one too ("A exceeds B" is "A is more than B").
_THAN = re.compile(
    rf"\b(?:than|exceed(?:s|ed)?|outnumber(?:s|ed)?|surpass(?:es|ed)?|outstrip(?:s|ped)?)\b"
    rf"(?!{QUANTITY_AHEAD})",
    re.I,
)
_CLAUSE_END = re.compile(r"[.;:!?]|,\s")


def sides(text: str) -> tuple[str, str] | None:
    """The sentence before its last comparing "than" (or verb), and what follows it to the
    clause's end."""
    found = list(_THAN.finditer(text))
    if not found:
        return None
    before, after = text[: found[-1].start()], text[found[-1].end() :]
    start = max(before.rfind(mark) for mark in ".;!?") + 1
    end = _CLAUSE_END.search(after)
    return before[start:], after[: end.start() if end else len(after)]


def crossed(left: set[str], right: set[str], other_left: set[str], other_right: set[str]) -> bool:
    """Whether what each side compares against is what the other side puts first: the words
    after "than" are disjoint, and at least half of each are before the other's "than"."""
    if not right or not other_right or right & other_right:
        return False
    mine_first_there = 2 * len(right & other_left) >= len(right)
    theirs_first_here = 2 * len(other_right & left) >= len(other_right)
    return mine_first_there and theirs_first_here


def reversed_comparison(claim: str, evidence: str, words: Callable[[str], set[str]]) -> bool:
    """Whether the two compare the same things the other way round ("more were killed with
    rifles than stabbed" / "more were stabbed than killed with rifles"), each part read as
    its content `words` (words.content)."""
    mine, theirs = sides(claim), sides(evidence)
    if not (mine and theirs):
        return False
    return crossed(*map(words, mine), *map(words, theirs))
