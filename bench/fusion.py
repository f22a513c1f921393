"""Choose the first stage by measurement: query cleaning variants x BM25 / vectors / RRF grid.

`python -m bench.fusion [ct2020|ct2022-2b]` reads the collection `bench.quality` indexed under
data/bench/ and prints MAP@5 (and recall@30, what a re-ranker can reach) on the dev split.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.quality import CHECKTHAT, PROJECT, datasets
from bench.scoring import evaluate


def main(argv: list[str] | None = None) -> None:
    from index.collection import Collection
    from index.embed import load_embedder
    from index.lexical import LexicalIndex
    from index.text import clean_query
    from service.retrieval import rrf

    name = (argv or sys.argv[1:] or ["ct2020"])[0]
    split = dict(datasets(CHECKTHAT))[name]
    data_dir = next((PROJECT / "data" / "bench").glob(f"{name}-*"))
    collection = Collection(Path(data_dir), load_embedder())
    rows = list(collection.store.iter_statements())
    ids = {seq: record.external_id for seq, record in rows}
    lexical = LexicalIndex()
    lexical.add((seq, record.match_text) for seq, record in rows)
    qids = list(split.queries)
    cleaned = {q: clean_query(split.queries[q]) for q in qids}
    variants = {
        "raw": {q: split.queries[q] for q in qids},
        "clean": {q: cleaned[q].text or split.queries[q] for q in qids},
        "clean+author": {
            q: " ".join(filter(None, (cleaned[q].text, cleaned[q].author))) or split.queries[q]
            for q in qids
        },
    }

    def show(label, ranked):
        scores = evaluate({q: [ids[s] for s in ranked[q]] for q in qids}, split.qrels)
        recall = sum(
            len({ids[s] for s in ranked[q][:30]} & split.qrels[q]) / len(split.qrels[q])
            for q in qids
        ) / len(qids)
        print(f"{name} | {label} | MAP@5 {scores['MAP@5']:.4f} | R@30 {recall:.3f}", flush=True)

    for variant, texts in variants.items():
        vectors = collection.encode([texts[q] for q in qids])
        dense = {
            q: [h.seq for h in collection.search(vectors[i : i + 1], 100)]
            for i, q in enumerate(qids)
        }
        lex = {q: [s for s, _ in lexical.search(texts[q], 100)] for q in qids}
        show(f"{variant} vectors", dense)
        show(f"{variant} BM25", lex)
        for weight in (0.5, 1.0, 1.5):
            for k in (10, 60):
                fused = {}
                for q in qids:
                    scores = rrf([dense[q], lex[q]], [1.0, weight], k)
                    fused[q] = sorted(scores, key=lambda s, sc=scores: -sc[s])
                show(f"{variant} RRF bm25-weight {weight} k {k}", fused)


if __name__ == "__main__":
    main()
