"""Train the claim-pair judge (service/judgement/judge) from ../shared: `make stance-model`.

Pairs: the generated contrast pairs' train split (service/training/contrast.py; the probes'
claims left out) and every stance set's training split (service/training/stance_sets.py).
Features: service/judgement/judge.features over the service's own sentence vectors. The head:
a balanced multinomial logistic regression, written as judge.npz (a few hundred KB).

    python -m service.training.judge_fit
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np

from service.judgement import judge
from service.training import contrast, stance_sets

PROJECT = Path(__file__).resolve().parents[2]
PROBES = PROJECT / "bench" / "data" / "contrast_probes.jsonl"
VECTORS = PROJECT / "data" / "judge" / "vectors.npz"
# Each stance pair counts half a generated one: FNC-1 alone is 17k headline/body pairs.
STANCE_WEIGHT = 0.5
C = 0.5


def probes() -> list[dict]:
    with open(PROBES) as fh:
        return [json.loads(line) for line in fh]


def probe_claims() -> dict[str, str]:
    """The original claim text of every probe's target, by vclaim id."""
    pf, sn = contrast.politifact(), contrast.snopes()
    return {
        p["vclaim_id"]: (pf if p["source"] == "politifact" else sn)[p["vclaim_id"]]
        for p in probes()
    }


def generated() -> list[dict]:
    """The generated pairs, the probes' claims left out (deterministic: seeded)."""
    excluded = {contrast.group_of(contrast.strip_says(t)) for t in probe_claims().values()}
    excluded |= {contrast.group_of(t) for t in probe_claims().values()}
    return contrast.generate(excluded=excluded)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class Vectors:
    """Sentence vectors by text, embedded once with the service's model and cached on disk."""

    def __init__(self, path: Path = VECTORS):
        self.path, self.cache = path, {}
        if path.exists():
            data = np.load(path)
            self.cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
        self.embedder = None

    def need(self, texts) -> None:
        missing = [t for t in dict.fromkeys(texts) if _key(t) not in self.cache]
        if not missing:
            return
        if self.embedder is None:
            from bench.models import onnx_embedder
            from service.config import DEFAULTS

            self.embedder = onnx_embedder(DEFAULTS["MODEL"])
        print(f"embedding {len(missing)} texts", flush=True)
        for start in range(0, len(missing), 2048):
            part = missing[start : start + 2048]
            self.cache.update(zip(map(_key, part), self.embedder.encode(part), strict=True))
            print(f"  {start + len(part)}/{len(missing)}", flush=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.cache)
        np.savez(self.path, keys=np.array(keys), vectors=np.stack([self.cache[k] for k in keys]))

    def __getitem__(self, text: str) -> np.ndarray:
        return self.cache[_key(text)]


def matrix(pairs, vectors: Vectors) -> np.ndarray:
    """Feature rows of (claim, other, ...) pairs."""
    vectors.need([t for p in pairs for t in p[:2]])
    return np.stack([judge.features(a, b, vectors[a], vectors[b]) for a, b, *_ in pairs])


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    made = [
        (p["claim"], p["other"], p["relation"], "generated")
        for p in generated()
        if p["split"] == "train"
    ]
    sets = stance_sets.training_pairs()
    pairs = made + sets
    print("training pairs:", Counter((p[3], p[2]) for p in pairs))
    vectors = Vectors()
    x = matrix(pairs, vectors)
    y = np.array([judge.RELATIONS.index(p[2]) for p in pairs])
    weight = np.array([1.0 if p[3] == "generated" else STANCE_WEIGHT for p in pairs])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    model.fit((x - mean) / scale, y, sample_weight=weight)
    np.savez_compressed(
        judge.ARTIFACT,
        weights=model.coef_.astype(np.float32),
        bias=model.intercept_.astype(np.float32),
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
        relations=np.array(judge.RELATIONS),
    )
    print(f"wrote {judge.ARTIFACT} ({judge.ARTIFACT.stat().st_size} bytes) from {len(pairs)} pairs")


if __name__ == "__main__":
    main()
