"""The ONNX export serves the same vectors as sentence-transformers, and the runtime choice."""

import numpy as np
import pytest

from index.embed import ModelNotFound, QueryCache, load_embedder
from index.onnx_embed import ExportMissing, OnnxEmbedder, export
from tests.conftest import FIXTURES

SENTENCES = (FIXTURES / "parity_sentences.txt").read_text().splitlines()


@pytest.fixture(scope="session")
def onnx_export(tmp_path_factory):
    directory = tmp_path_factory.mktemp("models") / "minilm-onnx"
    export(None, directory)
    return directory


@pytest.mark.slow
def test_onnx_vectors_match_sentence_transformers(onnx_export, real_embedder):
    onnx = OnnxEmbedder(onnx_export, threads=1)
    expected = real_embedder.encode(SENTENCES)
    # Batched (padded) and one by one: padding must not leak into the pooled vector.
    batched = onnx.encode(SENTENCES, batch_size=64)
    single = np.vstack([onnx.encode([s]) for s in SENTENCES])
    assert onnx.name == real_embedder.name and onnx.dim == real_embedder.dim
    np.testing.assert_allclose(batched, expected, atol=1e-4)
    np.testing.assert_allclose(single, expected, atol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_auto_runtime_prefers_the_export(onnx_export):
    assert isinstance(load_embedder(None, runtime="auto", onnx_dir=onnx_export), OnnxEmbedder)


def test_onnx_runtime_without_an_export_says_how_to_make_one(tmp_path):
    with pytest.raises(ExportMissing, match="veracity model export"):
        load_embedder(None, runtime="onnx", onnx_dir=tmp_path / "none")


@pytest.mark.parametrize("runtime", ["gpu", "", "ONNX"])
def test_unknown_runtime_is_refused(runtime):
    with pytest.raises(ValueError, match="unknown embedder runtime"):
        load_embedder(None, runtime=runtime)


def test_onnx_runtime_needs_a_directory():
    with pytest.raises(ModelNotFound):
        load_embedder(None, runtime="onnx", onnx_dir=None)


class CountingEmbedder:
    name, dim = "counting", 2

    def __init__(self):
        self.calls = 0

    def encode(self, texts, *, batch_size=64):
        self.calls += 1
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_query_cache_encodes_a_repeated_query_once_and_evicts_the_oldest():
    embedder = CountingEmbedder()
    cache = QueryCache(embedder, size=2)
    first = cache.encode_one("a")
    assert cache.encode_one("a") is first
    cache.encode_one("bb")
    cache.encode_one("ccc")  # evicts "a"
    cache.encode_one("a")
    assert embedder.calls == 4
    assert (cache.hits, cache.misses) == (1, 4)


def test_query_cache_of_size_zero_always_encodes():
    embedder = CountingEmbedder()
    cache = QueryCache(embedder, size=0)
    cache.encode_one("a")
    cache.encode_one("a")
    assert embedder.calls == 2
