"""The lookup path behind /v1/check: embed, search, judge, and shape the answer."""

from __future__ import annotations

import time

from index.collection import Hit
from index.records import Outlet, Statement
from service.judgement import sources, stance, verdict


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
    query, hits = engine.retriever.search(text, depth, date=date, context=sides, vectors=vectors)
    outlets = sources.profiles(collection.store, [h.statement for h in hits])
    names = {oid: o.name for oid, o in outlets.items() if o}
    # Stance for what the card shows and what the verdict may rest on; the rules cost ~0.2 ms
    # a record, too much to spend on every candidate.
    floor = min(float(config["MATCH_THRESHOLD"]), float(config["SUPPORT_THRESHOLD"]))
    judged = [h for i, h in enumerate(hits) if i < top_k or h.score >= floor]
    stances = {h.seq: stance.stance(text, h.statement.text) for h in judged}
    result = verdict.assess(
        text,
        hits,
        match_threshold=float(config["MATCH_THRESHOLD"]),
        support_threshold=float(config["SUPPORT_THRESHOLD"]),
        stances=stances,
        outlet_names=names,
    )
    matching = {h.seq for h in result.matching}
    # Evidence keeps the retrieval order (fused, re-ranked); each item says if it matches.
    evidence = [_evidence(h, h.seq in matching, stances[h.seq], outlets) for h in hits[:top_k]]
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
            "claim_type": verdict.claim_type(text),
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


def _evidence(hit: Hit, matching: bool, stance: str, outlets: dict[str, Outlet | None]) -> dict:
    return {
        **record_dict(hit.statement, outlets),
        "score": round(hit.score, 4),
        "match": "matching" if matching else "related",
        "stance": stance,
    }
