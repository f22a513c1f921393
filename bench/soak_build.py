"""The soak's data dir (`python -m bench.soak build`): the real collections, padded to size.

Synthetic rows reuse real vectors with a little noise (cosine ~0.9 to their source), so the
index has the size and the neighbourhood structure of real text without embedding 55k more.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_DIR = ROOT / "data" / "soak-100k"
SOURCES = [
    ("checkthat/ct2021_2022_task2b_en/politifact_vclaims.jsonl", "checkthat"),
    ("checkthat/ct2021_2022_task2a_en/vclaims.jsonl", "checkthat"),
    ("liar/train.tsv", "liar"),
    ("liar/valid.tsv", "liar"),
]


def build(data_dir: Path, size: int, *, pad_only: bool = False, seed: int = 7) -> None:
    """Import the real collections, then pad to `size` with perturbed copies.

    The import commits batch by batch: stopping it and running `build --pad-only` pads
    whatever real statements are stored (the report says how many are real).
    """
    from index.embed import load_embedder
    from index.importing import import_file
    from index.integrity import open_collection
    from index.records import Statement

    embedder = load_embedder(os.environ.get("VERACITY_MODEL"))
    collection = open_collection(data_dir, embedder)
    for relative, fmt in [] if pad_only else SOURCES:
        path = SHARED / relative
        if not path.exists():
            sys.exit(f"needs {path} (../shared/data)")
        started = time.perf_counter()
        summary = import_file(collection, path, fmt, progress=True)
        print(f"{relative}: {summary.added} added in {time.perf_counter() - started:.0f} s")
    store = collection.store
    real = (
        store.count()
        - store._conn()
        .execute("SELECT COUNT(*) FROM statements WHERE source = 'synthetic'")
        .fetchone()[0]
    )
    (data_dir / "soak-real-count").write_text(str(real))
    need = size - store.count()
    rng = np.random.default_rng(seed)
    seqs, vectors = [], []
    for batch_seqs, batch in store.vectors_after(0, embedder.dim):
        seqs.append(batch_seqs)
        vectors.append(batch.copy())
    seqs, vectors = np.concatenate(seqs), np.concatenate(vectors)
    base = store.by_seq(seqs.tolist())
    print(f"{real} real statements; adding {max(need, 0)} synthetic")
    for start in range(0, max(need, 0), 5000):
        count = min(5000, need - start)
        picks = rng.integers(0, len(seqs), count)
        noisy = vectors[picks] + rng.normal(0, 0.025, (count, embedder.dim)).astype(np.float32)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        records = [
            Statement(
                text=f"{base[int(seqs[p])].text} (variant {start + n})",
                kind="statement",
                speaker=base[int(seqs[p])].speaker,
                source="synthetic",
            )
            for n, p in enumerate(picks)
        ]
        store.add_statements(records, noisy, embedder.name)
    collection.catch_up()
    collection.save()
    print(json.dumps(collection.stats()))
