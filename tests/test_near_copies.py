"""Near copies in other words (service/training/near_copies.py): the same claim only."""

import random
import re

import pytest

from service.training import contrast, near_copies
from service.training.contrast_words import SWAPS

NEGATIONS = re.compile(r"\b(not|no|never|none|nobody|nothing|without|n't)\b|n't\b", re.I)


def test_no_synonym_pair_is_an_antonym_or_says_no():
    lines = near_copies.SYNONYMS_FILE.read_text().splitlines()
    pairs = [line.split(" | ") for line in lines if line and not line.startswith("#")]
    assert len(pairs) >= 100
    swaps = set(SWAPS) | {(b, a) for a, b in SWAPS}
    for pair in pairs:
        assert len(pair) == 2 and all(pair) and pair[0] != pair[1], pair
        assert tuple(pair) not in swaps, pair
        assert not any(NEGATIONS.search(word) for word in pair), pair
    table, _ = near_copies._content_synonyms()
    assert all(table[b] in (a, *table) for a, b in pairs)


@pytest.mark.parametrize(
    ("text", "either"),
    [
        ("The Senate passed the bill in 2010.", {"The Senate approved the bill in 2010."}),
        ("Police arrested 40 people.", {"Police detained 40 people.", "law enforcement"}),
        ("A photograph shows a flooded street.", {"An image", "A picture", "reveals"}),
        ("She bought an image of the storm.", {"a photograph of", "a picture of"}),
    ],
)
def test_reword_changes_a_word_or_two_and_keeps_the_rest(text, either):
    for seed in range(8):
        new = near_copies.reword(text, random.Random(seed))
        assert new and new != text
        assert any(part in new for part in either), new
        # Numbers, names and the sentence's frame stay: only listed words change.
        assert re.findall(r"\d+", new) == re.findall(r"\d+", text)
        assert not re.search(r"\b[Aa] [aeiou]|\b[Aa]n [^aeiou\W]", new), new


def test_a_claim_without_a_listed_word_is_not_reworded():
    assert near_copies.reword("Obama is from Kenya.", random.Random(0)) is None


def test_reworded_pairs_keep_the_claims_split_and_leave_out_the_probes(monkeypatch):
    claims = [f"Senator {i} voted for the bill and banned {i} books." for i in range(60)]
    monkeypatch.setattr(contrast, "politifact", lambda: {str(i): t for i, t in enumerate(claims)})
    monkeypatch.setattr(contrast, "snopes", dict)
    monkeypatch.setattr(contrast, "liar", list)
    probed = contrast.group_of(claims[0])
    pairs = near_copies.reworded_pairs(excluded={probed}, per_split=20)
    assert 0 < len(pairs) <= 59
    for pair in pairs:
        assert pair["relation"] == contrast.SAME and pair["kind"] == "synonym"
        assert pair["group"] == contrast.group_of(pair["other"]) != probed
        assert pair["split"] == contrast.split_of(pair["group"])
        assert pair["claim"] != pair["other"]
    assert max(sum(p["split"] == s for p in pairs) for s in ("train", "dev", "test")) <= 20
    assert pairs == near_copies.reworded_pairs(excluded={probed}, per_split=20)


def test_near_opposites_flip_a_near_copy_and_leave_the_same_pairs_as_they_were(monkeypatch):
    claims = [f"Senator {i} voted for the bill in {1990 + i}." for i in range(40)]
    monkeypatch.setattr(contrast, "politifact", lambda: {str(i): t for i, t in enumerate(claims)})
    monkeypatch.setattr(contrast, "snopes", dict)
    monkeypatch.setattr(contrast, "liar", list)
    same = near_copies.reworded_pairs()
    both = near_copies.reworded_pairs(opposites=True)
    assert [p for p in both if p["kind"] == "synonym"] == same
    flipped = [p for p in both if p["kind"] == "synonym_opposite"]
    assert len(flipped) == len(same) == 40
    near = {p["group"]: p["claim"] for p in same}
    for pair in flipped:
        assert pair["relation"] == contrast.OPPOSITE
        # The near copy, edited: "not" put in, or another number, year or person.
        assert "cast a vote" in pair["claim"] and pair["claim"] not in (
            near[pair["group"]],
            pair["other"],
        )
        assert " not " in pair["claim"] or set(re.findall(r"\w+", pair["claim"])) != set(
            re.findall(r"\w+", near[pair["group"]])
        )
