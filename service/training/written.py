"""Hand-written claim pairs: a paraphrase, an opposite and another claim for PolitiFact claims.

The generated contrast pairs are one-word edits (service/training/contrast.py), and a judge
taught only on them reads free rewordings, and opposites put in other words, as different
claims (docs/judge-log.md, item 23). These pairs were written by hand, three per claim, for
claims drawn from the generated train split (none probed, none a CheckThat! 2B target); 2,400
claims have a fourth, the claim *reworded* through another negation or scale word (item 42),
and 2,394 of those a fifth, that rewording edited into the opposite claim (item 45); the
other 1,397 train claims have both in MORE_REWORDINGS (item 68). The files hold only the
claim's vclaim id and the written texts; the claim comes from ../shared.
`cross_fit` adds the train split (split()) to the judge's pairs: the shipped judge
learned them (docs/judge-log.md, item 47; earlier judges taught them missed their bars, items
23, 26, 40, 41, 44 and 46); the test split is never learned, so it measures any judge.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from service.judgement import frames, judge, negation_forms
from service.training import contrast, judge_fit

WRITTEN = Path(__file__).resolve().parent / "data" / "written_pairs.jsonl"
# A rewording and its edited opposite for the 1,397 train claims of WRITTEN that had none,
# written 2026-12-07 (docs/judge-log.md, item 68). Kept apart because no shipped judge learned
# them: `make stance-model` still makes the shipped one; `cross_fit --more-rewordings` adds them.
MORE_REWORDINGS = WRITTEN.with_name("written_rewordings.jsonl")
KINDS = {
    "paraphrase": judge.SAME,
    "opposite": judge.OPPOSITE,
    "different": judge.DIFFERENT,
    # Some claims have a fourth text: the same claim said through another negation or scale
    # word ("never had a majority" as "always lacked majority support"), which a judge taught
    # the opposites alone reads as the opposite claim (docs/judge-log.md, item 42).
    "reworded": judge.SAME,
    # And the rewording with a few words changed so that it contradicts the claim ("has always
    # lacked majority support" -> "has always had majority support"): without it, a judge
    # taught the rewordings reads them as the same claim too (docs/judge-log.md, item 45).
    "reworded_opposite": judge.OPPOSITE,
}
# One claim in TEST_SHARE is held apart by a hash of its vclaim id, so that a judge trained
# on the rest can still be measured on written pairs it never learned.
TEST_SHARE = 5


def split(row: dict) -> str:
    """The split of a written row, "test" or "train", fixed by its vclaim id."""
    digest = hashlib.sha256(row["vclaim_id"].encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") % TEST_SHARE == 0 else "train"


def rows(path: Path = WRITTEN, part: str | None = None) -> list[dict]:
    """The written rows, all of them or one split's (`part`)."""
    with open(path, encoding="utf-8") as fh:
        out = [json.loads(line) for line in fh if line.strip()]
    return [r for r in out if part is None or split(r) == part]


def texts(row: dict) -> list[tuple[str, str]]:
    """(kind, text) of the written texts a row has, in the order of KINDS."""
    return [(kind, row[kind]) for kind in KINDS if kind in row]


def pairs(
    path: Path = WRITTEN, part: str | None = None, kinds: tuple[str, ...] = tuple(KINDS)
) -> list[tuple[str, str, str, str]]:
    """(query, stored claim, relation, "written") for the texts of `kinds`, the query as the
    cross-encoder reads a reader's claim (frames.unframed, negation_forms.aligned) and the
    claim as the index stores it."""
    claims, stored = contrast.politifact(), judge_fit.stored_texts()
    out = []
    for row in rows(path, part):
        claim = claims[row["vclaim_id"]]
        record = stored.get(contrast.group_of(claim), (claim,))[0]
        for kind, text in texts(row):
            if kind not in kinds:
                continue
            query = negation_forms.aligned(frames.unframed(text), record)
            out.append((query, record, KINDS[kind], "written"))
    return out


def opposites(repeat: int) -> list[tuple[str, str, str, str]]:
    """The train split's opposites and reworded opposites, `repeat` times over, for the student
    alone: opposites put in other words, which near copies teach a judge to read as the same
    claim (docs/judge-log.md, items 64 and 65)."""
    return _again(repeat, ("opposite", "reworded_opposite"), "written_opposite")


def again(repeat: int) -> list[tuple[str, str, str, str]]:
    """The whole train split `repeat` more times over, for the student alone: the hand-written
    pairs weighed against the generated near copies, same and opposite alike (item 66)."""
    return _again(repeat, tuple(KINDS), "written_again")


def _again(repeat: int, kinds: tuple[str, ...], source: str) -> list[tuple[str, str, str, str]]:
    if repeat < 1:  # the default run: no need to read ../shared's claims a second time
        return []
    found = pairs(part="train", kinds=kinds)
    return [(*p[:3], source) for p in found for _ in range(repeat)]
