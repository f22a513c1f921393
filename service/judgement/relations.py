"""Which judge decides each candidate's relation to the claim (same, opposite, different):
the cross-encoder, the vector head and the stance rules, and where each overrules another."""

from __future__ import annotations

from dataclasses import replace

from index.collection import Hit
from service.config import flag
from service.judgement import ahead, copies, cross, judge, people, stance

# Word likeness (copies.likeness) at which a pair the rules find no contradiction in is the
# same claim.
NEAR_SAME = 0.97
# The cross-encoder's probability of its reading at which the head no longer overrules it
# (docs/judge-log.md, item 49): the head, reading vectors alone, calls other claims on the same
# topic, and opposites in other words, the same claim.
SURE = 0.9


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
    and where the cross-encoder is unsure (below SURE) of a different claim but the head
    reads the same or the opposite one, the head's reading stands *disputed*; `veto` the
    head, but a candidate the cross-encoder finds the *opposite* claim is opposite.
    docs/verdicts.md gives the figures.
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
    # the head (docs/verdicts.md): where the cross-encoder is unsure, the head is asked too,
    # and where it sees this claim or its opposite, its reading stands, disputed.
    doubted = {
        seq
        for seq, j in judged.items()
        if mode == "cross" and j.relation == judge.DIFFERENT and not _sure(j)
    }
    # The cross-encoder reads near copies as opposites (it learned opposites from one-word
    # edits); where the stance rules find no contradiction the head is asked, and its "same"
    # may stand, disputed (below).
    stances = dict(stances or {})
    by_seq = {h.seq: h for h in chosen}
    for seq, j in judged.items():
        if mode == "cross" and j.relation == judge.OPPOSITE:
            if seq not in stances:
                stances[seq] = stance.stance(text, by_seq[seq].statement.text)
            if stances[seq] == stance.SUPPORTS:
                doubted.add(seq)
    # The readings the cross-encoder's own stand on (overrule weighs a sure one).
    crossed = set(judged) - doubted if mode == "cross" else set()
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
                # contradiction in is sometimes a paraphrase the judges misread, and a
                # confident verdict on it would mirror a rating onto the same claim. The
                # head's "same" stands only against an unsure cross-encoder, or on a near copy
                # (which the cross-encoder reads as an edit).
                rescued = head.relation == judge.SAME and (
                    not _sure(judged[h.seq]) or near_copy(text, h.statement.text)
                )
                chosen_reading = head if rescued else judged[h.seq]
                judged[h.seq] = replace(chosen_reading, disputed=True)
            elif head.relation != judge.DIFFERENT:
                judged[h.seq] = replace(head, disputed=True)
    out = {}
    for h in chosen:
        if h.seq in judged:
            said = stances.get(h.seq) or stance.stance(text, h.statement.text)
            read = h.seq in crossed
            out[h.seq] = overrule(text, h.statement.text, judged[h.seq], said, read)
    return out


def overrule(
    text: str, other: str, found: judge.Judgement, said: str, read: bool = False
) -> judge.Judgement:
    """Where the stance rules (`said`: their stance of `other` towards `text`) are surer than
    any judge. `read`: `found` is the cross-encoder's own reading."""
    # A contradiction the stance rules spell out (a negation, an antonym, another number,
    # names the other way round) overrules a "same": a wrong "same" borrows a rating onto
    # the opposite claim, the one mistake a verdict must not make.
    if found.relation == judge.SAME and said == stance.REFUTES:
        # Except the negation count alone against a cross-encoder sure of the same claim: it
        # misreads a claim said through another negation ("never had a majority" / "always
        # lacked majority support"), so the reading stands, disputed (never confident), and
        # is not mirrored (docs/judge-log.md, item 59).
        if not (read and _sure(found) and stance.judge(text, other).reason == stance.NEGATED):
            return replace(found, relation=judge.OPPOSITE)
        found = replace(found, disputed=True)
    # The same story told of another office-holder, in words too far apart for the stance
    # rules to compare ("during Bush's presidency" / "from President Obama").
    if found.relation == judge.SAME and people.other_person(text, other):
        return replace(found, relation=judge.OPPOSITE)
    # A near copy with no contradiction is the same claim, whatever the model says: a
    # stored fact-check's vector holds its title too ("No, X does not cause Y").
    if said == stance.SUPPORTS and near_copy(text, other):
        # A disputed *opposite* was the judges' misreading, and the copy settles it; a
        # disputed *same* stays disputed.
        disputed = found.disputed and found.relation == judge.SAME
        return replace(found, relation=judge.SAME, disputed=disputed)
    return found


def near_copy(text: str, other: str) -> bool:
    """Nearly the same words in the same order, or the same clauses in another order."""
    return copies.likeness(text, other) >= NEAR_SAME or copies.rotated(text, other)


def _sure(found: judge.Judgement) -> bool:
    return found.probabilities[found.relation] >= SURE
