"""The claim with its surroundings, and the fused (cosine + BM25) score of a candidate."""

from index.text import clean_query


def fuse(cosines: dict[int, float], lexical: list[tuple[int, float]], depth: int, weight: float):
    """Each candidate's cosine plus `weight` x its BM25 score over the query's best BM25 score.

    Scores, not ranks: a clear lead of one candidate in either list survives the fusion
    (measured against reciprocal-rank fusion in docs/retrieval.md). BM25 returned its best
    `depth`; a candidate it did not return scored at most its last, and is given that.
    """
    best = max((score for _, score in lexical), default=0.0)
    if best <= 0:
        return dict(cosines)
    floor = lexical[-1][1] if len(lexical) >= depth else 0.0
    scores = dict(lexical)
    return {seq: cos + weight * scores.get(seq, floor) / best for seq, cos in cosines.items()}


def around(before: str, text: str, after: str, chars: int) -> str:
    """The claim with up to `chars` of its surroundings on each side, cut at word boundaries.

    What was said just before and after resolves a claim's "he", "that war" or "a couple of
    months"; only the nearest words are kept, so the claim itself still dominates the match.
    """
    before = clean_query(before).text
    after = clean_query(after).text
    if len(before) > chars:
        cut = len(before) - chars
        before = before[cut:] if before[cut - 1] == " " else before[cut:].partition(" ")[2]
    if len(after) > chars:
        after = after[:chars] if after[chars] == " " else after[:chars].rpartition(" ")[0]
    return " ".join(part for part in (before, text, after) if part)
