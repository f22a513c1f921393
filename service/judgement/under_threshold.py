"""Fact-checks that match under MATCH_THRESHOLD: copies of the claim, or read as the claim."""

from __future__ import annotations

from index.collection import Hit
from service.config import flag
from service.judgement import copies, cross, judge, stance
from service.judgement.ahead import Ahead


def repeated(
    text: str, hits: list[Hit], config, known: dict[int, bool] | None = None
) -> frozenset[int]:
    """Row ids of the first JUDGE_DEPTH fact-checks that repeat the claim's words: they match
    whatever their cosine, which a fact-check's title in its vector can pull under
    MATCH_THRESHOLD ("I did not support the war in Iraq." at 0.59). `known`: what is known
    already, by row id (ahead.py finds it for the first)."""
    threshold = float(config["MATCH_THRESHOLD"])
    known = known or {}
    return frozenset(
        h.seq
        for h in hits[: int(config["JUDGE_DEPTH"])]
        if h.score < threshold
        and h.statement.kind == "fact_check"
        and (known[h.seq] if h.seq in known else copies.repeats(text, h.statement.text))
    )


def read_as_same(
    engine,
    text: str,
    hits: list[Hit],
    stances: dict,
    repeating: frozenset[int],
    early: Ahead | None = None,
) -> dict[int, judge.Judgement]:
    """The first hit's row id and the cross-encoder's reading of it, when it is a fact-check
    between SAME_FLOOR and MATCH_THRESHOLD that the stance rules and the cross-encoder both
    read as the same claim: a paraphrase's own fact-check can rank first at cosine 0.55-0.62,
    its title in its vector. Empty otherwise. `early`: the reading ahead.py started, if any."""
    config = engine.config
    floor, threshold = float(config["SAME_FLOOR"]), float(config["MATCH_THRESHOLD"])
    top = hits[0] if hits else None
    if (
        top is None
        or not floor
        or not floor <= top.score < threshold
        or top.seq in repeating
        or top.statement.kind != "fact_check"
        or config["JUDGE_MODEL"] != "cross"
        or not flag(config["JUDGE"])
        or judge.load() is None
    ):
        return {}
    # The stance rules first (~0.2 ms): the model runs only where they read the same claim.
    if top.seq not in stances:
        stances[top.seq] = stance.stance(text, top.statement.text)
    said = stances[top.seq]
    if said != stance.SUPPORTS:
        return {}
    found = early.reading(top.seq) if early is not None else None
    if found is None:
        (found,) = cross.load(config["CROSS_MODEL"] or None).judge_many(text, [top.statement.text])
    return {top.seq: found} if found.relation == judge.SAME else {}
