"""The growing BM25 index."""

import pytest

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


def _random_docs(seed: int, count: int, start: int = 1) -> list[tuple[int, str]]:
    import random

    rng = random.Random(seed)
    words = ["vaccine", "tax", "border", "wage", "shark", "senator", "budget", "climate", "ozone"]
    return [
        (s, " ".join(rng.choices(words, k=rng.randint(1, 9)))) for s in range(start, start + count)
    ]


QUERIES = ("vaccine tax", "shark senator budget climate", "wage", "ozone border tax wage")


def test_a_saved_snapshot_plus_later_adds_ranks_exactly_as_one_in_memory_index(tmp_path):
    """Scores, ties and ids survive the file; records added after loading join the same stats."""
    from index.lexical import LexicalIndex

    first, later = _random_docs(5, 300), _random_docs(6, 120, start=301)
    reference = LexicalIndex()
    reference.add(first + later)
    saved = LexicalIndex()
    saved.add(first)
    assert saved.save(tmp_path / "bm25.bin")["count"] == 300
    loaded = LexicalIndex.load(tmp_path / "bm25.bin")
    assert loaded.count == 300 and loaded.last_seq == 300
    assert loaded.add(later) == 120
    for query in QUERIES:
        assert loaded.search(query, 15) == reference.search(query, 15)
    # Saving a loaded index merges its snapshot and its later rows into one file.
    loaded.save(tmp_path / "bm25.bin")
    again = LexicalIndex.load(tmp_path / "bm25.bin")
    assert again.count == 420 and again.last_seq == 420
    for query in QUERIES:
        assert again.search(query, 15) == reference.search(query, 15)
    assert [p.name for p in tmp_path.iterdir()] == ["bm25.bin"]  # no temporary file left


def test_an_empty_index_saves_and_loads(tmp_path):
    from index.lexical import LexicalIndex

    LexicalIndex().save(tmp_path / "bm25.bin")
    loaded = LexicalIndex.load(tmp_path / "bm25.bin")
    assert loaded.count == 0 and loaded.search("tax", 5) == []
    loaded.add(DOCS)
    assert [seq for seq, _ in loaded.search("minimum wage", 5)] == [3]


def _truncate(data: bytes) -> bytes:
    return data[: len(data) - 100]


def _other_magic(data: bytes) -> bytes:
    return b"X" + data[1:]


def _bad_header(data: bytes) -> bytes:
    from index.bm25_file import MAGIC

    return data[: len(MAGIC) + 8] + b"[" + data[len(MAGIC) + 9 :]


def _row_out_of_range(data: bytes) -> bytes:
    """A posting names row 10**6 (the file's size and header are intact)."""
    import json

    import numpy as np

    from index.bm25_file import MAGIC

    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], "little")
    header = json.loads(data[len(MAGIC) + 8 : len(MAGIC) + 8 + size])
    at = header["arrays"]["rows"][0]
    return data[:at] + np.int32(10**6).tobytes() + data[at + 4 :]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_truncate, "bytes, its header says"),
        (_other_magic, "is not a BM25 snapshot"),
        (_bad_header, "is unreadable"),
        (_row_out_of_range, "a posting names a row it does not hold"),
    ],
)
def test_a_damaged_snapshot_is_refused_with_the_reason(tmp_path, damage, message):
    from index.lexical import LexicalIndex, SnapshotError

    index = LexicalIndex()
    index.add(_random_docs(1, 50))
    path = tmp_path / "bm25.bin"
    index.save(path)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(SnapshotError, match=message):
        LexicalIndex.load(path)


class _Store:
    """The two store calls a snapshot is checked and refreshed with."""

    def __init__(self, docs):
        from index.records import Statement

        self.records = {
            seq: Statement.from_dict({"kind": "statement", "text": text}) for seq, text in docs
        }

    def max_seq(self):
        return max(self.records, default=0)

    def by_seq(self, seqs):
        return {s: self.records[s] for s in seqs if s in self.records}

    def iter_statements(self, *, after=0):
        return ((s, r) for s, r in sorted(self.records.items()) if s > after)


def test_refresh_writes_only_what_changed_and_a_snapshot_of_another_store_is_not_used(tmp_path):
    from index import lexical

    path = tmp_path / "bm25.bin"
    store = _Store(_random_docs(2, 40))
    assert lexical.refresh(path, store) == {"count": 40, "last_seq": 40, "terms": 9, "added": 40}
    written = path.stat().st_mtime_ns
    assert lexical.refresh(path, store)["added"] == 0 and path.stat().st_mtime_ns == written
    store.records.update(_Store(_random_docs(3, 5, start=41)).records)
    assert lexical.refresh(path, store)["added"] == 5
    assert lexical.open_index(path, store).count == 45
    # Same row ids, other records: the snapshot's last record is not the store's.
    other = _Store(_random_docs(4, 45))
    assert lexical.open_index(path, other).count == 0
    assert lexical.open_index(path, _Store(_random_docs(2, 10))).count == 0  # store is behind


def test_row_ids_in_any_order_are_each_held_once():
    """Milvus row ids are content hashes: a record can arrive after a higher id."""
    ordered, any_order = LexicalIndex(), LexicalIndex(any_order=True)
    docs = [(30, DOCS[0][1]), (10, DOCS[1][1]), (20, DOCS[2][1])]
    assert ordered.add(docs) == 1  # ids must grow: 10 and 20 are taken as already held
    assert any_order.add(docs) == 3
    assert any_order.add(docs[1:]) == 0
    assert [seq for seq, _ in any_order.search("shark highway", 3)] == [10]
    assert [seq for seq, _ in any_order.search("minimum wage", 3)] == [20]
