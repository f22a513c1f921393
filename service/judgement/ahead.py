"""The cross-encoder's reading of a lookup's likely first candidate, started early on the side
thread (from BM25's first while the query is encoded, or from the ranking) so the model runs
while the request's thread encodes, reads the records and runs the stance rules."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass

from index.records import Statement
from service.config import flag
from service.judgement import copies, cross, judge, stance


@dataclass
class Ahead:
    """What a lookup learned of its likely first candidate before the records were read: the
    record (`seq`), the stance rules' reading and whether it repeats the claim's words where
    they ran (`said`, `repeats`; None where not), and the cross-encoder's reading of it if one
    was started (`future`). The lookup uses each instead of doing the work again."""

    seq: int
    record: Statement
    future: Future | None = None
    said: str | None = None
    repeats: bool | None = None

    def reading(self, seq: int) -> judge.Judgement | None:
        """The cross-encoder's reading for `seq`, waited for; None if none was started for it."""
        if seq != self.seq or self.future is None:
            return None
        return self.future.result()[0]


def _enabled(config) -> bool:
    return (
        flag(config["CROSS_AHEAD"])
        and flag(config["JUDGE"])
        and config["JUDGE_MODEL"] != "head"
        # A batch is quantized together, so a pair read alone can differ in the last bits
        # from the same pair read with others: read ahead only where one pair is read.
        and int(config["CROSS_DEPTH"]) == 1
        and judge.load() is not None
    )


def from_words(
    engine, executor: Executor, text: str, ranked: list[tuple[int, float]]
) -> Ahead | None:
    """Start reading BM25's first record, if a fact-check that leads its second by
    CROSS_EARLY_LEAD, as BM25 returns on the side thread: before the query is encoded (~9 ms
    for a new sentence), so the run (~6 ms) is done by the time retrieval has ranked. `start`
    takes it if it guesses the same row; otherwise it was a run on the other core for
    nothing. At 1.3, 25 of the 38 such guesses on the 119 2B dev lookups were the row the
    lookup read (at any lead, 29 of 119)."""
    lead = float(engine.config["CROSS_EARLY_LEAD"])
    if not (lead and ranked and _enabled(engine.config)):
        return None
    (first, score), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    if score < lead * second:
        return None
    record = engine.collection.store.by_seq([first]).get(first)
    if record is None or record.kind != "fact_check":
        return None
    return Ahead(first, record, _read(engine.config, executor, text, record))


def start(
    engine,
    executor: Executor,
    text: str,
    ranked: list[int],
    cosines: dict[int, float],
    words: Ahead | None = None,
) -> Ahead | None:
    """Start reading the fact-check the cross-encoder will read for this claim, if any, from
    the retrieval order and cosines before the records are read (the store is read for it
    alone). The guess is the first row id at or above MATCH_THRESHOLD, or the first one in
    `under_threshold`'s band where the stance rules read the same claim or it repeats the
    claim's words. A wrong guess costs one run on the side thread, which the next lookup's
    BM25 may wait behind; the lookup reads its real candidate itself (a re-ranker can reorder
    the records afterwards). `words`: what `from_words` started, taken if it is the same
    row. None where nothing was read; else what was learned, with or without a reading."""
    config = engine.config
    if not (ranked and _enabled(config)):
        return None
    threshold, floor = float(config["MATCH_THRESHOLD"]), float(config["SAME_FLOOR"])
    first = ranked[0]
    banded = bool(floor) and floor <= cosines.get(first, -1.0) < threshold
    if not banded:
        first = next((s for s in ranked if cosines.get(s, -1.0) >= threshold), None)
        if first is None:
            return None
    if words is not None and words.seq == first:
        record = words.record
    else:
        words = None
        record = engine.collection.store.by_seq([first]).get(first)
    if record is None:
        return None
    if record.kind != "fact_check":
        return Ahead(first, record)

    def read() -> Future:
        return words.future if words is not None else _read(config, executor, text, record)

    if not banded:
        return Ahead(first, record, read())
    # The rules first (~0.2 ms): where they read the same claim the model starts at once, and
    # whether the record repeats the claim's words is found while it runs.
    said = stance.stance(text, record.text)
    future = read() if said == stance.SUPPORTS else None
    repeats = copies.repeats(text, record.text)
    if future is None and repeats:
        future = read()
    return Ahead(first, record, future, said, repeats)


def _read(config, executor: Executor, text: str, record: Statement) -> Future:
    reader = cross.load(config["CROSS_MODEL"] or None)
    return reader.start(executor, text, [record.text])
