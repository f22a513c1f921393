"""The growing BM25 index."""

from index.lexical import LexicalIndex

DOCS = [
    (1, "Bill Gates wants to microchip people with vaccines"),
    (2, "A photograph shows a shark swimming on a flooded highway"),
    (3, "The minimum wage has not kept up with inflation since 1968"),
]


def test_ranks_the_document_sharing_rare_words_first():
    index = LexicalIndex()
    assert index.add(DOCS) == 3
    ranked = index.search("shark on the highway after the hurricane", 3)
    assert [seq for seq, _ in ranked] == [2]
    assert ranked[0][1] > 0


def test_grows_without_rebuilding_and_skips_rows_it_holds():
    index = LexicalIndex()
    index.add(DOCS[:2])
    assert index.search("minimum wage", 5) == []
    assert index.add(DOCS) == 1  # rows 1 and 2 are already held
    assert [seq for seq, _ in index.search("minimum wage", 5)] == [3]
    assert index.count == 3 and index.last_seq == 3


def test_empty_index_and_empty_query():
    index = LexicalIndex()
    assert index.search("anything", 5) == []
    index.add(DOCS)
    assert index.search("", 5) == []
    assert index.search("the of and", 5) == []


def test_top_k_equals_a_full_ranking_when_many_rows_share_the_query_words():
    import random

    import numpy as np

    rng = random.Random(3)
    words = ["vaccine", "tax", "border", "wage", "shark", "senator", "budget", "climate"]
    docs = [(seq, " ".join(rng.choices(words, k=rng.randint(1, 8)))) for seq in range(1, 601)]
    index = LexicalIndex()
    index.add(docs)
    for query in ("vaccine tax", "shark senator budget climate", "wage"):
        got = index.search(query, 10)
        # Reference: every row scored, then the best 10 by (score, row id).
        everything = index.search(query, len(docs))
        scores = {seq: score for seq, score in everything}
        order = sorted(scores, key=lambda s: (-np.float32(scores[s]), s))[:10]
        assert len(everything) > 100 and [seq for seq, _ in got] == order
