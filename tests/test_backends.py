"""Backend parity: faiss + SQLite and Milvus give the same answers; Milvus replicas share state."""

import itertools
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from index.collection import Collection
from index.records import RecordError, Statement
from index.vectors import IndexMismatch
from tests.conftest import FakeEmbedder

SEED_CLAIM = "Russia and North Korea are the closest of countries"
SUBJECTS = ["Russia", "North Korea", "China", "the senator", "the governor", "Congress"]
VERBS = ["raised", "cut", "doubled", "banned", "approved", "ignored"]
OBJECTS = ["taxes", "the budget", "oil exports", "school funding", "tariffs", "the treaty"]
TIMES = ["in 2019", "last year", "twice", "since the election", "overnight"]


def synthetic(n: int = 400) -> list[Statement]:
    """Claims that share words in many combinations, so neighbours are close but distinct."""
    combos = itertools.islice(itertools.product(SUBJECTS, VERBS, OBJECTS, TIMES), 0, None, 2)
    records = []
    for number, (who, verb, what, when) in enumerate(itertools.islice(combos, n)):
        records.append(
            Statement.from_dict(
                {
                    "kind": "fact_check" if number % 3 == 0 else "statement",
                    "text": f"{who} {verb} {what} {when}.",
                    "speaker": {"name": f"Speaker {number % 17}"},
                    "rating": {"label": "False"} if number % 3 == 0 else None,
                    "outlets": [{"id": "kcna"}] if number % 5 == 0 else [],
                    "external_id": f"syn-{number}",
                }
            )
        )
    return records


def assert_same_ranking(scores_a, ids_a, scores_b, ids_b, tol=1e-4):
    """Equal scores within `tol`, equal ids; among tied scores, equal id sets."""
    np.testing.assert_allclose(scores_a, scores_b, atol=tol)
    for row_scores, row_a, row_b in zip(scores_a, ids_a, ids_b, strict=True):
        last = row_scores[-1]
        groups: dict[float, tuple[set, set]] = {}
        for score, a, b in zip(row_scores, row_a, row_b, strict=True):
            key = round(float(score) / tol)
            group = groups.setdefault(key, (set(), set()))
            group[0].add(a)
            group[1].add(b)
        for key, (set_a, set_b) in groups.items():
            # A tie at the cut-off may keep different members of it on each side.
            if abs(key * tol - last) > tol:
                assert set_a == set_b, f"ids differ among scores {key * tol:.4f}"


@pytest.fixture
def both(tmp_path, milvus_config, fake_embedder):
    """The same records in a faiss collection and a Milvus one."""
    faiss_side = Collection(tmp_path / "faiss", fake_embedder)
    milvus_side = Collection(tmp_path / "milvus", fake_embedder, milvus_config)
    records = synthetic()
    assert faiss_side.add(records).added == milvus_side.add(records).added == len(records)
    return faiss_side, milvus_side


def test_top_k_ids_and_scores_match(both, fake_embedder):
    faiss_side, milvus_side = both
    queries = fake_embedder.encode(
        [
            "Russia raised taxes",
            "did the governor ban tariffs since the election",
            "Congress approved the budget overnight",
            "school funding was doubled twice",
            "nothing in common here",
        ]
    )
    for k in (1, 5, 20):
        expected = faiss_side.vectors.search(queries, k)
        got = milvus_side.vectors.search(queries, k)
        # faiss ids are SQLite row ids, Milvus ids content hashes: compare the records' ids.
        assert_same_ranking(
            expected[0], _hashes(faiss_side, expected[1]), got[0], _hashes(milvus_side, got[1])
        )


def _hashes(collection, ids):
    records = collection.store.by_seq(int(i) for i in ids.ravel() if i >= 0)
    return [[records[int(i)].content_hash if i >= 0 else None for i in row] for row in ids]


def test_the_sync_runs_on_milvus_too(tmp_path, fake_embedder, milvus_config):
    # The Milvus store names outlets, revises and merges as the SQLite one does.
    from index.importing import import_file
    from index.web.sync import sync
    from tests.fixture_web import FixtureWeb
    from tests.test_sync import CONFIG, NOW, OUTLETS, add_sources, by_speaker

    with FixtureWeb() as web:
        collection = Collection(tmp_path / "data", fake_embedder, milvus_config)
        import_file(collection, OUTLETS, "jsonl")
        add_sources(collection.data_dir, web, broken=False)
        reports = {r.source: r for r in sync(collection, CONFIG, now=NOW)}
        assert all(r.ok for r in reports.values()), [r.errors for r in reports.values()]
        assert reports["news-rss"].new == 7 and reports["yonhap"].updated == 1
        choe = {s.outlets[0].id: s for s in by_speaker(collection, "Choe Son-hui")}
        assert [(o.id, o.via) for o in choe["joongang-daily"].outlets] == [
            ("joongang-daily", "kcna"),
            ("yonhap", "kcna"),
        ]
        again = {r.source: r for r in sync(collection, CONFIG, now=NOW + timedelta(days=1))}
        assert sum(r.new + r.updated for r in again.values()) == 0


def test_store_reads_match(both):
    faiss_side, milvus_side = both
    assert milvus_side.store.count() == faiss_side.store.count() == 400
    assert milvus_side.store.counts_by_kind() == faiss_side.store.counts_by_kind()
    assert milvus_side.vectors.count == faiss_side.vectors.count
    record = synthetic()[42]
    assert milvus_side.store.get(record.content_hash) == faiss_side.store.get(record.content_hash)
    assert milvus_side.store.get("0" * 20) is None
    assert milvus_side.store.get('x" or id != "') is None
    again = milvus_side.add(synthetic()[:10])
    assert (again.added, again.duplicates) == (0, 10)


@pytest.mark.parametrize(
    "payload",
    [
        {"text": SEED_CLAIM, "url": "https://kcna.kp/en/article/1"},
        {"text": "North Korea says its alliance with Russia is strong", "top_k": 3},
        {"text": "Choe Son-hui said the alliance is invincible", "top_k": 10},
    ],
)
def test_check_answers_match(make_app, milvus_config, payload):
    faiss_app = make_app()
    milvus_app = make_app(DATA_DIR=str(Path(faiss_app.config["DATA_DIR"]) / "m"), **milvus_config)
    answers = []
    for app in (faiss_app, milvus_app):
        response = app.test_client().post("/v1/check", json=payload)
        assert response.status_code == 200
        answer = response.get_json()
        answer.pop("took_ms")
        answers.append(answer)
    faiss_answer, milvus_answer = answers
    assert milvus_answer["verdict"] == faiss_answer["verdict"]
    assert_same_ranking(*_ranking(faiss_answer), *_ranking(milvus_answer))
    assert milvus_answer == faiss_answer  # these claims have no tied scores: all else is equal


def _ranking(answer):
    evidence = answer["evidence"]
    return [[e["score"] for e in evidence]], [[e["id"] for e in evidence]]


def test_seed_case_on_milvus(make_app, milvus_config):
    client = make_app(**milvus_config).test_client()
    answer = client.post("/v1/check", json={"text": SEED_CLAIM}).get_json()
    top = answer["evidence"][0]
    assert (top["external_id"], top["match"], top["score"]) == (
        "seed-matsegora-2025-06-20",
        "matching",
        1.0,
    )
    assert top["outlets"][0]["profile"]["name"] == "Korea JoongAng Daily"
    assert client.get("/healthz").get_json()["statements"] == 3


def test_live_add_is_visible_to_another_replica(make_app, milvus_config, tmp_path):
    # Two apps with their own (empty) data directories share one Milvus, as replicas would.
    writer = make_app(DATA_DIR=str(tmp_path / "a"), **milvus_config).test_client()
    reader = make_app(DATA_DIR=str(tmp_path / "b"), **milvus_config).test_client()
    new = {
        "text": "The harbour bridge will close for repairs every Sunday in March.",
        "speaker": {"name": "Mira Holt", "role": "Transport minister"},
        "date": "2026-02-01",
        "outlets": [{"id": "harbour-post"}],
    }
    outlet = {
        "kind": "outlet",
        "id": "harbour-post",
        "name": "The Harbour Post",
        "domains": ["harbourpost.example"],
        "ownership": "private",
    }
    response = writer.post(
        "/v1/statements", json={"records": [outlet, new]}, headers={"X-API-Key": "test-key"}
    )
    assert response.status_code == 201, response.get_json()
    (new_id,) = response.get_json()["ids"]
    answer = reader.post("/v1/check", json={"text": new["text"]}).get_json()
    top = answer["evidence"][0]
    assert (top["id"], top["score"], top["match"]) == (new_id, 1.0, "matching")
    assert top["outlets"][0]["profile"]["name"] == "The Harbour Post"
    assert reader.get(f"/v1/statements/{new_id}").get_json()["speaker"]["name"] == "Mira Holt"
    assert reader.get("/v1/outlets/news.harbourpost.example").get_json()["id"] == "harbour-post"
    assert reader.get("/healthz").get_json()["statements"] == 4


def test_a_replica_indexes_for_bm25_what_another_added(make_app, milvus_config, tmp_path):
    # Each replica holds its own BM25; it polls the cluster for what the others add.
    writer = make_app(DATA_DIR=str(tmp_path / "a"), **milvus_config)
    reader = make_app(DATA_DIR=str(tmp_path / "b"), LEXICAL_POLL_SECONDS=0, **milvus_config)
    retriever = reader.extensions["veracity"].retriever
    reader.test_client().post("/v1/check", json={"text": SEED_CLAIM})  # the start-up scan
    assert retriever.lexical.count == 3
    new = dict(kind="statement", text="The harbour bridge will close for repairs on Sundays.")
    response = writer.test_client().post(
        "/v1/statements", json=new, headers={"X-API-Key": "test-key"}
    )
    assert response.status_code == 201
    assert not retriever.lexical.search("harbour bridge repairs", 5)
    reader.test_client().post("/v1/check", json={"text": "harbour bridge repairs"})
    if (polling := retriever.bm25._polling) is not None:
        polling.join(10)
    found = retriever.lexical.search("harbour bridge repairs", 5)
    assert len(found) == 1 and retriever.lexical.count == 4
    # Polling again reads the same stamps but indexes nothing twice.
    assert retriever.bm25._take_new() == 0 and retriever.lexical.count == 4


def test_a_collection_made_before_stamps_is_not_polled(make_app, milvus_config, monkeypatch):
    app = make_app(LEXICAL_POLL_SECONDS=0, **milvus_config)
    retriever = app.extensions["veracity"].retriever
    monkeypatch.setattr(retriever.collection.store, "stamped", False)
    for _ in range(2):
        app.test_client().post("/v1/check", json={"text": SEED_CLAIM})
    assert retriever.bm25._polling is None and retriever.bm25._polled == 0.0


def test_replicas_keep_no_local_state(make_app, milvus_config, tmp_path):
    make_app(DATA_DIR=str(tmp_path / "first"), **milvus_config)  # fills the shared Milvus
    app = make_app(DATA_DIR=str(tmp_path / "replica"), **milvus_config)
    app.test_client().post("/v1/check", json={"text": SEED_CLAIM})
    app.extensions["veracity"].collection.save()
    replica_dir = tmp_path / "replica"
    assert not replica_dir.exists() or not any(replica_dir.iterdir())


def test_other_model_is_refused(tmp_path, milvus_config):
    Collection(tmp_path, FakeEmbedder(), milvus_config)

    class OtherModel(FakeEmbedder):
        name = "other-model"

    with pytest.raises(IndexMismatch, match="other-model"):
        Collection(tmp_path, OtherModel(), milvus_config)


def test_oversized_record_is_refused(tmp_path, milvus_config, fake_embedder):
    collection = Collection(tmp_path, fake_embedder, milvus_config)
    record = Statement.from_dict({"text": "A claim.", "extra": {"notes": "x" * 70000}})
    with pytest.raises(RecordError, match="at most 65535"):
        collection.add([record])
    assert collection.store.count() == 0


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"VECTOR_BACKEND": "qdrant"}, "choose faiss or milvus"),
        ({"VECTOR_BACKEND": "milvus", "MILVUS_URI": "/tmp/not-a-db"}, "ending in .db"),
    ],
)
def test_bad_backend_settings(tmp_path, fake_embedder, config, message):
    with pytest.raises(ValueError, match=message):
        Collection(tmp_path, fake_embedder, config)
