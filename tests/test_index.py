"""The retrieval layer: records, the store, the on-disk vector index and the collection."""

import json

import numpy as np
import pytest

from index.collection import Collection
from index.ratings import rating_value
from index.records import Outlet, RecordError, Statement
from index.vectors import IndexCorrupt, IndexMismatch, VectorIndex

SAID = {
    "text": "Russia and North Korea are the closest of countries.",
    "speaker": {"name": "Alexandr Matsegora", "role": "Russian Ambassador to North Korea"},
    "date": "2025-06-20",
    "outlets": [{"id": "joongang-daily"}],
}


def statement(text, **fields):
    return Statement.from_dict({"text": text, **fields})


def test_content_hash_ignores_spacing_and_case_but_not_speaker_or_date():
    base = Statement.from_dict(SAID)
    assert (
        base.content_hash
        == statement(
            "  russia and north korea are the CLOSEST of countries. ",
            speaker=SAID["speaker"],
            date="2025-06-20",
        ).content_hash
    )
    assert base.content_hash != statement(SAID["text"], date="2025-06-20").content_hash
    # A re-published copy with other quote marks is the same record; other punctuation is not.
    quoted = statement('He said "we won\'t".', date="2025-06-20")
    assert (
        quoted.content_hash
        == statement("He said \u201cwe won\u2019t\u201d.", date="2025-06-20").content_hash
    )
    assert quoted.content_hash != statement("He said: we won't!", date="2025-06-20").content_hash
    assert base.content_hash != statement(SAID["text"], speaker=SAID["speaker"]).content_hash


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("true", 5),
        ("Mostly True", 4),
        ("half-true", 3),
        ("barely-true", 2),
        ("False", 1),
        ("pants-fire", 1),
        ("Pants on Fire!", 1),
        ("full-flop", None),
        ("half-flip", None),
        ("no-flip", None),
        ("Mixture", 3),
        ("", None),
        ("banana", None),
    ],
)
def test_ratings_map_onto_one_scale(label, value):
    assert rating_value(label) == value


def test_fact_check_keeps_a_flip_rating_as_text_unscored():
    record = statement(
        "He changed his mind.",
        kind="fact_check",
        rating={"label": "full-flop", "reviewer": "PolitiFact"},
    )
    assert record.rating.value is None
    assert record.rating.to_dict()["scale_label"] is None


def test_outlet_domains_are_normalized_and_profiles_merge():
    a = Outlet.from_dict(
        {
            "id": "kcna",
            "name": "KCNA",
            "domains": ["https://www.kcna.kp/en"],
            "ownership": "state-controlled",
            "country": "North Korea",
        }
    )
    b = Outlet.from_dict(
        {
            "id": "kcna.kp",
            "name": "kcna.kp",
            "domains": ["kcna.kp"],
            "ratings": [{"rater": "Media Bias/Fact Check", "factual": "very low"}],
        }
    )
    assert a.domains == ("kcna.kp",)
    merged = a.merged(b)
    assert (merged.name, merged.ownership, merged.ratings[0].factual) == (
        "KCNA",
        "state-controlled",
        "very low",
    )


def test_store_merges_an_outlet_imported_under_its_domain(tmp_path, fake_embedder):
    collection = Collection(tmp_path, fake_embedder)
    collection.add_outlets(
        [Outlet.from_dict({"id": "kcna", "name": "KCNA", "domains": ["kcna.kp"]})]
    )
    outcome = collection.store.upsert_outlet(
        Outlet.from_dict(
            {
                "id": "kcna.kp",
                "name": "kcna.kp",
                "domains": ["kcna.kp"],
                "ratings": [{"rater": "Media Bias/Fact Check", "factual": "very low"}],
            }
        )
    )
    assert outcome == "merged"
    profile = collection.store.outlet_for_domain("www.kcna.kp")
    assert (profile.id, profile.ratings[0].rater) == ("kcna", "Media Bias/Fact Check")
    assert collection.store.outlet_count() == 1


def test_adding_the_same_records_twice_is_a_no_op(tmp_path, fake_embedder):
    collection = Collection(tmp_path, fake_embedder)
    records = [Statement.from_dict(SAID), statement("Another thing was said.")]
    first = collection.add(records)
    again = collection.add([*records, Statement.from_dict(SAID)])
    assert (first.added, first.duplicates) == (2, 0)
    assert (again.added, again.duplicates) == (0, 3)
    assert collection.store.count() == 2
    assert collection.vectors.count == 2


@pytest.mark.parametrize("batch_size", [1, 256])
def test_of_copies_in_one_import_the_first_is_kept(tmp_path, fake_embedder, batch_size):
    # CT2020's Snopes file lists some claims twice, the second with a trailing space; its
    # qrels name the first copy. Whether both fall in one batch must not change which is kept.
    collection = Collection(tmp_path, fake_embedder)
    copies = [
        statement("Most protesters did not vote.", external_id="44"),
        statement("Most protesters did not vote. ", external_id="45"),
        statement("“Most protesters” did not vote.", external_id="46"),
    ]
    result = collection.add(copies, batch_size=batch_size)
    assert (result.added, result.duplicates) == (1, 2)
    stored = collection.store.by_seq(collection.vectors.ids.tolist())
    assert [r.external_id for r in stored.values()] == ["44"]


def test_search_returns_the_nearest_record_first(tmp_path, fake_embedder):
    collection = Collection(tmp_path, fake_embedder)
    collection.add([Statement.from_dict(SAID), statement("The weather in Paris is mild.")])
    hits = collection.search(fake_embedder.encode(["closest of countries Russia"]), 2)
    assert hits[0].statement.speaker.name == "Alexandr Matsegora"
    assert hits[0].score > hits[1].score


def test_index_round_trips_through_disk(tmp_path, fake_embedder):
    collection = Collection(tmp_path, fake_embedder)
    collection.add([Statement.from_dict(SAID), statement("Something else.")])
    manifest = collection.save()
    assert (manifest["model"], manifest["dim"], manifest["count"]) == ("fake-bow", 256, 2)
    loaded = VectorIndex.load(tmp_path / "index", model="fake-bow", dim=256)
    assert loaded.ids.tolist() == collection.vectors.ids.tolist()
    query = fake_embedder.encode(["closest of countries"])
    assert np.allclose(loaded.search(query, 2)[0], collection.vectors.search(query, 2)[0])


def test_a_lagging_index_file_catches_up_from_the_store(tmp_path, fake_embedder):
    collection = Collection(tmp_path, fake_embedder)
    collection.add([Statement.from_dict(SAID)])
    collection.save()
    collection.add([statement("Added after the save.")])  # committed, not saved to the index
    reopened = Collection(tmp_path, fake_embedder)
    assert reopened.vectors.count == 2


class OtherModel:
    name = "other-model"
    dim = 256

    def encode(self, texts, *, batch_size=64):
        raise AssertionError("must not embed")


def test_loading_refuses_an_index_of_another_model(tmp_path, fake_embedder):
    collection = Collection(tmp_path, fake_embedder)
    collection.add([Statement.from_dict(SAID)])
    collection.save()
    with pytest.raises(IndexMismatch) as error:
        Collection(tmp_path, OtherModel())
    message = str(error.value)
    assert "fake-bow" in message and "other-model" in message
    assert "veracity check-index --repair" in message


def test_a_store_with_another_models_vectors_is_refused_without_an_index(tmp_path, fake_embedder):
    Collection(tmp_path, fake_embedder).add([Statement.from_dict(SAID)])
    with pytest.raises(IndexMismatch, match="other-model"):
        Collection(tmp_path, OtherModel())


@pytest.mark.parametrize(
    ("damage", "fragment"),
    [
        (lambda d: (d / "vectors.faiss").write_bytes(b"\0" * 10), "vectors.faiss"),
        (lambda d: (d / "vectors.faiss").unlink(), "vectors.faiss is missing"),
        (lambda d: (d / "ids.npy").write_bytes(b"junk"), "ids.npy"),
        (lambda d: (d / "manifest.json").write_text("{trunc"), "manifest.json is unreadable"),
        (
            lambda d: (d / "manifest.json").write_text(json.dumps({"model": "fake-bow"})),
            "manifest.json is unreadable",
        ),
    ],
    ids=[
        "truncated-faiss",
        "missing-faiss",
        "corrupt-ids",
        "truncated-manifest",
        "incomplete-manifest",
    ],
)
def test_a_damaged_index_is_refused_naming_the_file_and_the_fix(
    tmp_path, fake_embedder, damage, fragment
):
    collection = Collection(tmp_path, fake_embedder)
    collection.add([Statement.from_dict(SAID)])
    collection.save()
    damage(tmp_path / "index")
    with pytest.raises(IndexCorrupt) as error:
        VectorIndex.load(tmp_path / "index", model="fake-bow", dim=256)
    assert fragment in str(error.value)
    assert "check-index --repair" in str(error.value)


def test_saving_leaves_no_temporary_files(tmp_path, fake_embedder):
    collection = Collection(tmp_path, fake_embedder)
    collection.add([Statement.from_dict(SAID)])
    collection.save()
    collection.save()
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == [
        "ids.npy",
        "manifest.json",
        "vectors.faiss",
    ]


@pytest.mark.parametrize(
    ("record", "fragment"),
    [
        ("not an object", "must be a JSON object"),
        ({"text": "x" * 5001}, "longer than 5000"),
        ({"text": "x", "rating": {"label": "true", "value": 9}}, "rating.value must be"),
        ({"text": "x", "quote": "rumour"}, "quote must be one of"),
        ({"text": "x", "outlets": "kcna"}, "outlets must be a list"),
        ({"text": "x", "rating": {"label": "true", "url": "ftp://x"}}, "http(s) URL"),
    ],
)
def test_bad_records_say_which_field(record, fragment):
    with pytest.raises(RecordError, match=None) as error:
        Statement.from_dict(record)
    assert fragment in str(error.value)


@pytest.mark.parametrize("quote", ["direct", "partial", "paraphrase", "indirect", None])
def test_every_quote_type_is_a_record(quote):
    assert Statement.from_dict({"text": "x", "quote": quote}).quote == quote


def _start_engine(data_dir, corpus_dir, barrier, results):
    from service.app import create_app
    from tests.conftest import FakeEmbedder

    barrier.wait()
    try:
        app = create_app(
            {"DATA_DIR": str(data_dir), "CORPUS_DIR": str(corpus_dir)}
            | {"EMBEDDER": FakeEmbedder()}
        )
        collection = app.extensions["veracity"].collection
        results.put((collection.store.count(), collection.vectors.count))
    except Exception as exc:  # the parent asserts on what each worker saw
        results.put(repr(exc))


def test_workers_starting_on_an_empty_directory_fill_it_once(tmp_path):
    import multiprocessing
    from pathlib import Path

    from index.vectors import VectorIndex

    corpus = Path(__file__).resolve().parents[1] / "index" / "corpus"
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(3), context.Queue()
    workers = [
        context.Process(target=_start_engine, args=(tmp_path, corpus, barrier, results))
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    seen = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    stored = len((corpus / "seed.jsonl").read_text().splitlines())
    assert seen == [(stored, stored)] * 3
    saved = VectorIndex.load(tmp_path / "index", model="fake-bow", dim=256, verify="full")
    assert saved.count == stored
