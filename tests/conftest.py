"""Shared fixtures: a fake embedder, a fresh app on a tmp_path index, the real model once."""

import hashlib
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


@pytest.fixture
def make_app(tmp_path, fake_embedder):
    """Build an app on a fresh data directory; keyword arguments override config."""
    from service.app import create_app

    def build(embedder=None, **config):
        settings = {
            "TESTING": True,
            "DATA_DIR": str(tmp_path / "data"),
            "EMBEDDER": embedder or fake_embedder,
            "API_KEYS": "test-key",
        }
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
