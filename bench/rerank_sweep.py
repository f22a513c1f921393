"""Does a trained re-ranker help the full pipeline? Its score blended with the fused rank, swept.

`python -m bench.rerank_sweep RERANKER [MODEL]` sends every CT2020 and 2B dev query through the
serving Retriever (the index `bench.quality` built with MODEL, default: its fine-tuned model),
scores the top 30 with RERANKER (a `veracity train` directory, bi or cross), and prints dev
MAP@5 for the fused order and for reranker score + w * 10 / (10 + fused rank), re-ranking the
top `depth`, over a grid of w and depth. w = 0 is the re-ranker alone.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from bench.quality import CHECKTHAT, PROJECT, _fingerprint, datasets
from bench.scoring import evaluate

DEPTHS = (5, 10, 20, 30)
WEIGHTS = (0.0, 0.5, 1.0, 2.0, 4.0, 8.0)
TUNED = "veracity-minilm-bi-e2-n3-L96-t0-d7939234"


def main(argv: list[str] | None = None) -> None:
    from bench.models import onnx_embedder
    from service.app import create_app
    from service.judgement.rerank import Reranker

    args = argv if argv is not None else sys.argv[1:]
    reranker = Reranker(args[0], threads=2)
    model = args[1] if len(args) > 1 else str(PROJECT / "data" / "models" / TUNED)
    embedder = onnx_embedder(model)
    for name, split in datasets(CHECKTHAT)[:2]:
        data_dir = PROJECT / "data" / "bench" / f"{name}-{embedder.name}-{_fingerprint()}"
        config = {"DATA_DIR": str(data_dir), "CORPUS_DIR": "", "EMBEDDER": embedder}
        retriever = create_app(config).extensions["veracity"].retriever
        rows, started = {}, time.perf_counter()
        for qid, text in split.queries.items():
            query, hits = retriever.search(text[:1000], 30)
            scores = reranker.relevance(
                retriever.query_text(query), [h.statement.match_text for h in hits]
            )
            rows[qid] = ([h.statement.external_id for h in hits], scores)
        took = (time.perf_counter() - started) / len(rows) * 1000
        fused = evaluate({q: ids for q, (ids, _) in rows.items()}, split.qrels)["MAP@5"]
        print(f"{split.name}: fused order MAP@5 {fused:.3f} ({took:.0f} ms a query)")
        for depth in DEPTHS:
            cells = []
            for weight in WEIGHTS:
                runs = {q: _order(ids, scores, depth, weight) for q, (ids, scores) in rows.items()}
                cells.append(f"w {weight:g}: {evaluate(runs, split.qrels)['MAP@5']:.3f}")
            print(f"  depth {depth:2d}  " + "  ".join(cells))


def _order(ids: list[str], scores: np.ndarray, depth: int, weight: float) -> list[str]:
    rank = np.arange(1, len(ids) + 1)
    blended = np.asarray(scores) + weight * 10 / (10 + rank)
    blended = np.where(rank <= depth, blended, -1e9 - rank)  # below the depth: fused order
    return [ids[i] for i in np.argsort(-blended, kind="stable")]


if __name__ == "__main__":
    main()
