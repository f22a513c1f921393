"""The lookup path behind /v1/check: embed, search, judge, and shape the answer."""

from __future__ import annotations

import time
from dataclasses import replace

from index.collection import Hit
from index.records import Outlet, Statement
from service.judgement import (
    ahead,
    attribution,
    judge,
    sources,
    stance,
    under_threshold,
    verdict,
)
from service.judgement.relations import judge_candidates


def record_dict(statement: Statement, outlets: dict[str, Outlet | None]) -> dict:
    """A stored record as the API shows it, with its outlets' profiles filled in."""
    data = statement.to_dict()
    data.pop("extra", None)
    data["outlets"] = [
        {**ref, "profile": p.to_dict() if (p := outlets.get(ref["id"])) else None}
        for ref in data["outlets"]
    ]
    return data


def check(
    engine,
    text: str,
    *,
    url: str | None = None,
    top_k: int = 5,
    date: str | None = None,
    context: dict | None = None,
    vectors: dict | None = None,
) -> dict:
    """Answer one claim: verdict, ranked evidence, context notes.

    `date` is when the claim was made; `context` ({"before", "after"}) the text around it;
    `vectors` the query vectors `check_many` encoded for a whole batch.
    """
    started = time.perf_counter()
    config = engine.config
    collection = engine.collection
    depth = max(top_k, int(config["CANDIDATES"]))
    sides = _sides(context)
    side = engine.retriever.side()
    # The cross-encoder's reading, started from BM25's first before the query is encoded, or
    # from the ranking while the records are read.
    guessed, begun = [], []

    def from_words(ranked: list[tuple[int, float]]) -> None:
        guessed.append(ahead.from_words(engine, side, text, ranked))

    def read_ahead(ranked: list[int], cosines: dict[int, float]) -> dict[int, Statement]:
        early = ahead.start(engine, side, text, ranked, cosines, guessed[0] if guessed else None)
        begun.append(early)
        return {a.seq: a.record for a in (*guessed, early) if a}  # not read from the store again

    query, hits, vector = engine.retriever.search_claim(
        text, depth, date=date, context=sides, vectors=vectors, ahead=read_ahead, on_bm25=from_words
    )
    early = begun[0] if begun else None
    outlets = sources.profiles(collection.store, [h.statement for h in hits])
    names = {oid: o.name for oid, o in outlets.items() if o}
    # Stance for what the card shows and what the verdict may rest on; the rules cost ~0.2 ms
    # a record, too much to spend on every candidate.
    floor = min(float(config["MATCH_THRESHOLD"]), float(config["SUPPORT_THRESHOLD"]))
    judged = [h for i, h in enumerate(hits) if i < top_k or h.score >= floor]
    said = {early.seq: early.said} if early and early.said else {}
    stances = {h.seq: said.get(h.seq) or stance.stance(text, h.statement.text) for h in judged}
    known = {early.seq: early.repeats} if early and early.repeats is not None else {}
    repeating = under_threshold.repeated(text, hits, config, known)
    same = under_threshold.read_as_same(engine, text, hits, stances, repeating, early)
    matched = repeating | frozenset(same)
    relations = judge_candidates(
        engine, text, vector, hits, stances, matched, known=same, early=early
    )
    # Matched under the threshold on the judges' reading alone: tentative.
    relations.update({s: replace(relations[s], disputed=True) for s in same if s in relations})
    stances.update({seq: j.stance for seq, j in relations.items()})
    result = verdict.assess(
        text,
        hits,
        match_threshold=float(config["MATCH_THRESHOLD"]),
        support_threshold=float(config["SUPPORT_THRESHOLD"]),
        stances=stances,
        outlet_names=names,
        relations=relations,
        copies=matched,
    )
    matching = {h.seq for h in result.matching}
    # Evidence keeps the retrieval order (fused, re-ranked); each item says if it matches.
    evidence = [
        _evidence(h, h.seq in matching, stances[h.seq], relations.get(h.seq), outlets)
        for h in hits[:top_k]
    ]
    notes = sources.context_notes(text, [h.statement for h in result.matching], outlets)
    page_outlet = None
    if url:
        outlet = collection.store.outlet_for_domain(url)
        if outlet is not None:
            page_outlet = outlet.to_dict()
            notes.append(sources.page_note(outlet))
    if not result.matching:
        notes.append(
            {
                "code": "no_match",
                "subject": None,
                "message": "No stored statement or fact-check matches this claim.",
            }
        )
    return {
        "query": {
            "text": text,
            "claim_type": attribution.claim_type(text),
            # The request's date, else the day an embedded tweet's signature names.
            "date": date or query.date,
            "context": context,
        },
        "verdict": {
            "label": result.label,
            "rating": result.rating,
            "confidence": result.confidence,
            "confident": result.confident,
            "basis": result.basis,
            "explanation": result.explanation,
        },
        "evidence": evidence,
        "context": notes,
        "page_outlet": page_outlet,
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def check_many(
    engine,
    texts: list[str],
    *,
    url: str | None = None,
    top_k: int = 5,
    date: str | None = None,
    context: dict | None = None,
) -> list[dict]:
    """Answer several claims in order, each as `check` does, their vectors from ONE encode."""
    vectors = engine.retriever.encode_many(texts, _sides(context))
    return [
        check(engine, text, url=url, top_k=top_k, date=date, context=context, vectors=vectors)
        for text in texts
    ]


def _sides(context: dict | None) -> tuple[str, str] | None:
    return (context.get("before") or "", context.get("after") or "") if context else None


def _evidence(
    hit: Hit,
    matching: bool,
    stance: str,
    judged: judge.Judgement | None,
    outlets: dict[str, Outlet | None],
) -> dict:
    return {
        **record_dict(hit.statement, outlets),
        "score": round(hit.score, 4),
        "match": "matching" if matching else "related",
        "stance": stance,
        # The judge's relation to the claim (same, opposite, different), for the candidates
        # it judged; null for the others.
        "relation": judged.relation if judged else None,
        "relation_confidence": judged.probabilities[judged.relation] if judged else None,
        # The cross-encoder read a different claim where the head read this relation.
        "relation_disputed": judged.disputed if judged else None,
    }
