"""Train the cross-encoder claim-pair judge (service/judgement/cross) from ../shared.

Two steps. The teacher: the packaged 6-layer MiniLM with a new 3-way head (same / opposite /
different), fine-tuned on every pair, written to data/cross-teacher (not shipped). The
student, which ships: STUDENT_LAYERS of the teacher's epoch-1 checkpoint, trained on the
same pairs against the gold label and the teacher's probabilities together (half each), so it
judges nearly as well at half the cost per pair. Pairs: the generated contrast pairs' train
split as the service meets them (judge_fit.served; the probes' claims left out), the real
same-claim pairs (qrels) three times over, and up to CROSS_PER_SOURCE pairs of every stance
set's training split. Output: an int8 ONNX model and its tokenizer, written file by file into
the package, plus training.json.

    python -m service.training.cross_fit             # teacher, then student (shipped)
    python -m service.training.cross_fit --student   # the student from an existing teacher
    python -m service.training.cross_fit --holdout   # a teacher that never saw the 2B train lines
    python -m service.training.cross_fit --student --ffn 768 --out DIR  # narrower (item 34)
    python -m service.training.cross_fit --near-opposites --student --opposites-extra 2 --out DIR
        # items tried since, each a flag: --synonyms (63), --near-opposites (64), the student
        # alone --opposites-extra N (65), --written-extra N (66), --more-rewordings (68)

service/training/folds.py trains two more students (or, `--teachers`, teachers) from the
holdout teacher's checkpoint, for the calibration (not shipped); cross_train.py is the loop.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from pathlib import Path

from service.judgement import cross, judge
from service.training import (
    contrast,
    cross_export,
    judge_fit,
    near_copies,
    stance_sets,
    written,
)
from service.training.cross_train import BATCH, EPOCHS, LR, SEED, TEMPERATURE, fit

CROSS_PER_SOURCE = 3000
# The real same-claim pairs (a tweet or debate line and the claim it was matched to) are the
# fewest and the most like what the service judges; the head weighs them 3x too.
QRELS_REPEAT = 3
# The hand-written pairs (written.py) go in twice over (docs/judge-log.md, item 47);
# --without-written leaves them out, as every judge before item 47 was trained.
WRITTEN_REPEAT = 2
CHECKPOINT = judge_fit.PROJECT / "data" / "cross-epoch1"
TEACHER_DIR = judge_fit.PROJECT / "data" / "cross-teacher"
# Not shipped: bench/judge_spread.py compares it with the packaged judge (docs/judge-log.md, 15).
HOLDOUT_DIR = judge_fit.PROJECT / "data" / "cross-holdout"
HOLDOUT_CHECKPOINT = judge_fit.PROJECT / "data" / "cross-holdout-epoch1"
# Every other layer of six: the per-pair cost halves (docs/judge-log.md has the latency).
STUDENT_LAYERS = (0, 2, 4)


def pairs(
    with_written: bool = True,
    with_synonyms: bool = False,
    near_opposites: bool = False,
    more_rewordings: bool = False,
) -> list[tuple[str, str, str, str]]:
    """(claim, other, relation, source) training pairs, deterministic."""
    rng = random.Random(SEED)
    out = []
    for p in judge_fit.generated():
        if p["split"] != "train":
            continue
        claim, other, relation, source = judge_fit.served(p)[:4]
        out += [(claim, other, relation, source)] * (QRELS_REPEAT if source == "qrels" else 1)
    if with_synonyms or near_opposites:  # near copies (docs/judge-log.md, items 63 and 64)
        near = near_copies.reworded_pairs(
            excluded=judge_fit.probe_groups(), opposites=near_opposites
        )
        out += [(*judge_fit.served(p)[:3], p["kind"]) for p in near if p["split"] == "train"]
    if with_written:  # its train split only: the test split measures the judge (written.py)
        out += [p for p in written.pairs(part="train") for _ in range(WRITTEN_REPEAT)]
    if more_rewordings:  # item 68: all train claims, none in the test split
        found = written.pairs(written.MORE_REWORDINGS, part="train")
        out += [(*p[:3], "written_rewording") for p in found for _ in range(WRITTEN_REPEAT)]
    for name, load in stance_sets.SETS.items():
        rows = load("train")
        if len(rows) > CROSS_PER_SOURCE:
            rows = rng.sample(rows, CROSS_PER_SOURCE)
        out += [(a, b, relation, name) for a, b, relation in rows]
    return out


def train_lines() -> dict[str, str]:
    """The CheckThat! 2B train lines: query id -> sentence."""
    return contrast._queries(
        contrast.CHECKTHAT / "ct2021_2022_task2b_en" / "train.queries.tsv", False
    )


def without_lines(data: list, lines: set[str]) -> list[int]:
    """Indices of the pairs that are not a (line, fact-checked claim) pair of one of `lines`."""
    return [i for i, p in enumerate(data) if not (p[3] == "qrels" and p[0] in lines)]


def without_2b_train(data: list) -> list:
    """The pairs less the CheckThat! 2B train lines' own (line, fact-checked claim) pairs."""
    return [data[i] for i in without_lines(data, set(train_lines().values()))]


def teacher(
    data: list,
    out: Path = TEACHER_DIR,
    checkpoint: Path | None = CHECKPOINT,
    init: Path | None = None,
    epochs: range = range(EPOCHS),
) -> None:
    """The 6-layer teacher from the packaged MiniLM (or from a checkpoint, `init`, to run only
    later `epochs`), exported to `out`."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from index.models import resolve_model

    path = init or resolve_model(None)[1]
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=len(judge.RELATIONS)
    )
    started = time.time()
    steps = fit(model, tokenizer, data, checkpoint=checkpoint, epochs=epochs)
    cross_export.export(model, tokenizer, out)
    card(data, out, steps, started, model.config.num_hidden_layers, None, init=init)


def softened(data: list, taught: int | None = None):
    """The teacher's probabilities at TEMPERATURE for every pair (its int8 ONNX model); the
    teacher must have learned `taught` pairs (all of `data` by default)."""
    import numpy as np

    # Runs with and --without-written share TEACHER_DIR: never distil from the other's teacher.
    learned = json.loads((TEACHER_DIR / "training.json").read_text())["pairs"]
    taught = len(data) if taught is None else taught
    if learned != taught:
        raise SystemExit(
            f"{TEACHER_DIR} learned {learned} pairs, not {taught}: check --without-written"
        )
    reader = cross.CrossJudge(TEACHER_DIR)
    pairs = [(p[0], p[1]) for p in data]
    chunks = [pairs[i : i + 64] for i in range(0, len(pairs), 64)]
    return np.concatenate([reader.pair_probabilities(c, TEMPERATURE) for c in chunks])


def student(
    data: list,
    layers=STUDENT_LAYERS,
    out: Path = cross.ARTIFACT_DIR,
    init: Path = CHECKPOINT,
    soft=None,
    ffn: int | None = None,
    taught: int | None = None,
) -> None:
    """`layers` of a teacher's epoch-1 checkpoint (`init`), distilled from the teacher's
    probabilities (`soft`, else computed; the teacher learned the first `taught` pairs of
    `data`); exported to `out`, the package by default."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    started = time.time()
    if soft is None:
        soft = softened(data, taught)
        took = time.time() - started
        print(f"teacher probabilities for {len(data)} pairs: {took:.0f}s", flush=True)
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = AutoModelForSequenceClassification.from_pretrained(init)
    kept = torch.nn.ModuleList(model.bert.encoder.layer[i] for i in layers)
    model.bert.encoder.layer = kept
    model.config.num_hidden_layers = len(kept)
    if ffn:
        cross_export.pruned(model, ffn)
    steps = fit(model, tokenizer, data, soft=soft)
    cross_export.export(model, tokenizer, out)
    card(data, out, steps, started, layers=len(kept), teacher="data/cross-teacher", ffn=ffn)


def card(
    data: list,
    directory: Path,
    steps: int,
    started: float,
    layers: int,
    teacher: str | None,
    ffn: int | None = None,
    init: Path | None = None,
) -> None:
    record = {
        "pairs": len(data),
        "by_source": dict(sorted(Counter(p[3] for p in data).items())),
        "by_relation": dict(sorted(Counter(p[2] for p in data).items())),
        "layers": layers,
        **({"feed_forward_units": ffn} if ffn else {}),
        "distilled_from": teacher,
        "epochs": EPOCHS,
        "batch": BATCH,
        "learning_rate": LR,
        "max_length": cross.MAX_LENGTH,
        "steps": steps,
        **({"started_from": init.name} if init else {}),
        "seconds": round(time.time() - started),
    }
    (directory / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    print(json.dumps(record, indent=2), flush=True)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", action="store_true", help="only the student step")
    parser.add_argument("--holdout", action="store_true", help="only a teacher without 2B train")
    parser.add_argument("--layers", help="the teacher layers the student keeps, e.g. 0,3")
    parser.add_argument("--out", type=Path, default=cross.ARTIFACT_DIR, help="student export")
    parser.add_argument("--without-written", action="store_true", help="no hand-written pairs")
    parser.add_argument("--ffn", type=int, help="feed-forward units the student keeps per layer")
    parser.add_argument("--synonyms", action="store_true", help="near copies as same (item 63)")
    parser.add_argument(
        "--near-opposites", action="store_true", help="and near copies edited (item 64)"
    )
    parser.add_argument("--opposites-extra", type=int, default=0, help="item 65: written.py")
    parser.add_argument("--written-extra", type=int, default=0, help="item 66: written.py")
    parser.add_argument("--more-rewordings", action="store_true", help="item 68: written.py")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    data = pairs(not args.without_written, args.synonyms, args.near_opposites, args.more_rewordings)
    print("training pairs:", len(data), dict(Counter(p[3] for p in data)), flush=True)
    if args.holdout:
        teacher(without_2b_train(data), HOLDOUT_DIR, checkpoint=HOLDOUT_CHECKPOINT)
        return
    if not args.student:
        teacher(data)
    torch.manual_seed(SEED)
    layers = tuple(int(k) for k in args.layers.split(",")) if args.layers else STUDENT_LAYERS
    extra = written.opposites(args.opposites_extra) + written.again(args.written_extra)
    student(data + extra, layers, args.out, ffn=args.ffn, taught=len(data))


if __name__ == "__main__":
    main()
