"""Train the cross-encoder claim-pair judge (service/judgement/cross) from ../shared.

Start: the packaged MiniLM weights with a new 3-way head (same / opposite / different).
Pairs: the generated contrast pairs' train split as the service meets them (judge_fit.served;
the probes' claims left out), the real same-claim pairs (qrels) three times over, and up to
CROSS_PER_SOURCE pairs of every stance set's training split. Output: an int8 ONNX model and
its tokenizer, written file by file into the package (~23 MB), plus training.json.

    python -m service.training.cross_fit
"""

from __future__ import annotations

import json
import math
import os
import random
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

from service.judgement import cross, judge
from service.training import judge_fit, stance_sets

CROSS_PER_SOURCE = 3000
# The real same-claim pairs (a tweet or debate line and the claim it was matched to) are the
# fewest and the most like what the service judges; the head weighs them 3x too.
QRELS_REPEAT = 3
BATCH = 32
EPOCHS = 2
LR = 6e-5
WARMUP = 0.06
SEED = 17
CHECKPOINT = judge_fit.PROJECT / "data" / "cross-epoch1"


def pairs() -> list[tuple[str, str, str, str]]:
    """(claim, other, relation, source) training pairs, deterministic."""
    rng = random.Random(SEED)
    out = []
    for p in judge_fit.generated():
        if p["split"] != "train":
            continue
        claim, other, relation, source = judge_fit.served(p)[:4]
        out += [(claim, other, relation, source)] * (QRELS_REPEAT if source == "qrels" else 1)
    for name, load in stance_sets.SETS.items():
        rows = load("train")
        if len(rows) > CROSS_PER_SOURCE:
            rows = rng.sample(rows, CROSS_PER_SOURCE)
        out += [(a, b, relation, name) for a, b, relation in rows]
    return out


def batches(encoded: list, rng: random.Random) -> list[list]:
    """Length-bucketed batches (less padding), in shuffled order."""
    order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), rng.random()))
    chunks = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
    rng.shuffle(chunks)
    return chunks


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from index.models import resolve_model

    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    data = pairs()
    counts = Counter(p[3] for p in data)
    relations = Counter(p[2] for p in data)
    print("training pairs:", len(data), dict(counts), dict(relations), flush=True)
    _, path = resolve_model(None)
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=len(judge.RELATIONS)
    )
    enc = tokenizer(
        [p[0] for p in data], [p[1] for p in data], truncation=True, max_length=cross.MAX_LENGTH
    )
    encoded = [
        (enc["input_ids"][i], enc["token_type_ids"][i], judge.RELATIONS.index(p[2]))
        for i, p in enumerate(data)
    ]
    steps = EPOCHS * math.ceil(len(encoded) / BATCH)
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    warm = int(WARMUP * steps)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: s / max(1, warm) if s < warm else (steps - s) / max(1, steps - warm)
    )
    started, step = time.time(), 0
    model.train()
    for epoch in range(EPOCHS):
        for chunk in batches(encoded, rng):
            width = max(len(encoded[i][0]) for i in chunk)
            ids = torch.zeros((len(chunk), width), dtype=torch.long)
            types = torch.zeros_like(ids)
            mask = torch.zeros_like(ids)
            for row, i in enumerate(chunk):
                n = len(encoded[i][0])
                ids[row, :n] = torch.tensor(encoded[i][0])
                types[row, :n] = torch.tensor(encoded[i][1])
                mask[row, :n] = 1
            labels = torch.tensor([encoded[i][2] for i in chunk])
            loss = model(
                input_ids=ids, attention_mask=mask, token_type_ids=types, labels=labels
            ).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                print(
                    f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} "
                    f"{time.time() - started:.0f}s",
                    flush=True,
                )
        if epoch == 0 and EPOCHS > 1:
            model.save_pretrained(CHECKPOINT)
            tokenizer.save_pretrained(CHECKPOINT)
    export(model.eval(), tokenizer)
    card = {
        "pairs": len(data),
        "by_source": dict(sorted(counts.items())),
        "by_relation": dict(sorted(relations.items())),
        "epochs": EPOCHS,
        "batch": BATCH,
        "learning_rate": LR,
        "max_length": cross.MAX_LENGTH,
        "steps": steps,
        "seconds": round(time.time() - started),
    }
    (cross.ARTIFACT_DIR / "training.json").write_text(json.dumps(card, indent=2) + "\n")
    print(json.dumps(card, indent=2))


def export(model, tokenizer) -> None:
    """ONNX, int8 weights, the tokenizer: each file replaced whole in the package folder."""
    import torch

    from index.onnx_embed import quantize_int8

    sample = tokenizer(["a claim"], ["another claim"], return_tensors="pt")
    names = list(cross.INPUTS)
    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                model,
                tuple(sample[n] for n in names),
                str(tmp / "model.onnx"),
                input_names=names,
                output_names=["logits"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        quantize_int8(tmp / "model.onnx", tmp / cross.MODEL_FILE)
        tokenizer.backend_tokenizer.save(str(tmp / cross.TOKENIZER_FILE))
        for name in (cross.MODEL_FILE, cross.TOKENIZER_FILE):
            staged = cross.ARTIFACT_DIR / f".{name}.tmp"
            staged.write_bytes((tmp / name).read_bytes())
            os.replace(staged, cross.ARTIFACT_DIR / name)
    print(f"wrote {cross.ARTIFACT_DIR / cross.MODEL_FILE}", flush=True)


if __name__ == "__main__":
    main()
