"""Near copies: how alike two claims' words are, and whether one repeats the other."""

from __future__ import annotations

import difflib

# A claim this long whose words another text holds this share of, in order, is repeated there.
REPEAT_WORDS, REPEATED = 6, 0.9


def words_of(text: str) -> tuple[list[str], list[str]]:
    words = text.replace("\u2019", "'").split()
    return words, [w.lower().strip(".,;:!?\"'()\u201c\u201d\u2018") for w in words]


def likeness(claim: str, evidence: str) -> float:
    """How much of the two sentences' words line up (difflib ratio, 1.0 for a copy)."""
    a, b = words_of(claim)[1], words_of(evidence)[1]
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def repeats(claim: str, evidence: str) -> bool:
    """Whether the evidence holds nearly all of the claim's words in order (a claim of six
    words or more): a fact-check quoting it, whatever else its title adds to its vector."""
    a, b = words_of(claim)[1], words_of(evidence)[1]
    if len(a) < REPEAT_WORDS:
        return False
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(m.size for m in matcher.get_matching_blocks()) >= REPEATED * len(a)


def spelled_alike(a: str, la: str, b: str, lb: str) -> bool:
    """One word written two ways: "U.K.'s" and "U.K.s", "Sen." and "Senator"."""
    if la.replace("'", "") == lb.replace("'", ""):
        return True
    (short, lshort), (_, llong) = sorted(((a, la), (b, lb)), key=lambda w: len(w[1]))
    return short.rstrip("\"'”),;:").endswith(".") and len(lshort) >= 2 and llong.startswith(lshort)
