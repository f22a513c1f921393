"""Near copies in other words: a claim with a content word or two put as a synonym, *same*.

The generated opposites (contrast.py) are one-word edits, so a judge taught on them alone reads
any one-word change as an edit; these pairs are the one-word changes that keep the claim
(docs/judge-log.md, item 63; `cross_fit --synonyms`). The words are in data/synonyms.txt.
"""

from __future__ import annotations

import functools
import random
import re
from pathlib import Path

from service.training import contrast

SYNONYMS_FILE = Path(__file__).resolve().parent / "data" / "synonyms.txt"


@functools.lru_cache(maxsize=1)
def _content_synonyms() -> tuple[dict[str, str], re.Pattern]:
    pairs = [
        tuple(w.strip() for w in line.split("|"))
        for line in SYNONYMS_FILE.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    table = {a: b for a, b in pairs} | {b: a for a, b in pairs}
    return table, contrast.alternation(table)


def reword(text: str, rng: random.Random) -> str | None:
    """The same claim with one or two content words put in other words (synonyms.txt): the
    near copy that is not an edit, beside the one-word antonym edits labelled opposite."""
    table, pattern = _content_synonyms()
    found = list(pattern.finditer(text))
    if not found:
        return None
    picked = sorted(
        rng.sample(found, min(len(found), rng.choice((1, 1, 2)))), key=lambda m: m.start()
    )
    out, at = "", 0
    for m in picked:
        word = table[m[1]]
        # The article before it follows the new word ("a photograph", "an image").
        head = re.sub(
            r"\b([Aa])n? $",
            r"\1n " if word[0] in "aeiou" else r"\1 ",
            text[at : m.start()],
        )
        out += head + word
        at = m.end()
    return out + text[at:]


def reworded_pairs(
    seed: int = 52,
    per_split: int = 4000,
    excluded: set[str] = frozenset(),
    opposites: bool = False,
):
    """Near copies labelled *same*, kind "synonym", at most per_split a split, from the claims
    contrast.generate() draws on, shuffled by a seed of their own (its pairs stay as they were).
    With `opposites`, each near copy also edited into the opposite claim (contrast.opposites:
    a negation, antonym, number, date, place or person), kind "synonym_opposite": the one-word
    changes that keep a claim and the ones that flip it, learned on the same texts (item 64)."""
    rng, edits = random.Random(seed), random.Random(seed + 1)
    pool = contrast.claim_pool()
    rng.shuffle(pool)
    pairs, count = [], dict.fromkeys(("train", "dev", "test"), 0)
    for text in pool:
        group = contrast.group_of(text)
        split = contrast.split_of(group)
        if group in excluded or count[split] >= per_split:
            continue
        new = reword(text, rng)
        if new and new != text:
            count[split] += 1
            pairs.append(contrast.pair(new, text, contrast.SAME, "synonym", group))
            flipped = contrast.opposites(new, edits) if opposites else []
            if flipped:
                edited = edits.choice(flipped)[0]
                pairs.append(
                    contrast.pair(edited, text, contrast.OPPOSITE, "synonym_opposite", group)
                )
    return pairs
