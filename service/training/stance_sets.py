"""The labelled stance sets in ../shared/data/stance as (claim, evidence, relation) per split.

Relations: same (supports / entailment / agree), opposite (refutes / contradiction /
disagree), different (neutral / not enough info / discuss / unrelated). Each set keeps the
split its README gives; Climate-FEVER has none and is split by claim id (service/training/
contrast.split_of). RTE is not used: its not_entailment mixes opposite and different.
"""

from __future__ import annotations

import csv
import json
import random

from service.training.contrast import DIFFERENT, OPPOSITE, SAME, SHARED, split_of

STANCE = SHARED / "stance"
_SICK = {"ENTAILMENT": SAME, "CONTRADICTION": OPPOSITE, "NEUTRAL": DIFFERENT}
_HEALTHVER = {"Supports": SAME, "Refutes": OPPOSITE, "Neutral": DIFFERENT}
_CLIMATE = {"SUPPORTS": SAME, "REFUTES": OPPOSITE, "NOT_ENOUGH_INFO": DIFFERENT}
_FNC = {"agree": SAME, "disagree": OPPOSITE, "discuss": DIFFERENT, "unrelated": DIFFERENT}
_TWO_WAY = {"entailment": SAME, "not_entailment": OPPOSITE}
# The test split each set is scored on in bench/contrast.py; the rest may train.
TEST_SPLITS = {
    "sick": "test",
    "healthver": "test",
    "climate-fever": "test",
    "fnc-1": "test",
    "covid-fact": "test",
    "scifact": "dev",
}


def _tsv(path):
    with open(path, newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


def sick(split: str) -> list[tuple[str, str, str]]:
    """B judged against A (SICK's direction is A -> B)."""
    name = {"train": "train", "dev": "trial", "test": "test_annotated"}[split]
    rows = _tsv(STANCE / "sick" / f"SICK_{name}.txt")
    return [(r[2].strip(), r[1].strip(), _SICK[r[4].strip()]) for r in rows if len(r) > 4]


def healthver(split: str) -> list[tuple[str, str, str]]:
    """dev trains (the train file is not available), test is scored."""
    name = "dev" if split == "train" else split
    with open(STANCE / "healthver" / f"healthver_{name}.csv", newline="") as fh:
        return [(r["claim"], r["evidence"], _HEALTHVER[r["label"]]) for r in csv.DictReader(fh)]


def climate_fever(split: str) -> list[tuple[str, str, str]]:
    with open(STANCE / "climate-fever" / "climate-fever.jsonl") as fh:
        claims = [json.loads(line) for line in fh]
    return [
        (c["claim"], e["evidence"], _CLIMATE[e["evidence_label"]])
        for c in claims
        if split_of("climate-" + c["claim_id"]) == split
        for e in c["evidences"]
    ]


def fnc(split: str, seed: int = 17) -> list[tuple[str, str, str]]:
    """Headline judged against the body; unrelated pairs sampled down to 1 in 10 (seeded)."""
    folder = STANCE / "fnc-1"
    stances, bodies = (
        ("train_stances.csv", "train_bodies.csv")
        if split == "train"
        else ("competition_test_stances.csv", "competition_test_bodies.csv")
    )
    if split == "dev":
        return []
    with open(folder / bodies, newline="") as fh:
        text = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(fh)}
    rng = random.Random(seed)
    with open(folder / stances, newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Stance"] != "unrelated" or rng.random() < 0.1]
    return [(r["Headline"], text[r["Body ID"]], _FNC[r["Stance"]]) for r in rows]


def covid_fact(split: str) -> list[tuple[str, str, str]]:
    rows = _tsv(STANCE / "covid-fact" / f"{split}.tsv")
    return [(r[2], r[1], _TWO_WAY[r[3].strip()]) for r in rows if len(r) > 3]


def scifact(split: str) -> list[tuple[str, str, str]]:
    """train trains, dev is scored (there is no test file)."""
    if split == "test":
        return []
    rows = _tsv(STANCE / "scifact-pairs" / f"{split}.tsv")
    return [(r[2], r[1], _TWO_WAY[r[3].strip()]) for r in rows if len(r) > 3]


SETS = {
    "sick": sick,
    "healthver": healthver,
    "climate-fever": climate_fever,
    "fnc-1": fnc,
    "covid-fact": covid_fact,
    "scifact": scifact,
}


def training_pairs() -> list[tuple[str, str, str, str]]:
    """(claim, evidence, relation, set) of every set's training split."""
    out = []
    for name, load in SETS.items():
        out += [(*pair, name) for pair in load("train")]
    return out


def test_pairs(name: str) -> list[tuple[str, str, str]]:
    return SETS[name](TEST_SPLITS[name])
