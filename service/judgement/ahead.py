"""The cross-encoder's reading of a lookup's likely first candidate, started early on the side
thread so the model runs while the records are read and the stance rules run."""

from __future__ import annotations

from concurrent.futures import Executor, Future

from service.config import flag
from service.judgement import copies, cross, judge, stance


class Ahead:
    """A reading started for one row id; `reading(seq)` waits for it, for that row id only."""

    def __init__(self, seq: int, future: Future):
        self.seq = seq
        self.future = future

    def reading(self, seq: int) -> judge.Judgement | None:
        return self.future.result()[0] if seq == self.seq else None


def start(
    engine, executor: Executor, text: str, ranked: list[int], cosines: dict[int, float]
) -> Ahead | None:
    """Start reading the fact-check the cross-encoder will read for this claim, if any, from
    the retrieval order and cosines before the records are read (the store is read for it
    alone). The guess is the first row id at or above MATCH_THRESHOLD, or the first one in
    `under_threshold`'s band where the stance rules read the same claim or it repeats the
    claim's words. A wrong guess costs one run on the side thread, which the next lookup's
    BM25 may wait behind; the lookup reads its real candidate itself (a re-ranker can reorder
    the records afterwards)."""
    config = engine.config
    if not (
        flag(config["CROSS_AHEAD"])
        and flag(config["JUDGE"])
        and config["JUDGE_MODEL"] != "head"
        # A batch is quantized together, so a pair read alone can differ in the last bits
        # from the same pair read with others: read ahead only where one pair is read.
        and int(config["CROSS_DEPTH"]) == 1
        and ranked
        and judge.load() is not None
    ):
        return None
    threshold, floor = float(config["MATCH_THRESHOLD"]), float(config["SAME_FLOOR"])
    first = ranked[0]
    banded = bool(floor) and floor <= cosines.get(first, -1.0) < threshold
    if not banded:
        first = next((s for s in ranked if cosines.get(s, -1.0) >= threshold), None)
        if first is None:
            return None
    record = engine.collection.store.by_seq([first]).get(first)
    if record is None or record.kind != "fact_check":
        return None
    if banded and not (
        stance.stance(text, record.text) == stance.SUPPORTS or copies.repeats(text, record.text)
    ):
        return None
    reader = cross.load(config["CROSS_MODEL"] or None)
    return Ahead(first, reader.start(executor, text, [record.text]))
