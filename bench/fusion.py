"""Choose the first-stage fusion by measurement: reciprocal rank vs cosine + scaled BM25.

`python -m bench.fusion ct2020 train` (dataset ct2020, ct2022-2b or ct2022-2a; part train or
dev) reads the stock-model collection `bench.quality` indexed under data/bench/, runs both
first stages once per query as the product does, and prints MAP@5 for a grid of each fusion,
with and without the date prior (`date`: 2B's debate day, a tweet signature's day).
"""

from __future__ import annotations

import sys

from bench.quality import CHECKTHAT, PROJECT
from bench.scoring import evaluate

DEPTH = 100


def split_of(name: str, part: str):
    from service.training import splits

    if name == "ct2020":
        return splits.ct2020(CHECKTHAT, part)
    if name == "ct2022-2b":
        return splits.ct2022_2b(CHECKTHAT, part)
    # 2A: the CT2020 tweets of that part, against the dated 2A Snopes collection.
    tweets = splits.ct2020(CHECKTHAT, part).queries.values()
    return splits.ct2022_2a(CHECKTHAT, only_texts={t.strip() for t in tweets})


def rrf(dense: list[int], lexical: list[int], weight: float, k: float) -> dict[int, float]:
    fused: dict[int, float] = {}
    for ranking, w in ((dense, 1.0), (lexical, weight)):
        for rank, seq in enumerate(ranking, 1):
            fused[seq] = fused.get(seq, 0.0) + w / (k + rank)
    return fused


def main(argv: list[str] | None = None) -> None:
    from bench.models import onnx_embedder
    from index.text import clean_query
    from service.app import create_app
    from service.judgement.fusion import fuse

    name, part = (argv or sys.argv[1:] or ["ct2020", "train"])[:2]
    split = split_of(name, part)
    embedder = onnx_embedder(None)
    data_dir = next((PROJECT / "data" / "bench").glob(f"{name}-{embedder.name}-*"))
    app = create_app(
        {"DATA_DIR": str(data_dir), "CORPUS_DIR": "", "EMBEDDER": embedder, "RERANKER": ""}
    )
    retriever = app.extensions["veracity"].retriever
    collection = retriever.collection
    retriever.catch_up()
    runs, ids = {}, {}
    for qid, text in split.queries.items():
        query = clean_query(text[:1000])
        words = retriever.query_text(query) or text
        vector = collection.encode([words])
        dense = dict(collection.nearest(vector, DEPTH))
        lexical = retriever.lexical.search(words, DEPTH)
        dense.update(collection.similarities(vector, [s for s, _ in lexical if s not in dense]))
        date = split.dates.get(qid) or query.date
        runs[qid] = (dense, lexical, date)
        for seq, record in collection.store.by_seq(list(dense)).items():
            ids[seq] = record.external_id

    def score(fusion, date_weight: float) -> float:
        retriever.config = {**retriever.config, "DATE_WEIGHT": date_weight}
        ranked = {}
        for qid, (dense, lexical, date) in runs.items():
            fused = fusion(dense, lexical)
            if date and date_weight > 0:
                retriever.near(fused, date)
            ranked[qid] = [ids[s] for s in sorted(fused, key=lambda s: -fused[s])[:20]]
        return evaluate(ranked, split.qrels)["MAP@5"]

    print(f"{split.name}, {len(runs)} queries, stock model; MAP@5 undated | dated (weight)")
    print(f"vectors alone: {score(lambda d, lex: dict(d), 0):.3f}")
    for weight in (0.5, 1.0):
        for k in (10, 60):
            fusion = lambda d, lex, w=weight, k=k: rrf(list(d)[:DEPTH], [s for s, _ in lex], w, k)  # noqa: E731
            dated = " ".join(f"{score(fusion, dw):.3f} ({dw})" for dw in (0.05, 0.1, 0.2))
            print(f"RRF bm25 weight {weight} k {k}: {score(fusion, 0):.3f} | {dated}", flush=True)
    for weight in (0.15, 0.2, 0.25, 0.3, 0.5):
        fusion = lambda d, lex, w=weight: fuse(d, lex, DEPTH, w)  # noqa: E731
        dated = " ".join(f"{score(fusion, dw):.3f} ({dw})" for dw in (0.15, 0.25, 0.4))
        print(f"cosine + {weight} x BM25/best: {score(fusion, 0):.3f} | {dated}", flush=True)


if __name__ == "__main__":
    main()
