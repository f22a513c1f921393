"""The cross-encoder's training loop: length-bucketed batches, AdamW, warm-up then linear decay.

cross_fit.py decides what is learned (pairs, teacher or student); this decides how. A run can
be only some of the EPOCHS (`epochs`): the others' shuffles are drawn and their share of the
learning-rate schedule passed over, so a second epoch alone from an epoch-1 checkpoint sees the
order and rates a whole run would (folds.py's fold teachers; AdamW's moments start afresh).
"""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

from service.judgement import cross, judge

BATCH = 32
EPOCHS = 2
LR = 6e-5
WARMUP = 0.06
SEED = 17
DISTIL_WEIGHT = 0.5
TEMPERATURE = 2.0


def batches(encoded: list, rng: random.Random) -> list[list]:
    """Length-bucketed batches (less padding), in shuffled order."""
    order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), rng.random()))
    chunks = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
    rng.shuffle(chunks)
    return chunks


def rate(step: int, steps: int) -> float:
    """The learning rate's share at `step` of `steps`: linear warm-up, then linear decay."""
    warm = int(WARMUP * steps)
    return step / max(1, warm) if step < warm else (steps - step) / max(1, steps - warm)


def fit(
    model,
    tokenizer,
    data: list,
    soft=None,
    checkpoint: Path | None = None,
    epochs: range = range(EPOCHS),
) -> int:
    """`epochs` of the EPOCHS of AdamW over length-bucketed batches; returns the steps taken.
    With `soft` (teacher probabilities, one row per pair) the loss is DISTIL_WEIGHT of the KL
    to them and the rest cross-entropy; `checkpoint` gets the model after the first epoch."""
    import torch
    import torch.nn.functional as F

    rng = random.Random(SEED)
    enc = tokenizer(
        [p[0] for p in data], [p[1] for p in data], truncation=True, max_length=cross.MAX_LENGTH
    )
    encoded = [
        (enc["input_ids"][i], enc["token_type_ids"][i], judge.RELATIONS.index(p[2]))
        for i, p in enumerate(data)
    ]
    per_epoch = math.ceil(len(encoded) / BATCH)
    steps = EPOCHS * per_epoch
    skipped = epochs.start * per_epoch
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: rate(s + skipped, steps))
    started, step = time.time(), 0
    model.train()
    for epoch in range(EPOCHS):
        order = batches(encoded, rng)
        if epoch not in epochs:
            continue
        for chunk in order:
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
            logits = model(input_ids=ids, attention_mask=mask, token_type_ids=types).logits
            loss = F.cross_entropy(logits, labels)
            if soft is not None:
                target = torch.tensor(soft[chunk], dtype=torch.float32)
                kl = F.kl_div(
                    F.log_softmax(logits / TEMPERATURE, dim=1), target, reduction="batchmean"
                )
                loss = (1 - DISTIL_WEIGHT) * loss + DISTIL_WEIGHT * kl * TEMPERATURE**2
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                print(
                    f"epoch {epoch + 1} step {skipped + step}/{steps} loss {loss.item():.3f} "
                    f"{time.time() - started:.0f}s",
                    flush=True,
                )
        if epoch == 0 and EPOCHS > 1 and checkpoint is not None:
            model.save_pretrained(checkpoint)
            tokenizer.save_pretrained(checkpoint)
    model.eval()
    return step
