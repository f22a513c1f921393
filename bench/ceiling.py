"""Ceiling benchmark: the verdicts a cross-encoder that never errs would give under today's rules.

`bench.contrast` measures the shipped judge. This one sends the same cases through
Engine.check with the cross-encoder replaced by a reference reader that knows each case's
answer, so the gap between the shipped row and a reference row is what a better judge can
win, and what the reference rows still miss belongs to retrieval and the verdict rules.

- `target`: the pair (case, its own fact-check) read by the case's relation (a paraphrase
  *same*, an opposite *opposite*, another claim *different*), every other pair as the
  shipped judge reads it;
- `every`: every pair the cross-encoder is asked about read by the case's relation where the
  fact-check is the case's claim (the same claim group, contrast.group_of) and *different*
  otherwise. A twin fact-check of the same claim worded otherwise counts as different, so
  this is what a judge right on every pair gives where no claim was checked twice.

Each reading is sure (probability 1), at the shipped CROSS_DEPTH and at CROSS_DEPTH 3, with
the shipped CALIBRATION and CONFIDENT; the vector head, the stance rules and everything else
run as shipped. Cases: the probes, the dev probes, the blind dev probes, the written test
split and the generated test split of `bench.contrast` (not the written train split, which
the shipped judge learned). Written into the "ceiling" section of docs/benchmarks.md.

    python -m bench.ceiling     # after `python -m bench.verdicts --build-only`; ~7 min
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import Future
from unittest import mock

import numpy as np

from bench.contrast import run_verdicts, share, verdict_cases
from bench.report import table, write_section
from service.judgement import cross, judge
from service.training import contrast, judge_fit, written

RELATION = {**written.KINDS, "paraphrase": judge.SAME, "opposite": judge.OPPOSITE}


def sure(relation: str) -> judge.Judgement:
    """A reading of `relation` with probability 1."""
    row = np.zeros((1, len(judge.RELATIONS)), dtype=np.float32)
    row[0, judge.RELATIONS.index(relation)] = 1.0
    return cross.judgements(row)[0]


class Reference:
    """The cross-encoder's stand-in: the shipped reader, except on the pairs whose answer
    the case being looked up gives (`target` (text, relation) is set per case)."""

    def __init__(self, reader, every: bool):
        self.reader, self.every = reader, every
        self.target: tuple[str, str] | None = None

    def answer(self, other: str) -> judge.Judgement | None:
        text, relation = self.target
        if other == text:
            return sure(relation)
        if not self.every:
            return None
        same_claim = contrast.group_of(other) == contrast.group_of(text)
        return sure(relation if same_claim else judge.DIFFERENT)

    def judge_many(self, claim: str, others: list[str]) -> list[judge.Judgement]:
        read = self.reader.judge_many(claim, others)
        return [self.answer(o) or r for o, r in zip(others, read, strict=True)]

    def start(self, executor, claim: str, others: list[str]) -> Future:
        done: Future = Future()
        done.set_result(self.judge_many(claim, others))
        return done


def run(cases, reader, depth: int | None = None) -> dict[str, Counter]:
    """bench.contrast's verdict counts, the default judge (`cross`) with `reader` (the shipped
    CrossJudge or a Reference, told each case's answer) as the cross-encoder."""
    claims, known = contrast.politifact(), judge_fit.stored_texts()

    def aim(query: str, target: str, kind: str) -> None:
        if isinstance(reader, Reference):
            claim = claims[target]
            text = known.get(contrast.group_of(claim), (claim,))[0]
            reader.target = (text, RELATION[kind.split()[-1]])

    overrides = {"CROSS_DEPTH": depth} if depth is not None else {}
    with mock.patch.object(cross, "load", lambda directory=None: reader):
        return run_verdicts(cases, "cross", overrides, before=aim)


def main() -> None:
    shipped = cross.CrossJudge()
    generated = [p for p in judge_fit.generated() if p["split"] == "test"]
    cases = [c for c in verdict_cases(generated) if "written train" not in c[2]]
    runs = {
        "shipped judge": run(cases, shipped),
        "target pair right": run(cases, Reference(shipped, every=False)),
        "every pair right": run(cases, Reference(shipped, every=True)),
        "every pair right, depth 3": run(cases, Reference(shipped, every=True), depth=3),
    }
    rows = []
    for kind in sorted({k for _, _, k in cases}):
        same = RELATION[kind.split()[-1]] == judge.SAME
        for name, counts in runs.items():
            c = counts.get(kind, Counter())
            cells = [share(c, "right"), share(c, "confident_right")]
            rows.append(
                [kind, name, c["n"], *(cells if same else ["", ""]), *(["", ""] if same else cells)]
            )
    markdown = table(
        [
            "cases",
            "cross-encoder",
            "n",
            "paraphrase: right rating carried",
            "carried, confident",
            "opposite or different: target's rating shown",
            "shown, confident (wrong)",
        ],
        rows,
    )
    print(markdown)
    write_section(
        "ceiling",
        "## Ceiling: the verdicts a judge that never errs would give\n\n"
        "`python -m bench.ceiling` (in `make bench-verdicts`; the module's docstring says how "
        "the reference readers are made). Cases as in the contrast section, less the written "
        "train split; Engine.check on the 19,250 PolitiFact fact-checks, the default judge "
        "(`cross`) with the shipped CALIBRATION and CONFIDENT. *target pair right*: the "
        "case's own fact-check read by the case's relation, sure; *every pair right*: every "
        "pair the cross-encoder reads, the case's claim by its relation and any other "
        "fact-check as a different claim; depth 3: the cross-encoder reads the first three "
        "fact-checks above MATCH_THRESHOLD, not the first (CROSS_DEPTH).\n\n" + markdown,
    )


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
