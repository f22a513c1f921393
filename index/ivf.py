"""The approximate index for large collections: which kind, how it is searched, its nprobe."""

from __future__ import annotations

import math

import faiss
import numpy as np

EXACT_BELOW = 20_000
RECALL_TARGET = 0.98
# Tuning aims above the target: the noisy probe queries track real readers' queries only to
# within ~0.01-0.015 of recall@10 (bench: 0.98 at tuning gave 0.967 on real tweets at 100k;
# 0.990 gave 0.979 at 1M, while 0.9965 there gives 0.992).
TUNE_MARGIN = 0.015
NPROBES = (4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 320, 384, 512, 768, 1024)
# Candidates of the PQ scan re-scored on fp16 vectors per query, whatever k is. Measured at 1M
# on real queries (bench vectors): recall@10 0.966 / 0.983 / 0.989 at nprobe 128 / 256 / 384
# with 1,000; 2,000 adds ~0.002 for ~0.4 ms more; 200 stay under 0.955 at any nprobe.
REFINE_CANDIDATES = 1000
QUERY_NOISE = 2.0


def plan(count: int, *, exact_below: int | None = None) -> dict:
    """The index kind for a collection size: exact when small, IVF-PQ with ~2 sqrt(n) lists."""
    exact_below = exact_below or EXACT_BELOW
    if count < exact_below:
        return {"kind": "flat"}
    return {"kind": "ivfpq", "nlist": 2 ** round(math.log2(2 * math.sqrt(count)))}


def pq_subquantizers(dim: int) -> int:
    """4-bit codes over sub-vectors of ~4 dimensions: 96 (48 bytes) for 384-d.

    At 1M, 48 sub-quantizers (8 dimensions each) kept recall@10 under 0.81 re-scoring 200
    candidates (96: 0.954); 192 gained 0.003 over 96 at 1.5x the time.
    """
    return next(m for m in range(max(dim // 4, 1), 0, -1) if dim % m == 0)


def search_params(info: dict, k: int):
    """faiss search parameters for an index of this kind, or None (flat)."""
    kind = info.get("kind")
    if kind == "ivf":
        return faiss.SearchParametersIVF(nprobe=int(info["nprobe"]))
    if kind == "ivfpq":
        params = faiss.IndexRefineSearchParameters(k_factor=max(1.0, REFINE_CANDIDATES / k))
        # faiss holds a bare pointer to the IVF parameters: keep them alive with the outer ones.
        params.ivf = faiss.SearchParametersIVF(nprobe=int(info["nprobe"]))
        params.base_index_params = params.ivf
        return params
    return None


def tune_nprobe(
    index, vectors: np.ndarray, *, queries: int = 200, k: int = 10, target: float = RECALL_TARGET
) -> tuple[int, float, dict]:
    """Pick the smallest nprobe whose recall@k against exact search reaches `target` + margin.

    Queries are stored vectors moved away by Gaussian noise of norm `QUERY_NOISE`: a reader's
    sentence sits far from every stored one (real CheckThat! tweets have a median top-1
    cosine of ~0.57 here), and such queries need many more lists probed than a stored
    vector does. At this noise the recall-by-nprobe curve matches the real tweets' (at 100k:
    0.86/0.93/0.97/0.99 at nprobe 16/32/64/96 for both). The query's own row is left out.

    Re-scoring a fixed number of PQ candidates caps recall (~0.99 at 1M), so the goal is at
    most the best recall of the sweep less 0.002; the sweep is cheap with fast-scan codes.
    """
    rng = np.random.default_rng(0)
    rows = rng.choice(len(vectors), size=min(queries, len(vectors)), replace=False)
    noise = rng.standard_normal((len(rows), vectors.shape[1]), dtype=np.float32)
    probes = vectors[rows] + QUERY_NOISE * noise / np.sqrt(vectors.shape[1])
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(probes, k + 1)
    truth = [[p for p in t if p != r][:k] for t, r in zip(truth, rows, strict=True)]
    table = {}
    nlist = faiss.extract_index_ivf(index).nlist
    for nprobe in NPROBES:
        if nprobe > nlist:
            break
        params = search_params({"kind": "ivfpq", "nprobe": nprobe}, k + 1)
        _, found = index.search(probes, k + 1, params=params)
        pairs = zip(truth, found, rows, strict=True)
        hits = sum(len(set(t) & {p for p in f if p != r}) for t, f, r in pairs)
        table[nprobe] = round(hits / max(sum(len(t) for t in truth), 1), 4)
    goal = min(target + TUNE_MARGIN, max(table.values()) - 0.002)
    nprobe = next(n for n, recall in table.items() if recall >= goal)
    return nprobe, table[nprobe], table


def train_ivfpq(dim: int, nlist: int, vectors: np.ndarray):
    """An untrained-to-trained IVF-PQ fast-scan index with exact fp16 re-scoring."""
    # Measured at 1M (real queries, recall@10 ~0.99): the fp16 IVF this replaces scanned
    # ~150k codes in 8-9 ms; 4-bit fast-scan codes (16x fewer bytes) plus re-scoring take
    # ~1.8 ms. HNSW missed these far-off queries (0.95 at efSearch 256).
    quantizer = faiss.IndexFlatIP(dim)
    base = faiss.IndexIVFPQFastScan(
        quantizer, dim, nlist, pq_subquantizers(dim), 4, faiss.METRIC_INNER_PRODUCT
    )
    base.cp.niter = 10
    exact = faiss.IndexScalarQuantizer(
        dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
    )
    index = faiss.IndexRefine(base, exact)
    sample = min(len(vectors), 40 * nlist)
    rows = np.random.default_rng(0).choice(len(vectors), size=sample, replace=False)
    index.train(vectors[np.sort(rows)])
    return index
