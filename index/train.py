"""Fine-tune a re-ranker on labelled (query, relevant claims, hard negatives) groups, on CPU.

Two kinds, both starting from the packaged MiniLM weights:
- `bi`: a sentence-transformers bi-encoder tuned with in-batch plus hard negatives
  (multiple-negatives ranking loss); it re-scores candidates by cosine.
- `cross`: a cross-encoder (MiniLM with a fresh one-logit head) tuned with a listwise loss
  over each query's positive and its hard negatives.
"""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

from index.models import resolve_model

KINDS = ("bi", "cross")
# The settings `make bench-quality` measured on CT2020 dev (docs/benchmarks.md).
EPOCHS, NEGATIVES, MAX_LENGTH, BATCH = 2, 3, 96, 32
META_FILE = "veracity-reranker.json"
# A bi model carries its ONNX export here: the re-ranker encodes on onnxruntime, like the service.
ONNX_SUBDIR = "onnx"


@dataclass
class Example:
    """One labelled query: its text, the texts of relevant claims, and hard negatives."""

    query: str
    positives: list[str]
    negatives: list[str]


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def train(
    examples: list[Example],
    out_dir: Path,
    *,
    kind: str = "bi",
    base: str | None = None,
    epochs: int = EPOCHS,
    negatives: int = NEGATIVES,
    batch_size: int = BATCH,
    lr: float = 3e-5,
    max_length: int = MAX_LENGTH,
    train_layers: int = 0,
    seed: int = 13,
    log=print,
) -> dict:
    """Train and write a model directory for VERACITY_RERANKER; return what was done."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    _offline()
    import torch

    random.seed(seed)
    torch.manual_seed(seed)
    examples = [e for e in examples if e.positives and e.query.strip()]
    if not examples:
        raise ValueError("no labelled examples to train on")
    base_name, base_path = resolve_model(base)
    started = time.perf_counter()
    step = _bi_step if kind == "bi" else _cross_step
    model, tokenizer = _load(kind, base_path, max_length)
    _freeze_below(model, train_layers)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    total = epochs * ((len(examples) + batch_size - 1) // batch_size)
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / (total - warmup + 1)))
    )
    model.train()
    done = 0
    for epoch in range(epochs):
        order = examples[:]
        random.shuffle(order)
        for start in range(0, len(order), batch_size):
            batch = [_sample(e, negatives) for e in order[start : start + batch_size]]
            loss = step(model, tokenizer, batch, max_length)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            done += 1
            if done % 20 == 0 or done == total:
                log(f"epoch {epoch + 1} step {done}/{total} loss {loss.item():.4f}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.eval()
    if kind == "bi":
        model.save(str(out_dir))
    else:
        model.save_pretrained(out_dir)
        tokenizer.save_pretrained(out_dir)
    meta = {
        "kind": kind,
        "base": base_name,
        "examples": len(examples),
        "epochs": epochs,
        "negatives": negatives,
        "batch_size": batch_size,
        "lr": lr,
        "max_length": max_length,
        "train_layers": train_layers,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")
    if kind == "bi":
        export_onnx(out_dir)
    return meta


def export_onnx(model_dir: Path) -> Path:
    """Give a trained bi model its ONNX export (once); return the export's directory."""
    from index.onnx_embed import export, exported

    target = Path(model_dir) / ONNX_SUBDIR
    if not exported(target):
        export(str(model_dir), target)
    return target


def _freeze_below(model, train_layers: int) -> None:
    """Train only the top encoder layers (and the head): backward passes get ~2x cheaper on CPU.

    Measured: a full fine-tune step of 16 queries with 3 negatives each costs ~25 CPU-seconds.
    """
    layers = [m for name, m in model.named_modules() if name.endswith("encoder.layer")]
    if not layers or train_layers <= 0:
        return
    stack = layers[0]
    keep = set(range(max(0, len(stack) - train_layers), len(stack)))
    for name, param in model.named_parameters():
        if "embeddings." in name:
            param.requires_grad = False
        for i in range(len(stack)):
            if f"encoder.layer.{i}." in name and i not in keep:
                param.requires_grad = False


def _sample(example: Example, negatives: int) -> tuple[str, str, list[str]]:
    positive = random.choice(example.positives)
    pool = example.negatives[: max(negatives * 3, negatives)]
    chosen = random.sample(pool, min(negatives, len(pool)))
    return example.query, positive, chosen


def _load(kind: str, path: str, max_length: int):
    if kind == "bi":
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(path, device="cpu")
        model.max_seq_length = max_length
        return model, model.tokenizer
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, logging

    logging.set_verbosity_error()  # the fresh classifier head is expected, not a problem
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModelForSequenceClassification.from_pretrained(path, num_labels=1)
    return model, tokenizer


def _bi_step(model, tokenizer, batch, max_length):
    """Multiple-negatives ranking loss: each query against every batch document."""
    import torch

    queries = [q for q, _, _ in batch]
    docs = [p for _, p, _ in batch] + [n for _, _, negs in batch for n in negs]
    prepare = getattr(model, "preprocess", None) or model.tokenize
    q = model(prepare(queries))["sentence_embedding"]
    d = model(prepare(docs))["sentence_embedding"]
    q = torch.nn.functional.normalize(q, dim=-1)
    d = torch.nn.functional.normalize(d, dim=-1)
    scores = q @ d.T * 20.0
    return torch.nn.functional.cross_entropy(scores, torch.arange(len(queries)))


def _cross_step(model, tokenizer, batch, max_length):
    """Listwise softmax loss: the positive must out-score its own hard negatives."""
    import torch

    losses = []
    pairs, groups = [], []
    for query, positive, negs in batch:
        group = [positive, *negs]
        groups.append(len(group))
        pairs += [(query, doc) for doc in group]
    encoded = tokenizer(
        [q for q, _ in pairs],
        [d for _, d in pairs],
        truncation=True,
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )
    logits = model(**encoded).logits.reshape(-1)
    start = 0
    for size in groups:
        group = logits[start : start + size]
        losses.append(-torch.log_softmax(group, dim=0)[0])
        start += size
    return torch.stack(losses).mean()
