"""Stance without an NLI model: does a piece of evidence support, refute or leave a claim open.

Sentence embeddings score "X rose 10%" and "X fell 10%" as near twins, so the retrieval score
cannot tell agreement from contradiction. These rules look for the mismatches that flip meaning
between two sentences about the same thing:

- polarity: negation cues ("not", "no longer", "never", "un-") and antonym pairs ("rose"/"fell",
  "closest"/"farthest") counted on each side; an odd number of flips means opposite claims,
  so "did not rise" agrees with "fell"; idioms that hold a cue and deny nothing ("none other
  than", "no doubt that") are read without it, and "not A but B" as B where the other side
  never says A (alternatives.py);
- numbers and dates: the same kind of quantity (a percentage, a year, a sum) with other values;
- swapped entities: the same two names on either side of the same verb in the other order
  ("Russia invaded Ukraine" vs "Ukraine invaded Russia"), unless the relation is symmetric;
  and a comparison the other way round ("more A than B" vs "more B than A").

Pairs that share too little to compare, or differ only by hedges, are `unclear`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from service.judgement import alternatives, comparisons, people
from service.judgement.copies import likeness, spelled_alike, words_of
from service.judgement.lexicon import (
    EMPTY_NEGATIONS,
    ENTITY,
    HEDGES,
    NEGATING_PREFIX,
    NEGATIONS,
    QUANTITY_AHEAD,
    STOP,
    SYMMETRIC,
    WORD,
)
from service.judgement.quantities import number_clash
from service.judgement.words import OPPOSITE, content, lemma, loose_lemma, lowered, reach, tokens

SUPPORTS, REFUTES, UNCLEAR = "supports", "refutes", "unclear"
# The reason a refutation rests on the negation count alone (relations.overrule weighs it).
NEGATED = "one side negates what the other says"

# How many content words after a negation cue it may reach.
NEGATION_SCOPE = 2
# Quantifiers a negation reaches through to what it negates ("not a single person", "not one").
NEGATION_FILLERS = {"single", "one", "even", "any", "either"}
# Overlap of content words needed to compare two sentences at all.
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Stance:
    label: str
    reason: str


def negations(text: str, other: set[str], skip: frozenset[str] = frozenset()) -> int:
    """Negation cues whose next few words include something the other sentence talks about
    (cues whose lemma is in `skip`, already counted as one side of an antonym, left out).

    Long sentences negate things the other side never mentions ("which makes no sense"); only
    a negation of shared content can flip the shared claim.
    """
    text = text.lower().replace("’", "'")
    # "does not implicate" reaches "are not implicated" (the stems differ by a final "e").
    loose = {loose_lemma(w) for w in other}
    count = 0
    for match in NEGATIONS.finditer(text):
        if lemma(match[0]) in skip:
            continue
        window = [
            w for w in tokens(text[match.end() :]) if w not in STOP and w not in NEGATION_FILLERS
        ]
        lemmas = [lemma(w) for w in window[:NEGATION_SCOPE]]
        count += any(loose_lemma(w) in loose or OPPOSITE.get(w, set()) & other for w in lemmas)
    # A negating prefix on a word the other side has: "unbanked" against "a bank account".
    for word in tokens(text):
        prefixed = NEGATING_PREFIX.match(word)
        count += bool(prefixed) and lemma(prefixed[1]) in other and lemma(word) not in skip
    return count


def antonym_flips(claim: str, evidence: str) -> list[tuple[str, str]]:
    mine = {lemma(w) for w in tokens(claim)}
    theirs = {lemma(w) for w in tokens(evidence)}
    flips = []
    for word in sorted(mine):
        for other in sorted(OPPOSITE.get(word, set()) & theirs):
            if word in theirs and other in mine:
                continue
            if word in theirs or other in mine:
                # One of the two is on both sides ("fewer Americans ... more than 50 years" /
                # "more Americans"): a flip only where the other fills the same slot.
                shared = word if word in theirs else other
                if not _fills(claim, word, evidence, other) or _fills(
                    claim, shared, evidence, shared
                ):
                    continue
            elif {word, other} & SAME_SLOT.keys() and not _same_slot(claim, word, evidence, other):
                continue
            flips.append((word, other))
    return flips


def _fills(claim: str, word: str, evidence: str, other: str, width: int = 1) -> bool:
    """Whether `word` in the claim and `other` in the evidence are followed by the same word
    (within their first `width` words, numbers aside)."""
    mine, theirs = (
        {w for rest in _following(text, x) for w in _next_words(rest, width)}
        for text, x in ((claim, word), (evidence, other))
    )
    return bool(mine & theirs)


# Words that are opposites only in the same slot, and how many words after them name it:
# "over 220,000" / "under 220,000", "above the line" / "below the line", "create 100,000 jobs
# in Ohio" / "cost Ohio 100,000 jobs"; not "arrested over an attack" / "dead under suspicious
# circumstances", "created a program that costs $5 billion" / "the program costs $5 billion".
SAME_SLOT = {"over": 1, "under": 1, "above": 1, "below": 1, "cost": 2}


def _same_slot(claim: str, word: str, evidence: str, other: str) -> bool:
    """Whether `word` in the claim and `other` in the evidence each bound a quantity, or are
    followed by the same word (within the slot's first words, numbers aside)."""
    after = [_following(claim, word), _following(evidence, other)]
    if all(any(re.match(QUANTITY_AHEAD, rest) for rest in side) for side in after):
        return True
    return _fills(
        claim, word, evidence, other, max(SAME_SLOT.get(word, 0), SAME_SLOT.get(other, 0))
    )


def _following(text: str, word: str) -> list[str]:
    """The text after each word whose lemma is `word`."""
    return [text[m.end() :] for m in WORD.finditer(lowered(text)) if lemma(m[0]) == word]


def _next_words(rest: str, width: int) -> list[str]:
    return [lemma(w) for w in tokens(rest) if w not in STOP and not w[0].isdigit()][:width]


def entities(text: str) -> list[str]:
    # Capitalized runs; a sentence-initial common word is not a name.
    found = []
    for match in ENTITY.finditer(text):
        name = match[1]
        if len(name) < 2:
            continue  # initials such as the U and S of "U.S."
        opens = not text[: match.start()].rstrip(" \"'“‘(").strip() or re.search(
            r"[.!?:][\"'”’)]*\s*[\"'“‘(]*$", text[: match.start()]
        )
        if opens and name.lower() in STOP | {"says"}:
            continue
        found.append(name.lower())
    return found


def swapped(claim: str, evidence: str) -> tuple[str, str] | None:
    mine, theirs = entities(claim), entities(evidence)
    shared = [e for e in dict.fromkeys(mine) if e in theirs]
    for i, first in enumerate(shared):
        for second in shared[i + 1 :]:
            a = (claim.lower().index(first), claim.lower().index(second))
            b = (evidence.lower().index(first), evidence.lower().index(second))
            if (a[0] < a[1]) == (b[0] < b[1]):
                continue
            between = _between(claim.lower(), *sorted(a), first, second)
            between_other = _between(evidence.lower(), *sorted(b), first, second)
            if between & _SYMMETRIC or between_other & _SYMMETRIC:
                continue
            # Clauses in another order also move names past each other ("Once ride-hailing
            # starts in July, ... drive for Uber" against "drive for Uber ... in July"): a swap
            # is only where trading the two names back brings the claim nearer the evidence.
            if between & between_other and _nearer_traded(claim, evidence, first, second):
                return first, second
    return None


def _nearer_traded(claim: str, evidence: str, first: str, second: str) -> bool:
    pattern = re.compile(f"{re.escape(first)}|{re.escape(second)}", re.IGNORECASE)
    traded = pattern.sub(lambda m: second if m[0].lower() == first else first, claim)
    return likeness(traded, evidence) > likeness(claim, evidence)


_SYMMETRIC = {lemma(word) for word in SYMMETRIC}


def _between(text: str, start: int, end: int, first: str, second: str) -> set[str]:
    span = text[start:end]
    for name in (first, second):
        span = span.replace(name, " ")
    return {lemma(w) for w in tokens(span) if w not in STOP - {"and", "with", "between"}}


MONTHS = {"january", "february", "march", "april", "june", "july", "august", "september"}
MONTHS |= {"october", "november", "december"}  # not "may": a verb as often as a month
# How alike two sentences must be (difflib ratio over words) for one swapped word to count.
NEAR_COPY = 0.75


def substituted(claim: str, evidence: str) -> tuple[str, str] | None:
    """The one slot two near copies fill differently with another number, name or month:
    "$75 billion" for "$150 billion", "the Perry campaign" for "the Clinton campaign".

    Near copies only: a reworded claim changes many words, an edited one a few.
    """
    (a, la), (b, lb) = words_of(claim), words_of(evidence)
    matcher = difflib.SequenceMatcher(a=la, b=lb, autojunk=False)
    if matcher.ratio() < NEAR_COPY:
        return None
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 > 3 or j2 - j1 > 3:
            continue
        if any(c.isdigit() for c in "".join(la[i1:i2] + lb[j1:j2])):
            # A number: another value, not another way to write it ("ten" and "10").
            mine, theirs = " ".join(a[i1 : i2 + 1]), " ".join(b[j1 : j2 + 1])
            if number_clash(mine, theirs):
                return " ".join(a[i1:i2]), " ".join(b[j1:j2])
            continue
        for x, y in zip(range(i1, i2), range(j1, j2), strict=False):
            if la[x] == lb[y] or spelled_alike(a[x], la[x], b[y], lb[y]):
                continue
            slot = {la[x], lb[y]} & MONTHS or (
                x > 0 and y > 0 and a[x][:1].isupper() and b[y][:1].isupper()
            )
            if slot:
                return a[x], b[y]
    return None


def overlap(claim: str, evidence: str) -> float:
    """Share of the claim's content words that the evidence also has."""
    mine = content(claim)
    return len(mine & content(evidence)) / len(mine) if mine else 0.0


def judge(claim: str, evidence: str) -> Stance:
    """Supports, refutes or unclear, with the reason in words."""
    claim, evidence = EMPTY_NEGATIONS.sub(" ", claim), EMPTY_NEGATIONS.sub(" ", evidence)
    # "Not A but B" is read as B where the other side never says A (alternatives.py).
    claim, evidence = (
        alternatives.asserted(claim, evidence),
        alternatives.asserted(evidence, claim),
    )
    shared = overlap(claim, evidence)
    if shared < MIN_OVERLAP:
        return Stance(UNCLEAR, f"too little in common to compare ({shared:.2f} of the words)")
    flips = antonym_flips(claim, evidence)
    # A word is one flip: an antonym that is also a cue ("false" against "true", "unsafe"
    # against "safe") is not counted again as a cue, yet a cue may deny it ("is not true"
    # against "is false"); docs/judge-log.md, items 77-78.
    mine, theirs = frozenset(a for a, _ in flips), frozenset(b for _, b in flips)
    negated = negations(claim, reach(evidence) | theirs, mine) - negations(
        evidence, reach(claim) | mine, theirs
    )
    # A comparison the other way round is one more flip: "women earn less than men" is "men
    # earn more than women".
    turned = comparisons.reversed_comparison(claim, evidence, content)
    if (len(flips) + abs(negated) + turned) % 2:
        if flips:
            a, b = flips[0]
            return Stance(REFUTES, f'"{a}" in the claim, "{b}" in the evidence')
        if negated:
            return Stance(REFUTES, NEGATED)
        return Stance(REFUTES, "the comparison is the other way round")
    clash = number_clash(claim, evidence)
    if clash:
        return Stance(REFUTES, clash)
    swap = swapped(claim, evidence)
    if swap:
        return Stance(REFUTES, f"{swap[0]} and {swap[1]} are the other way round")
    swap = substituted(claim, evidence)
    if swap:
        return Stance(REFUTES, f'"{swap[0]}" in the claim, "{swap[1]}" in the evidence')
    person = people.other_person(claim, evidence)
    if person:
        return Stance(REFUTES, f"{person[0]} in the claim, {person[1]} in the evidence")
    if HEDGES.search(evidence.lower()) and not HEDGES.search(claim.lower()):
        return Stance(UNCLEAR, "the evidence only says it may be so")
    if flips or negated or turned:
        return Stance(SUPPORTS, "the same claim in opposite words twice over")
    return Stance(SUPPORTS, f"says the same ({shared:.2f} of the words)")


def stance(claim: str, evidence: str) -> str:
    """The label alone: supports, refutes or unclear."""
    return judge(claim, evidence).label
