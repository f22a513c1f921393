"""Turn texts into normalized sentence vectors, offline, behind one small interface."""

from __future__ import annotations

import functools
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import numpy as np

# Re-exported: callers name the model and its errors through the embedder module.
from index.models import DEFAULT_MODEL, ModelNotFound, resolve_model  # noqa: F401


class Embedder(Protocol):
    """What the index needs of a model: a name, a dimension, and unit vectors for texts."""

    name: str
    dim: int

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray: ...


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


RUNTIMES = ("auto", "onnx", "torch")


@functools.cache
def load_embedder(
    name: str | None = None,
    *,
    runtime: str = "torch",
    onnx_dir: Path | None = None,
    threads: int = 1,
    int8: bool = False,
) -> Embedder:
    """Load the configured model, once per process: on onnxruntime from its export, else torch.

    `runtime` "auto" takes the ONNX export when `onnx_dir` holds one and falls back to torch;
    "onnx" insists on the export; "torch" is the reference.
    """
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown embedder runtime {runtime!r}; choose one of {RUNTIMES}")
    if runtime != "torch" and onnx_dir is not None:
        from index.onnx_embed import OnnxEmbedder, exported

        if runtime == "onnx" or exported(onnx_dir):
            embedder = OnnxEmbedder(onnx_dir, threads=threads, int8=int8)
            expected, _ = resolve_model(name)
            if embedder.name != expected:
                raise ModelNotFound(
                    f"{onnx_dir} is an export of {embedder.name!r}, not of the configured "
                    f"{expected!r}; re-run `veracity model export`"
                )
            return embedder
    elif runtime == "onnx":
        raise ModelNotFound("the onnx runtime needs the directory of an export (onnx_dir)")
    _torch_threads(threads)
    return SentenceTransformerEmbedder(name)


def _torch_threads(threads: int) -> None:
    import torch

    torch.set_num_threads(max(1, int(threads)))


# A batch of queries is encoded in length-sorted runs of this many: on one CPU thread, ten
# reader sentences padded to the longest cost 25-40% more than one by one (docs/benchmarks.md,
# "Batch"); runs of up to 5 cost no more than one by one.
QUERY_BATCH = 4


class QueryCache:
    """An LRU of query vectors: a page re-checks the same highlight, and encoding is the cost."""

    def __init__(self, embedder: Embedder, size: int = 1024):
        self.embedder = embedder
        self.size = max(0, int(size))
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def encode_one(self, text: str) -> np.ndarray:
        """Return the (1, dim) vector of one text, from the cache when it was seen lately."""
        if not self.size:
            return self.embedder.encode([text])
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                self.hits += 1
                return vector
        with self._lock:
            self.misses += 1
        return self.put(text, self.embedder.encode([text]))

    def encode_many(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Return the (1, dim) vector of each distinct text: the cached ones as they are, the
        rest from ONE batched encode (a paragraph's sentences cost one model call, not n)."""
        wanted = list(dict.fromkeys(texts))
        vectors: dict[str, np.ndarray] = {}
        if self.size:
            with self._lock:
                for text in wanted:
                    if (vector := self._vectors.get(text)) is not None:
                        self._vectors.move_to_end(text)
                        vectors[text] = vector
                self.hits += len(vectors)
                self.misses += len(wanted) - len(vectors)
        missing = [text for text in wanted if text not in vectors]
        if missing:
            encoded = self.embedder.encode(missing, batch_size=QUERY_BATCH)
            for row, text in enumerate(missing):
                vector = np.ascontiguousarray(encoded[row : row + 1])
                vectors[text] = self.put(text, vector) if self.size else vector
        return vectors

    def put(self, text: str, vector: np.ndarray) -> np.ndarray:
        """Remember the vector of a text (dropping the least recently used beyond `size`)."""
        vector.setflags(write=False)
        with self._lock:
            self._vectors[text] = vector
            self._vectors.move_to_end(text)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vector
