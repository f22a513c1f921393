"""Shared fixtures: a fake embedder, a fresh app on a tmp_path index, the real model once."""

import hashlib
import os
import re
from pathlib import Path

import numpy as np
import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


class FakeEmbedder:
    """Hashed bag of words: similar wording gives similar vectors, and no model is loaded."""

    name = "fake-bow"
    dim = 256

    def encode(self, texts, *, batch_size=64):
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                vectors[row, int.from_bytes(digest, "little") % self.dim] += 1.0
            vectors[row] /= max(np.linalg.norm(vectors[row]), 1e-9)
        return vectors


@pytest.fixture
def fake_embedder():
    return FakeEmbedder()


BACKENDS = ("faiss", "milvus")


def pytest_generate_tests(metafunc):
    # The API tests run against both vector backends: the same requests, the same answers.
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module.startswith("test_api") and "vector_backend" in metafunc.fixturenames:
        metafunc.parametrize("vector_backend", BACKENDS, indirect=True)


@pytest.fixture
def vector_backend(request):
    return getattr(request, "param", "faiss")


@pytest.fixture(scope="session")
def milvus_uri(tmp_path_factory):
    """One Milvus Lite for the session (starting one costs ~1 s); tests use own collections.

    MILVUS_TEST_URI=http://host:19530 runs the same tests against a Milvus server instead.
    """
    return os.environ.get("MILVUS_TEST_URI") or str(tmp_path_factory.mktemp("milvus") / "milvus.db")


@pytest.fixture
def milvus_config(request, milvus_uri):
    """Settings for an app on Milvus, in collections no other test uses."""
    name = re.sub(r"\W+", "_", request.node.name)[-60:]
    prefix = f"t{hashlib.blake2b(request.node.nodeid.encode(), digest_size=6).hexdigest()}_{name}"
    yield {"VECTOR_BACKEND": "milvus", "MILVUS_URI": milvus_uri, "MILVUS_COLLECTION": prefix}
    if "://" in milvus_uri:  # a server outlives the session: leave it as it was
        from pymilvus import MilvusClient

        client = MilvusClient(uri=milvus_uri)
        for collection in client.list_collections():
            if collection.startswith(f"{prefix}_"):
                client.drop_collection(collection)


@pytest.fixture
def make_app(request, tmp_path, fake_embedder, vector_backend):
    """Build an app on a fresh data directory; keyword arguments override config."""
    from service.app import create_app

    def build(embedder=None, **config):
        settings = {
            "TESTING": True,
            "DATA_DIR": str(tmp_path / "data"),
            "EMBEDDER": embedder or fake_embedder,
            "API_KEYS": "test-key",
            # The trained judge reads real sentence vectors; the fake embedder's mean nothing.
            "JUDGE": embedder is not None,
        }
        if vector_backend == "milvus":
            settings.update(request.getfixturevalue("milvus_config"))
        settings.update(config)
        return create_app(settings)

    return build


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def real_embedder():
    from index.embed import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs the real data in {SHARED_DATA} (../shared is absent)")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    # Tests configure the app explicitly; a developer's VERACITY_* must not leak in.
    import os

    for key in list(os.environ):
        if key.startswith("VERACITY_"):
            monkeypatch.delenv(key)
