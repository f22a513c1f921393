"""Two fold students (or teachers) of the cross-encoder, each blind to half the 2B train lines,
to fit the calibration on how the judge reads debate lines it never saw.

The packaged student was trained on every 2B train line's own (line, fact-check) pair, so on
those lines its *same* is surer than on any line a reader sends (docs/judge-log.md, item 17).
Each fold student is trained as the packaged one (cross_fit.student: the same pairs, the same
teacher's probabilities) less one fold's lines, from the epoch-1 checkpoint of the holdout
teacher (`cross_fit --holdout`), which saw no 2B line: the packaged teacher's checkpoint saw
them all. `python -m bench.verdicts --fit` answers each fold with the student blind to it.
With `--teachers` each is instead the teacher's second epoch from that checkpoint, for a
judge that is a teacher (docs/judge-log.md, items 57 and 70); the recipe flags are cross_fit's.
Not shipped; about 40 minutes each on 2 cores (`--fold a|b`: one, to run two side by side).

    python -m service.training.cross_fit --holdout   # first: the checkpoint they start from
    python -m service.training.folds
    # both --without-written for a judge trained without the hand-written pairs
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from service.training import cross_fit, judge_fit

FOLD_SEED = 2026


def folds() -> dict[str, list[str]]:
    """The 2B train query ids in two folds, "a" and "b", of equal size (deterministic)."""
    ids = sorted(cross_fit.train_lines())
    random.Random(FOLD_SEED).shuffle(ids)
    half = len(ids) // 2
    return {"a": ids[:half], "b": ids[half:]}


def blind_to(fold: str) -> Path:
    """Where the student that never saw `fold`'s lines is written."""
    return judge_fit.PROJECT / "data" / f"cross-blind-{fold}"


def kept(data: list, fold: str) -> list[int]:
    """Indices of the training pairs a student blind to `fold` learns from."""
    lines = cross_fit.train_lines()
    return cross_fit.without_lines(data, {lines[q] for q in folds()[fold]})


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without-written", action="store_true", help="no hand-written pairs")
    parser.add_argument("--near-opposites", action="store_true", help="cross_fit's (item 64)")
    parser.add_argument("--more-rewordings", action="store_true", help="cross_fit's (item 68)")
    parser.add_argument("--teachers", action="store_true", help="fold teachers, not students")
    parser.add_argument("--fold", choices=("a", "b"), help="only this fold (one thread)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    if not cross_fit.HOLDOUT_CHECKPOINT.exists():
        raise SystemExit(
            f"{cross_fit.HOLDOUT_CHECKPOINT} is missing: "
            "python -m service.training.cross_fit --holdout writes it"
        )
    torch.set_num_threads(1 if args.fold else 2)
    data = cross_fit.pairs(
        not args.without_written,
        near_opposites=args.near_opposites,
        more_rewordings=args.more_rewordings,
    )
    soft = None if args.teachers else cross_fit.softened(data)
    for fold in [args.fold] if args.fold else folds():
        keep = kept(data, fold)
        print(f"blind to fold {fold}: {len(keep)} of {len(data)} pairs", flush=True)
        torch.manual_seed(cross_fit.SEED)
        if args.teachers:  # the second epoch of the teacher's schedule, as a whole run has it
            second = range(1, cross_fit.EPOCHS)
            begin = cross_fit.HOLDOUT_CHECKPOINT
            cross_fit.teacher(
                [data[i] for i in keep], blind_to(fold), None, init=begin, epochs=second
            )
            continue
        cross_fit.student(
            [data[i] for i in keep],
            out=blind_to(fold),
            init=cross_fit.HOLDOUT_CHECKPOINT,
            soft=soft[keep],
        )


if __name__ == "__main__":
    main()
