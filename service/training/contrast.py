"""Contrast pairs for the claim-pair judge, generated from real fact-checked claims.

Each pair is (claim, other, relation, kind, group): `same` (a debate line or tweet and the claim
the fact-checker matched it to), `opposite` (the claim edited to say otherwise: a negation put
in or taken out, an antonym, another number, year, place or person in the same slot) or
`different` (another claim on the same topic). `group` is the source claim's normalized text,
so every pair built from one claim lands in one split (train / dev / test by its hash).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from pathlib import Path

from service.training.contrast_words import MONTHS, PEOPLE, PLACES, SWAPS, SYNONYMS

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
CHECKTHAT = SHARED / "checkthat"
LIAR = SHARED / "liar"
SAME, OPPOSITE, DIFFERENT = "same", "opposite", "different"
RELATIONS = (SAME, OPPOSITE, DIFFERENT)

AUXILIARIES = re.compile(
    r"\b(is|are|was|were|will|can|could|would|should|has|have|had|does|did|do)\b(?! not\b)"
)
# A contraction or "not" after an auxiliary, and what taking it out leaves.
NEGATED = re.compile(
    r"\b(isn't|aren't|wasn't|weren't|won't|can't|couldn't|wouldn't|shouldn't|hasn't|haven't|"
    r"hadn't|doesn't|didn't|don't)\b|\b(is|are|was|were|will|can|could|would|should|has|have|"
    r"had|does|did|do) not\b",
    re.I,
)
_UNCONTRACT = {"won't": "will", "can't": "can"}
_SWAP = {a: b for a, b in SWAPS} | {b: a for a, b in SWAPS}


def alternation(words) -> re.Pattern:
    """Any of `words` as a whole word, the longest first (so a phrase beats its first word)."""
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len)[::-1]) + r")\b")


_SWAP_RE = alternation(_SWAP)
_NUM = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")


def negate(text: str, rng: random.Random) -> str | None:
    """Take a negation out if there is one, else put "not" after the first auxiliary."""
    found = NEGATED.search(text)
    if found:
        if found[1]:
            word = found[1].lower()
            plain = _UNCONTRACT.get(word, word[:-3])
            return text[: found.start()] + plain + text[found.end() :]
        return text[: found.start()] + found[2] + text[found.end() :]
    found = AUXILIARIES.search(text)
    if found:
        return text[: found.end()] + " not" + text[found.end() :]
    return None


def antonym(text: str, rng: random.Random) -> str | None:
    found = [m for m in _SWAP_RE.finditer(text)]
    if not found:
        return None
    m = rng.choice(found)
    return text[: m.start()] + _SWAP[m[1]] + text[m.end() :]


def _number(text: str, rng: random.Random) -> tuple[str, str] | None:
    found = list(_NUM.finditer(text))
    if not found:
        return None
    m = rng.choice(found)
    raw = m[1].replace(",", "")
    value = float(raw)
    if 1900 <= value <= 2030 and raw.isdigit():
        new = str(int(value) + rng.choice([-12, -8, -5, -3, 3, 5, 8, 12]))
        return text[: m.start()] + new + text[m.end() :], "date"
    factor = rng.choice([0.1, 0.25, 0.5, 2, 3, 10])
    new_value = value * factor
    if new_value == value or new_value == 0:
        new_value = value + rng.choice([7, 13, 40])
    new = f"{new_value:,.0f}" if "," in m[1] else _plain(new_value, "." in raw)
    return text[: m.start()] + new + text[m.end() :], "number"


def _plain(value: float, decimal: bool) -> str:
    return f"{value:.1f}" if decimal and value != int(value) else str(round(value))


def _month(text: str, rng: random.Random) -> str | None:
    found = [w for w in MONTHS if re.search(rf"\b{w}\b", text)]
    if not found:
        return None
    old = rng.choice(found)
    new = rng.choice([m for m in MONTHS if m != old])
    return re.sub(rf"\b{old}\b", new, text, count=1)


def _swap_name(text: str, names: list[str], rng: random.Random) -> str | None:
    found = [w for w in names if re.search(rf"\b{w}\b", text)]
    if not found:
        return None
    old = rng.choice(found)
    new = rng.choice([w for w in names if w != old and w not in found])
    return re.sub(rf"\b{old}\b", new, text, count=1)


def opposites(text: str, rng: random.Random) -> list[tuple[str, str]]:
    """Every kind of edit this claim allows, one of each: (edited text, kind)."""
    out = []
    for kind, edit in (("negation", negate), ("antonym", antonym), ("month", _month)):
        new = edit(text, rng)
        if new and new != text:
            out.append((new, "date" if kind == "month" else kind))
    swapped = _number(text, rng)
    if swapped and swapped[0] != text:
        out.append(swapped)
    for kind, names in (("place", PLACES), ("person", PEOPLE)):
        new = _swap_name(text, names, rng)
        if new:
            out.append((new, kind))
    return out


_SYNONYM = {a: b for a, b in SYNONYMS if a != b} | {b: a for a, b in SYNONYMS if a != b}
_SYN_RE = alternation(_SYNONYM)


def restate(text: str, rng: random.Random) -> str | None:
    """The same claim in slightly other words: quotes and "Says" dropped, a synonym, a clause."""
    new = strip_says(text).replace('"', "").replace("“", "").replace("”", "")
    found = list(_SYN_RE.finditer(new))
    if found:
        m = rng.choice(found)
        new = new[: m.start()] + _SYNONYM[m[1]] + new[m.end() :]
    if rng.random() < 0.3 and ", " in new:
        head, tail = new.split(", ", 1)
        new = f"{tail.rstrip('.')}, {head[0].lower() + head[1:]}." if rng.random() < 0.5 else new
    if rng.random() < 0.3:
        lead = rng.choice(["It is claimed that ", "They say ", "Apparently, "])
        new = lead + new[0].lower() + new[1:]
    return new if new != text else None


def group_of(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def split_of(group: str) -> str:
    """train / dev / test (80 / 10 / 10) by the group's hash: stable across runs and sources."""
    bucket = int(hashlib.sha1(group.encode()).hexdigest()[:8], 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def strip_says(text: str) -> str:
    return re.sub(r"^Says\s+", "", text.strip())


def politifact() -> dict[str, str]:
    path = CHECKTHAT / "ct2021_2022_task2b_en" / "politifact_vclaims.jsonl"
    with open(path) as fh:
        return {d["vclaim_id"]: d["vclaim"] for d in map(json.loads, fh)}


def snopes() -> dict[str, str]:
    with open(CHECKTHAT / "ct2020_task2_en" / "verified_claims.docs.tsv", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))[1:]
    return {r[0]: r[1] for r in rows if len(r) > 1}


def liar() -> list[str]:
    texts = []
    for name in ("train.tsv", "valid.tsv"):
        with open(LIAR / name, newline="") as fh:
            texts += [r[2] for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return texts


def _queries(path: Path, skip_header: bool) -> dict[str, str]:
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {r[0]: r[1] for r in rows[skip_header:] if len(r) > 1}


def _qrels(path: Path) -> list[tuple[str, str]]:
    with open(path) as fh:
        return [(p[0], p[2]) for p in (line.split() for line in fh) if len(p) >= 3]


def same_pairs() -> list[tuple[str, str]]:
    """(query, claim) from the qrels: the same claim in a debate line or tweet.

    2B dev stays out: bench/verdicts.py measures verdicts on it.
    """
    pf, sn = politifact(), snopes()
    pairs = []
    task = CHECKTHAT / "ct2021_2022_task2b_en"
    texts = _queries(task / "train.queries.tsv", False)
    pairs += [(texts[q], pf[v]) for q, v in _qrels(task / "train.qrels.tsv") if q in texts]
    old = CHECKTHAT / "ct2020_task2_en"
    for split in ("train", "dev"):
        texts = _queries(old / f"{split}.tweets.queries.tsv", True)
        qrels = _qrels(old / f"{split}.tweet-vclaim-pairs.qrels")
        pairs += [(texts[q], sn[v]) for q, v in qrels if q in texts and v in sn]
    return pairs


def claim_pool() -> list[str]:
    """The claims pairs are made from: PolitiFact's (no "Says"), LIAR's and Snopes', once each."""
    pool = [strip_says(t) for t in politifact().values()] + liar() + list(snopes().values())
    return list(dict.fromkeys(t for t in pool if 20 <= len(t) <= 300))


def pair(claim: str, other: str, relation: str, kind: str, group: str) -> dict:
    """One generated pair as a dict, in its group's split."""
    return {"claim": claim, "other": other, "relation": relation, "kind": kind,
            "group": group, "split": split_of(group)}  # fmt: skip


def generate(seed: int = 17, per_source: int = 6000, excluded: set[str] = frozenset()) -> list:
    """All pairs as dicts (claim, other, relation, kind, group, split); `excluded` groups (the
    probes' claims) are left out so the probes stay unseen."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.neighbors import NearestNeighbors

    rng = random.Random(seed)
    pairs = []

    def add(claim, other, relation, kind, group):
        if group not in excluded and claim.strip() and other.strip():
            pairs.append(pair(claim, other, relation, kind, group))

    for query, claim in same_pairs():
        add(query, claim, SAME, "qrels", group_of(claim))
    pool = claim_pool()
    chosen = rng.sample(pool, min(len(pool), 3 * per_source))
    for text in chosen[: 2 * per_source]:
        edits = opposites(text, rng)
        if edits:
            new, kind = rng.choice(edits)
            # Either side may be the original: a claim and its negation, or the other way.
            if rng.random() < 0.5:
                add(text, new, OPPOSITE, kind, group_of(text))
            else:
                add(new, text, OPPOSITE, kind, group_of(text))
    for text in chosen[2 * per_source :]:
        new = restate(text, rng)
        if new:
            add(text, new, SAME, "restated", group_of(text))
    # Neighbours on the same topic (shared rare words) that assert something else.
    tfidf = TfidfVectorizer(stop_words="english", min_df=2).fit(pool)
    matrix = tfidf.transform(pool)
    index = NearestNeighbors(n_neighbors=6, metric="cosine").fit(matrix)
    sample = rng.sample(range(len(pool)), min(len(pool), per_source))
    distances, neighbours = index.kneighbors(matrix[sample])
    for i, row, dist in zip(sample, neighbours, distances, strict=True):
        near = [j for j, d in zip(row, dist, strict=True) if j != i and 0.3 < 1 - d < 0.6]
        if near:
            add(pool[i], pool[rng.choice(near)], DIFFERENT, "neighbour", group_of(pool[i]))
    return pairs
