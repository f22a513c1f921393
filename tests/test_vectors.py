"""The vector index: the kind chosen by size, recall against exact, mmap'd files, live adds."""

import json

import faiss
import numpy as np
import pytest

from index import ivf, vector_files
from index import vectors as vec
from index.ivf import plan
from index.vectors import IndexCorrupt, IndexMismatch, VectorIndex

DIM = 32


def clustered(n: int, seed: int = 0, centers: int = 50) -> np.ndarray:
    """Unit vectors around topic centres: the shape of sentence embeddings, not uniform noise."""
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centers, DIM)).astype(np.float32)
    x = middle[rng.integers(0, centers, n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def exact_top(x: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    index = faiss.IndexFlatIP(DIM)
    index.add(x)
    return index.search(queries, k)[1]


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, {"kind": "flat"}),
        (19_999, {"kind": "flat"}),
        (20_000, {"kind": "ivfpq", "nlist": 256}),
        (100_000, {"kind": "ivfpq", "nlist": 512}),
        (1_000_000, {"kind": "ivfpq", "nlist": 2048}),
    ],
)
def test_plan_is_exact_when_small_and_ivf_above(count, expected):
    assert plan(count) == expected


def test_small_build_is_exact_and_maps_positions_to_row_ids():
    x = clustered(500)
    ids = np.arange(1000, 1500)
    index = VectorIndex.build("m", DIM, [(ids[:200], x[:200]), (ids[200:], x[200:])])
    scores, found = index.search(x[:5], 3)
    assert index.info["kind"] == "flat"
    assert found[:, 0].tolist() == ids[:5].tolist()
    np.testing.assert_allclose(scores[:, 0], 1.0, atol=1e-5)


def test_ivf_build_reaches_the_recall_target_against_exact_search():
    x, queries = np.split(clustered(6200), [6000])
    index = VectorIndex.build("m", DIM, [(np.arange(1, 6001), x)], exact_below=1000)
    truth = exact_top(x, queries, 10) + 1
    _, found = index.search(queries, 10)
    recall = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found, strict=True)])
    assert index.info["kind"] == "ivfpq"
    assert index.info["recall_at_10"] >= 0.98
    assert recall >= 0.98


def test_save_load_round_trip_is_memory_mapped_and_answers_the_same(tmp_path):
    x = clustered(3000)
    built = VectorIndex.build("m", DIM, [(np.arange(1, 3001), x)], exact_below=1000)
    before = built.search(x[:20], 10)
    manifest = built.save(tmp_path)
    loaded = VectorIndex.load(tmp_path, model="m", dim=DIM)
    after = loaded.search(x[:20], 10)
    assert manifest["index_type"] == "ivfpq" and manifest["count"] == 3000
    # The fp16 copies (the bulk of the file) are mapped, not read: workers share them.
    exact = faiss.downcast_index(loaded.main.refine_index)
    assert exact.codes.size() == 3000 * DIM * 2 and not exact.codes.is_owned
    assert isinstance(loaded.main_ids, np.memmap)
    np.testing.assert_array_equal(before[1], after[1])
    np.testing.assert_allclose(before[0], after[0], atol=1e-6)


@pytest.mark.parametrize("exact_below", [10_000, 1000], ids=["flat", "ivfpq"])
def test_hands_back_stored_vectors_by_row_id_main_and_side(tmp_path, exact_below):
    x = clustered(3000)
    built = VectorIndex.build("m", DIM, [(np.arange(11, 3011), x)], exact_below=exact_below)
    built.save(tmp_path)
    index = VectorIndex.load(tmp_path, model="m", dim=DIM)
    index.add(np.array([5000]), x[:1] * -1)
    found, held = index.vectors_of([12, 5000, 3010, 4000, 7])
    # Rows it does not hold (4000, 7) are left out, for the caller to read from the store.
    assert found.tolist() == [12, 3010, 5000]
    # fp16 copies for IVF-PQ: as close as its re-scored search cosines are.
    np.testing.assert_allclose(held, np.stack([x[1], x[2999], -x[0]]), atol=2e-3)


def test_an_index_of_the_earlier_fp16_ivf_kind_still_loads_mapped(tmp_path):
    x = clustered(3000)
    ivf = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(DIM), DIM, 64, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
    )
    ivf.train(x)
    ivf.add(x)
    info = {"kind": "ivf", "nlist": 64, "nprobe": 64}
    VectorIndex("m", DIM, ivf, np.arange(1, 3001), info=info).save(tmp_path)
    loaded = VectorIndex.load(tmp_path, model="m", dim=DIM)
    lists = faiss.downcast_InvertedLists(loaded.main.invlists)
    assert isinstance(lists, faiss.OnDiskInvertedLists)
    assert lists.prefetch_nthread == 0  # 32 threads per search had doubled a query's time
    # nprobe = nlist: exhaustive, so the answers are exact.
    np.testing.assert_array_equal(loaded.search(x[:20], 10)[1], exact_top(x, x[:20], 10) + 1)


def test_live_adds_go_to_the_side_index_and_saving_merges_them(tmp_path):
    x = clustered(1200)
    index = VectorIndex.build("m", DIM, [(np.arange(1, 1001), x[:1000])])
    index.save(tmp_path)
    loaded = VectorIndex.load(tmp_path, model="m", dim=DIM)
    loaded.add(np.arange(1001, 1201), x[1000:])
    assert (loaded.count, loaded.last_id, loaded.side.ntotal) == (1200, 1200, 200)
    _, found = loaded.search(x[[0, 1100]], 1)
    assert found[:, 0].tolist() == [1, 1101]
    loaded.save(tmp_path)
    again = VectorIndex.load(tmp_path, model="m", dim=DIM)
    assert (again.count, again.side.ntotal, again.last_id) == (1200, 0, 1200)
    assert again.search(x[[1100]], 1)[1][0, 0] == 1101


def test_search_merges_main_and_side_by_score():
    x = clustered(100)
    index = VectorIndex.build("m", DIM, [(np.arange(1, 51), x[:50])])
    index.add(np.arange(51, 101), x[50:])
    truth = exact_top(x, x[:10], 10) + 1
    scores, found = index.search(x[:10], 10)
    np.testing.assert_array_equal(np.sort(found, axis=1), np.sort(truth, axis=1))
    assert np.all(np.diff(scores, axis=1) <= 1e-6)


def test_search_of_an_empty_index_returns_nothing():
    _, found = VectorIndex("m", DIM).search(clustered(1), 5)
    assert found.shape == (1, 0)


def test_growing_past_the_size_class_asks_for_a_rebuild():
    x = clustered(300)
    index = VectorIndex.build("m", DIM, [(np.arange(1, 101), x[:100])], exact_below=200)
    assert not index.needs_rebuild()
    index.add(np.arange(101, 301), x[100:])
    assert index.needs_rebuild()


def test_an_index_of_another_model_is_refused(tmp_path):
    VectorIndex.build("m", DIM, [(np.arange(1, 11), clustered(10))]).save(tmp_path)
    with pytest.raises(IndexMismatch, match="other-model"):
        VectorIndex.load(tmp_path, model="other-model", dim=DIM)


@pytest.mark.parametrize("verify", ["full", "auto"])
@pytest.mark.parametrize("name", [vec.FAISS_FILE, vec.IDS_FILE])
def test_a_damaged_file_is_named(tmp_path, monkeypatch, verify, name):
    # "auto" checks big files by sampled blocks: make every file count as big.
    monkeypatch.setattr(vector_files, "FULL_CHECK_BYTES", 0)
    VectorIndex.build("m", DIM, [(np.arange(1, 2001), clustered(2000))]).save(tmp_path)
    data = (tmp_path / name).read_bytes()
    (tmp_path / name).write_bytes(data[: len(data) // 2] + bytes(len(data) - len(data) // 2))
    with pytest.raises(IndexCorrupt, match=name):
        VectorIndex.load(tmp_path, model="m", dim=DIM, verify=verify)


def test_a_truncated_file_is_named(tmp_path):
    VectorIndex.build("m", DIM, [(np.arange(1, 101), clustered(100))]).save(tmp_path)
    path = tmp_path / vec.FAISS_FILE
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(IndexCorrupt, match=vec.FAISS_FILE):
        VectorIndex.load(tmp_path, model="m", dim=DIM)


def test_the_manifest_records_the_choice_and_its_measured_recall(tmp_path):
    x = clustered(3000)
    VectorIndex.build("m", DIM, [(np.arange(1, 3001), x)], exact_below=1000).save(tmp_path)
    manifest = json.loads((tmp_path / vec.MANIFEST_FILE).read_text())
    params = manifest["params"]
    assert manifest["index_type"] == "ivfpq"
    assert params["nlist"] == 128 and params["nprobe"] in ivf.NPROBES
    assert params["recall_at_10"] >= 0.98
    assert str(params["nprobe"]) in {str(k) for k in params["recall_by_nprobe"]}
