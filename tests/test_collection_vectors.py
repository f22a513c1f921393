"""The collection keeps its vector index in step: live adds, other workers, saves and reloads."""

import time

import pytest

from index import collection as coll
from index.collection import Collection
from index.records import Statement

TOPICS = ["coal mines closing", "vaccine safety trial", "border wall funding", "tax cuts", "moon"]


def records(n: int, start: int = 0) -> list[Statement]:
    return [
        Statement(text=f"{TOPICS[i % len(TOPICS)]} statement number {i}", source="test")
        for i in range(start, start + n)
    ]


def test_a_live_add_in_one_worker_is_found_by_another(tmp_path, fake_embedder):
    first = Collection(tmp_path, fake_embedder)
    second = Collection(tmp_path, fake_embedder)
    first.add(records(20))
    hits = second.search(fake_embedder.encode(["border wall funding statement number 2"]), 3)
    assert hits[0].statement.text == "border wall funding statement number 2"
    assert second.vectors.count == 20


def test_saving_merges_live_adds_and_a_serving_collection_reloads_it(
    tmp_path, fake_embedder, monkeypatch
):
    monkeypatch.setattr(coll, "RELOAD_CHECK_SECONDS", 0.0)
    writer = Collection(tmp_path, fake_embedder)
    writer.add(records(30))
    writer.save()
    reader = Collection(tmp_path, fake_embedder)
    assert reader.vectors.side.ntotal == 0 and reader.vectors.count == 30
    writer.add(records(10, start=30))
    writer.save()
    deadline = time.monotonic() + 10
    while reader.vectors.side.ntotal or reader.vectors.count != 40:
        reader.search(fake_embedder.encode(["moon"]), 1)  # a lookup triggers the check
        assert time.monotonic() < deadline, "the saved index was never swapped in"
        time.sleep(0.05)
    assert reader.vectors.source == tmp_path / coll.INDEX_DIR


def test_saving_past_the_size_class_rebuilds_from_the_store(tmp_path, fake_embedder, monkeypatch):
    from index import ivf

    monkeypatch.setattr(ivf, "EXACT_BELOW", 50)
    collection = Collection(tmp_path, fake_embedder)
    collection.add(records(20))
    assert collection.save()["index_type"] == "flat"
    collection.add(records(480, start=20))
    manifest = collection.save()
    assert manifest["index_type"] == "ivfpq" and manifest["count"] == 500
    assert collection.search(fake_embedder.encode(["tax cuts statement number 3"]), 1)[0].seq == 4


@pytest.mark.parametrize("runtime", ["onnx"])
def test_an_app_told_to_use_a_missing_export_says_how_to_make_it(make_app, tmp_path, runtime):
    from index.onnx_embed import ExportMissing

    with pytest.raises(ExportMissing, match="veracity model export"):
        make_app(EMBEDDER=runtime, ONNX_DIR=str(tmp_path / "nothing"))
