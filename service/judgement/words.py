"""Words as the stance rules compare them: tokens, stems, lemmas and their opposites."""

from __future__ import annotations

import functools
import re

from service.judgement.lexicon import (
    ANTONYMS,
    LEMMA,
    NEGATING_PREFIX,
    NEGATIONS,
    PHRASES,
    STOP,
    WORD,
)


def stem(word: str) -> str:
    word = word.lower().strip("'-")
    for suffix, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    return word


def _inflections(base: str) -> set[str]:
    """The regular inflections of an antonym-list word ("ban": "banned", "bans", "banning")."""
    forms = {base + "s", base + "es", base + "ed", base + "ing"}
    if base.endswith("e"):
        forms |= {base + "d", base[:-1] + "ing"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", base):
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    if re.search(r"[^aeiou]y$", base):
        forms |= {base[:-1] + "ied", base[:-1] + "ies"}
    return forms


# The suffix-stripping stem() leaves "bann" of "banned" and "eliminat" of "eliminated": the
# antonym list's words get every regular form's stem mapped back to them.
_BASES = {base for pair in ANTONYMS for base in pair}
_BASE_STEMS = {stem(base) for base in _BASES}
_INFLECTED = {
    stem(form): LEMMA.get(base, LEMMA.get(stem(base), stem(base)))
    for base in sorted(_BASES)
    for form in _inflections(base)
    if stem(form) not in LEMMA and stem(form) not in _BASE_STEMS
}


# Every check lemmatizes each evidence text's words; readers' vocabulary repeats a lot.
@functools.lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    base = stem(word)
    return LEMMA.get(word.lower(), LEMMA.get(base, _INFLECTED.get(base, base)))


def loose_lemma(word: str) -> str:
    """A lemma without its final "e": the stemmer keeps a verb's ("implicate") but cuts it
    with "-ed" ("implicat"). Only past five letters, so that "note" never meets "not"."""
    return word[:-1] if word.endswith("e") and len(word) > 5 else word


OPPOSITE: dict[str, set[str]] = {}
for _a, _b in ANTONYMS:
    OPPOSITE.setdefault(lemma(_a), set()).add(lemma(_b))
    OPPOSITE.setdefault(lemma(_b), set()).add(lemma(_a))


def lowered(text: str) -> str:
    """`text` lower-cased letter by letter, so that its offsets are the text's ("İ".lower()
    is two letters: that one stays as it is)."""
    low = text.lower()
    if len(low) == len(text):  # no letter grew: the offsets already agree
        return low
    return "".join(c if len(c.lower()) > 1 else c.lower() for c in text)


def tokens(text: str) -> list[str]:
    """Lower-cased words, with PHRASES read as the one word they stand for."""
    text = text.lower()
    for phrase, word in PHRASES:
        text = phrase.sub(word, text)
    return WORD.findall(text)


def content(text: str) -> set[str]:
    """The lemmas a sentence talks about: no stop words, numbers or negation cues."""
    return {
        lemma(w)
        for w in tokens(NEGATIONS.sub(" ", text.lower()))
        if w not in STOP and not w[0].isdigit()
    }


def reach(text: str) -> set[str]:
    """What a negation in another sentence can deny of this one: its content, and the roots
    of its words with a negating prefix ("unbanked" talks about banks)."""
    roots = (NEGATING_PREFIX.match(w) for w in tokens(text.lower()))
    return content(text) | {lemma(m[1]) for m in roots if m}
