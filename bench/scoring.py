"""Score ranked runs against TREC-style qrels: MAP@k (CheckThat! definition), MRR, P@1."""

from __future__ import annotations


def average_precision(ranked: list[str], relevant: set[str], k: int) -> float:
    """AP@k as the CheckThat! scorer computes it: precision at each hit, over all relevant."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in relevant and doc not in ranked[: rank - 1]:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for rank, doc in enumerate(ranked, 1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def evaluate(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """Mean MAP@1/3/5, MRR and P@1 over every query in the qrels (a missing run scores 0)."""
    queries = list(qrels)
    if not queries:
        raise ValueError("no queries to score")

    def mean(values) -> float:
        values = list(values)
        return sum(values) / len(values)

    scores = {
        f"MAP@{k}": mean(average_precision(runs.get(q, []), qrels[q], k) for q in queries)
        for k in (1, 3, 5)
    }
    scores["MRR"] = mean(reciprocal_rank(runs.get(q, []), qrels[q]) for q in queries)
    scores["P@1"] = mean(float(bool(runs.get(q)) and runs[q][0] in qrels[q]) for q in queries)
    return scores
