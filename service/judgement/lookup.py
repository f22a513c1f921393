"""The lookup path behind /v1/check: embed, search, judge, and shape the answer."""

from __future__ import annotations

import time
from dataclasses import replace

from index.collection import Hit
from index.records import Outlet, Statement
from service.config import flag
from service.judgement import (
    ahead,
    attribution,
    copies,
    cross,
    judge,
    people,
    sources,
    stance,
    under_threshold,
    verdict,
)


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


# Word likeness (copies.likeness) at which a pair the rules find no contradiction in is the
# same claim.
NEAR_SAME = 0.97


def judge_candidates(
    engine,
    text: str,
    vector,
    hits: list[Hit],
    stances: dict[int, str] | None = None,
    repeating: frozenset[int] = frozenset(),
    known: dict[int, judge.Judgement] | None = None,
    early: ahead.Ahead | None = None,
) -> dict[int, judge.Judgement]:
    """The judge's relation for the few candidates a verdict may borrow from: the first
    JUDGE_DEPTH hits at or above MATCH_THRESHOLD. The vector head judges them from the index's
    vectors (dot products, no model run); the cross-encoder reads the fact-checks among the
    first CROSS_DEPTH of them with the claim (one batched model run). JUDGE_MODEL says who
    decides: `head` alone; `cross` (the default) on its candidates, the head on the rest,
    and where the cross-encoder reads a different claim but the head the same or the opposite
    one, the head's reading stands *disputed*; `veto` the head, but a candidate the
    cross-encoder finds the *opposite* claim is opposite. docs/verdicts.md gives the figures.
    `stances`: the stance rules' verdicts by row id where `check` has them already (the rules
    run once per candidate); `repeating`: the row ids `under_threshold` let match under
    MATCH_THRESHOLD, judged whatever their cosine; `known`: cross-encoder readings `check`
    has already (under_threshold.read_as_same), not read again; `early`: a reading `check`
    started before the records were read, waited for if its row id is read here."""
    config = engine.config
    model = judge.load()
    if model is None or not flag(config["JUDGE"]) or vector is None:
        return {}
    threshold = float(config["MATCH_THRESHOLD"])
    chosen = [h for h in hits if h.score >= threshold or h.seq in repeating]
    chosen = chosen[: int(config["JUDGE_DEPTH"])]
    if not chosen:
        return {}
    judged = {}
    mode = config["JUDGE_MODEL"]
    if mode != "head":
        # Fact-checks only: the cross-encoder learned claim against fact-checked claim. An
        # attributed statement is read against what a claim says someone said ("Moscow's
        # envoy called ..." against the envoy's words), which it calls a different claim;
        # the head, which saw the stance sets' evidence sentences too, reads those.
        depth = int(config["CROSS_DEPTH"])
        first = [h for h in chosen[:depth] if h.statement.kind == "fact_check"]
        read = dict(known or {})
        for h in first:
            found = early.reading(h.seq) if early is not None and h.seq not in read else None
            if found is not None:
                read[h.seq] = found
        todo = [h for h in first if h.seq not in read]
        if todo:
            reader = cross.load(config["CROSS_MODEL"] or None)
            found = reader.judge_many(text, [h.statement.text for h in todo])
            read.update(zip((h.seq for h in todo), found, strict=True))
        judged = {
            h.seq: read[h.seq]
            for h in first
            if mode == "cross" or read[h.seq].relation == judge.OPPOSITE
        }
    # Free rewordings read as a different claim to the cross-encoder and as the same one to
    # the head (docs/verdicts.md): the head is asked too, and where it sees this claim or its
    # opposite, its reading stands, disputed.
    doubted = {
        seq for seq, j in judged.items() if mode == "cross" and j.relation == judge.DIFFERENT
    }
    # The cross-encoder reads near copies as opposites (it learned opposites from one-word
    # edits); where the stance rules find no contradiction the head is asked, and its "same"
    # stands, disputed.
    stances = dict(stances or {})
    by_seq = {h.seq: h for h in chosen}
    for seq, j in judged.items():
        if mode == "cross" and j.relation == judge.OPPOSITE:
            if seq not in stances:
                stances[seq] = stance.stance(text, by_seq[seq].statement.text)
            if stances[seq] == stance.SUPPORTS:
                doubted.add(seq)
    rest = [h for h in chosen if h.seq not in judged or h.seq in doubted]
    vectors = engine.collection.vectors_by_seq([h.seq for h in rest]) if rest else {}
    claim = vector.reshape(-1)
    for h in rest:
        if h.seq in vectors:
            head = model.judge(text, h.statement.text, claim, vectors[h.seq])
            if h.seq not in doubted:
                judged[h.seq] = head
            elif judged[h.seq].relation == judge.OPPOSITE:
                # Either way it stays disputed: an opposite the stance rules see no
                # contradiction in is as often a paraphrase the judges misread, and a
                # confident verdict on it would mirror a rating onto the same claim.
                chosen_reading = head if head.relation == judge.SAME else judged[h.seq]
                judged[h.seq] = replace(chosen_reading, disputed=True)
            elif head.relation != judge.DIFFERENT:
                judged[h.seq] = replace(head, disputed=True)
    out = {}
    for h in chosen:
        if h.seq in judged:
            said = stances.get(h.seq) or stance.stance(text, h.statement.text)
            out[h.seq] = overrule(text, h.statement.text, judged[h.seq], said)
    return out


def overrule(text: str, other: str, found: judge.Judgement, said: str) -> judge.Judgement:
    """Where the stance rules (`said`: their stance of `other` towards `text`) are surer than
    any judge."""
    # A contradiction the stance rules spell out (a negation, an antonym, another number,
    # names the other way round) overrules a "same": a wrong "same" borrows a rating onto
    # the opposite claim, the one mistake a verdict must not make.
    if found.relation == judge.SAME and said == stance.REFUTES:
        return replace(found, relation=judge.OPPOSITE)
    # The same story told of another office-holder, in words too far apart for the stance
    # rules to compare ("during Bush's presidency" / "from President Obama").
    if found.relation == judge.SAME and people.other_person(text, other):
        return replace(found, relation=judge.OPPOSITE)
    # A near copy with no contradiction is the same claim, whatever the model says: a
    # stored fact-check's vector holds its title too ("No, X does not cause Y").
    if said == stance.SUPPORTS and (
        copies.likeness(text, other) >= NEAR_SAME or copies.rotated(text, other)
    ):
        # A disputed *opposite* was the judges' misreading, and the copy settles it; a
        # disputed *same* stays disputed.
        disputed = found.disputed and found.relation == judge.SAME
        return replace(found, relation=judge.SAME, disputed=disputed)
    return found


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
