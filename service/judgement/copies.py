"""Near copies: how alike two claims' words are, and whether one repeats the other."""

from __future__ import annotations

import difflib
import re

# A claim this long whose words another text holds this share of, in order, is repeated there.
REPEAT_WORDS, REPEATED = 6, 0.9


def words_of(text: str) -> tuple[list[str], list[str]]:
    words = text.replace("\u2019", "'").split()
    return words, [w.lower().strip(".,;:!?\"'()\u201c\u201d\u2018") for w in words]


def likeness(claim: str, evidence: str) -> float:
    """How much of the two sentences' words line up (difflib ratio, 1.0 for a copy)."""
    a, b = words_of(claim)[1], words_of(evidence)[1]
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def rotated(claim: str, evidence: str) -> bool:
    """Whether the two hold the same clauses in another order ("Under the budget, rates would
    double." / "Rates would double, under the budget."): each clause word for word, so "more
    on taxes than on food" never matches "more on food than on taxes"."""

    def clauses(text: str) -> list[tuple[str, ...]]:
        parts = re.split(r"[,;:\u2013\u2014]+|\s-\s", text)
        return sorted(tuple(w for w in words_of(p)[1] if w) for p in parts if p.strip())

    a, b = clauses(claim), clauses(evidence)
    return len(a) >= 2 and a == b and sum(map(len, a)) >= REPEAT_WORDS


def repeats(claim: str, evidence: str) -> bool:
    """Whether the evidence holds nearly all of the claim's words in order (a claim of six
    words or more): a fact-check quoting it, whatever else its title adds to its vector."""
    a, b = words_of(claim)[1], words_of(evidence)[1]
    if len(a) < REPEAT_WORDS:
        return False
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(m.size for m in matcher.get_matching_blocks()) >= REPEATED * len(a)


def spelled_alike(a: str, la: str, b: str, lb: str) -> bool:
    """One word written two ways: "U.K.'s" and "U.K.s", "Sen." and "Senator", "Justice's" and
    "Justice" (a possessive names the same thing)."""
    if la.replace("'", "") == lb.replace("'", ""):
        return True
    if la.removesuffix("'s") == lb.removesuffix("'s"):
        return True
    (short, lshort), (_, llong) = sorted(((a, la), (b, lb)), key=lambda w: len(w[1]))
    return short.rstrip("\"'”),;:").endswith(".") and len(lshort) >= 2 and llong.startswith(lshort)
