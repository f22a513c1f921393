"""Crash safety: SIGKILL an import at random points, restart, and lose nothing committed;
detect a corrupt index file at start and rebuild it from the store instead of crash-looping.
"""

import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from index import integrity
from index.collection import INDEX_DIR, Collection
from index.importers import FORMATS
from index.vectors import FAISS_FILE, IDS_FILE, MANIFEST_FILE, IndexCorrupt
from tests.conftest import FakeEmbedder

ROOT = Path(__file__).resolve().parents[1]
WORDS = [
    "senate",
    "budget",
    "vaccine",
    "border",
    "tariff",
    "school",
    "climate",
    "energy",
    "police",
    "housing",
]


def write_statements(path: Path, count: int) -> list[dict]:
    rng = random.Random(11)
    records = [
        {
            "text": f"Claim {n}: the {rng.choice(WORDS)} plan q{n}x costs {rng.randint(1, 999)} "
            f"and {rng.choice(WORDS)} r{n * 7919}z.",
            "speaker": {"name": f"Speaker {n % 37}"},
            "date": f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}",
        }
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return records


def start_import(data_dir, path, fmt="jsonl", *extra):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash_import", str(data_dir), str(path), fmt, *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def kill_at_random(process, rng, *, total: int, floor: int) -> int:
    """SIGKILL the import once it reports a random count of committed statements (between
    what earlier runs committed and 90% of the file), and return the highest count it reported.

    Killing on a reported count rather than after a random delay keeps every kill mid-import
    however fast or slow the machine is.
    """
    target = rng.randint(min(floor + 1, total // 2), int(total * 0.9))
    committed = 0
    os.set_blocking(process.stdout.fileno(), False)
    while process.poll() is None:
        line = process.stdout.readline()
        if line.startswith("committed"):
            committed = max(committed, int(line.split()[1]))
            if committed >= target:
                process.send_signal(signal.SIGKILL)
                break
        if not line:
            time.sleep(0.002)
    process.wait()
    for line in process.stdout.read().splitlines():  # what it printed before dying
        if line.startswith("committed"):
            committed = max(committed, int(line.split()[1]))
    return committed


def assert_committed_are_searchable(data_dir, embedder, records, committed, statements_of):
    collection = Collection(data_dir, embedder)
    wanted = [statements_of(r) for r in records[:committed]]
    stored = collection.store.existing_ids(s.content_hash for s in wanted)
    lost = [s.text for s in wanted if s.content_hash not in stored]
    assert lost == [], f"{len(lost)} committed statements lost"
    sample = random.Random(5).sample(wanted, min(40, len(wanted)))
    vectors = embedder.encode([s.embed_text for s in sample])
    for statement, vector in zip(sample, vectors, strict=True):
        hits = collection.search(vector, 5)
        assert statement.content_hash in {h.statement.content_hash for h in hits}
    return collection


def crash_and_resume(tmp_path, embedder, path, fmt, records, statements_of, *, runs, extra):
    data_dir = tmp_path / "data"
    rng = random.Random(int(os.environ.get("CRASH_SEED", "1")))
    committed = 0
    for _ in range(runs):
        process = start_import(data_dir, path, fmt, *extra)
        reported = kill_at_random(process, rng, total=len(records), floor=committed)
        committed = max(committed, reported)
        assert_committed_are_searchable(data_dir, embedder, records, committed, statements_of)
    assert 0 < committed < len(records), "the kills should land mid-import"
    problems = integrity.verify(data_dir, embedder)
    assert not [p for p in problems if p.serious], problems
    integrity.repair(data_dir, embedder)
    assert integrity.verify(data_dir, embedder) == []
    finish = start_import(data_dir, path, fmt, *extra)
    out, _ = finish.communicate(timeout=3600)
    assert finish.returncode == 0, out
    collection = Collection(data_dir, embedder)
    unique = {statements_of(r).content_hash for r in records}
    assert collection.store.count() == len(unique)  # the rest, and no duplicates
    assert collection.vectors.count == len(unique)
    assert integrity.verify(data_dir, embedder) == []
    print(f"\ncrash: {runs} SIGKILLs survived, {committed} reported committed, 0 lost")
    return committed


def test_killed_imports_lose_nothing_committed(tmp_path):
    from index.records import Statement

    records = write_statements(tmp_path / "statements.jsonl", 3000)
    crash_and_resume(
        tmp_path,
        FakeEmbedder(),
        tmp_path / "statements.jsonl",
        "jsonl",
        records,
        Statement.from_dict,
        runs=4,
        extra=["--batch-size", "50"],
    )


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("NIGHTLY"), reason="nightly: 19k PolitiFact, real model")
def test_killed_politifact_imports_lose_nothing(tmp_path, shared_data, real_embedder):
    path = shared_data / "checkthat/ct2021_2022_task2b_en/politifact_vclaims.jsonl"
    records = [item for _, item in FORMATS["checkthat"](path) if hasattr(item, "content_hash")]
    crash_and_resume(
        tmp_path,
        real_embedder,
        path,
        "checkthat",
        records,
        lambda statement: statement,
        runs=5,
        extra=["--real", "--batch-size", "256"],
    )


# a corrupt index at start -----------------------------------------------------------------


@pytest.fixture
def saved(tmp_path):
    embedder = FakeEmbedder()
    write_statements(tmp_path / "s.jsonl", 300)
    from index.importing import import_file

    collection = Collection(tmp_path / "data", embedder)
    import_file(collection, tmp_path / "s.jsonl", "jsonl")
    collection.store.close()
    return tmp_path / "data", embedder


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE = [
    (FAISS_FILE, truncate),
    (FAISS_FILE, flip_byte),
    (FAISS_FILE, Path.unlink),
    (IDS_FILE, truncate),
    (MANIFEST_FILE, truncate),
    (MANIFEST_FILE, lambda p: p.write_text("{}")),
    (MANIFEST_FILE, lambda p: p.write_bytes(b"\x00" * 64)),
]


@pytest.mark.parametrize("name, damage", DAMAGE)
def test_a_damaged_index_is_named_and_rebuilt_at_start(saved, caplog, name, damage):
    data_dir, embedder = saved
    damage(data_dir / INDEX_DIR / name)
    with pytest.raises(IndexCorrupt) as error:
        Collection(data_dir, embedder)
    assert str(data_dir / INDEX_DIR) in str(error.value)
    assert "veracity check-index --repair" in str(error.value)
    problems = integrity.verify(data_dir, embedder)
    assert [p.serious for p in problems] == [True]
    with caplog.at_level(logging.ERROR):
        collection = integrity.open_collection(data_dir, embedder)
    assert any(str(data_dir / INDEX_DIR) in r.getMessage() for r in caplog.records)
    assert collection.vectors.count == collection.store.count() == 300
    assert integrity.verify(data_dir, embedder) == []


def test_the_service_starts_on_a_damaged_index(saved, make_app):
    data_dir, embedder = saved
    truncate(data_dir / INDEX_DIR / FAISS_FILE)
    client = make_app(DATA_DIR=str(data_dir), EMBEDDER=embedder).test_client()
    health = client.get("/healthz").get_json()
    assert (health["statements"], health["indexed"]) == (300, 300)


def test_check_index_reports_and_repairs(saved, monkeypatch):
    from service import cli

    data_dir, embedder = saved
    monkeypatch.setattr("service.engine.configured_embedder", lambda config: embedder)
    runner = CliRunner()
    args = ["--data-dir", str(data_dir), "check-index"]
    ok = runner.invoke(cli.main, args)
    assert (ok.exit_code, "index and store agree" in ok.output) == (0, True)
    flip_byte(data_dir / INDEX_DIR / FAISS_FILE)
    broken = runner.invoke(cli.main, args)
    assert broken.exit_code == 1
    assert f"{data_dir / INDEX_DIR / FAISS_FILE} does not match its checksum" in broken.output
    fixed = runner.invoke(cli.main, [*args, "--repair"])
    assert fixed.exit_code == 0, fixed.output
    assert "indexed 300 vectors" in fixed.output
    assert runner.invoke(cli.main, args).exit_code == 0


def test_repair_re_embeds_statements_that_lost_their_vectors(saved):
    data_dir, embedder = saved
    store = Collection(data_dir, embedder).store
    store._conn().execute("DELETE FROM vectors WHERE seq % 10 = 0")
    problems = integrity.verify(data_dir, embedder)
    assert "30 stored statements have no vector" in [p.message for p in problems]
    assert integrity.repair(data_dir, embedder) == {"reembedded": 30, "indexed": 300, "bm25": 300}
    assert integrity.verify(data_dir, embedder) == []
    collection = Collection(data_dir, embedder)
    statement = store.by_seq([10])[10]
    hits = collection.search(embedder.encode([statement.embed_text]), 3)
    assert hits[0].seq == 10
    assert np.isclose(hits[0].score, 1.0)


def _rows_out_of_range(path: Path) -> None:
    """A posting names row -5; the file's size and header stay intact."""
    import json

    from index.bm25_file import MAGIC

    data = path.read_bytes()
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 8], "little")
    at = json.loads(data[len(MAGIC) + 8 : len(MAGIC) + 8 + size])["arrays"]["rows"][0]
    path.write_bytes(data[:at] + np.int32(-5).tobytes() + data[at + 4 :])


@pytest.mark.parametrize("damage", [truncate, _rows_out_of_range, lambda p: p.write_bytes(b"")])
def test_a_damaged_bm25_snapshot_is_reported_and_repaired(saved, damage):
    from index import lexical

    data_dir, embedder = saved
    path = data_dir / lexical.SNAPSHOT_FILE
    damage(path)
    problems = integrity.verify(data_dir, embedder)
    assert [p.serious for p in problems] == [True]
    assert str(path) in problems[0].message and "re-indexes BM25" in problems[0].message
    assert integrity.repair(data_dir, embedder)["bm25"] == 300
    assert integrity.verify(data_dir, embedder) == []
    assert lexical.LexicalIndex.load(path).count == 300
