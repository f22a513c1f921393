"""The re-ranker: a model trained by `veracity train` that re-scores the fused candidates."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from index.train import META_FILE, ONNX_SUBDIR


class RerankerNotFound(RuntimeError):
    """VERACITY_RERANKER names no directory written by `veracity train`."""


class Reranker:
    """Scores (query, claim) pairs, blended with the first stage's cosine as configured."""

    def __init__(self, path: str | Path, *, cosine_weight: float = 0.0, threads: int = 1):
        path = Path(path).expanduser()
        meta_path = path / META_FILE
        if not meta_path.is_file():
            raise RerankerNotFound(
                f"re-ranker {str(path)!r} has no {META_FILE}; point VERACITY_RERANKER at a "
                "directory written by `veracity train`, or leave it empty to turn re-ranking off"
            )
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        self.meta = json.loads(meta_path.read_text())
        self.kind = self.meta["kind"]
        self.path = path
        self.name = path.name
        self.cosine_weight = cosine_weight
        self.max_length = int(self.meta.get("max_length", 128))
        if self.kind == "bi":
            self.encoder = _bi_encoder(path, self.max_length, threads)
        else:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer

            self.tokenizer = AutoTokenizer.from_pretrained(path)
            self.model = AutoModelForSequenceClassification.from_pretrained(path).eval()

    def relevance(self, query: str, docs: list[str]) -> np.ndarray:
        """The model's own score per document: cosine (bi) or logit (cross)."""
        if not docs:
            return np.zeros(0, dtype=np.float32)
        if self.kind == "bi":
            vectors = self.encoder.encode([query, *docs])
            return vectors[1:] @ vectors[0]
        import torch

        encoded = self.tokenizer(
            [query] * len(docs),
            docs,
            truncation=True,
            max_length=self.max_length,
            padding=True,
            return_tensors="pt",
        )
        with torch.inference_mode():
            return self.model(**encoded).logits.reshape(-1).float().numpy()

    def score(self, query: str, docs: list[str], *, features=None) -> list[float]:
        """Final re-ranking score: the model's relevance plus the weighted first-stage cosine."""
        scores = self.relevance(query, docs)
        if features is not None and self.cosine_weight:
            scores = scores + self.cosine_weight * np.array([h.score for h in features])
        return [float(s) for s in scores]


def _bi_encoder(path: Path, max_length: int, threads: int):
    """The bi model as the service loads any model: its ONNX export when it has one (a text
    encodes ~1.8x faster), else torch."""
    from index.embed import load_embedder
    from index.onnx_embed import OnnxEmbedder

    encoder = load_embedder(str(path), runtime="auto", onnx_dir=path / ONNX_SUBDIR, threads=threads)
    # Score as trained: the model's own limit may be longer than the length it was tuned on.
    if isinstance(encoder, OnnxEmbedder):
        encoder.tokenizer.enable_truncation(max_length)
    else:
        encoder.model.max_seq_length = max_length
    return encoder


def load_reranker(
    path: str | None, *, cosine_weight: float = 0.0, threads: int = 1
) -> Reranker | None:
    """The configured re-ranker, or None when VERACITY_RERANKER is empty (re-ranking off)."""
    if not path or not str(path).strip():
        return None
    return Reranker(str(path).strip(), cosine_weight=cosine_weight, threads=threads)
