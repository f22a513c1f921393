"""Does the cross-encoder tell a debate line's fact-check from its neighbours? (issue #17)

For CheckThat! 2B debate lines, the share of pairs each cross-encoder export calls *same*
(P(same) > 0.5): the line against its gold fact-checks, and against the first three other
fact-checks retrieval ranks for it (the candidates a verdict would otherwise borrow from; a
few are second checks of the same claim). A judge that reads the claims says *same* far more
often to the first. Train lines are a seeded sample of 119; dev is all 119.

    python -m bench.judge_spread                      # the packaged cross-encoder
    python -m bench.judge_spread data/cross-holdout   # and other exports beside it
"""

from __future__ import annotations

import argparse
import random

from bench import verdict_data as bv
from bench.report import table, write_section

SAMPLE, NEIGHBOURS, SEED = 119, 3, 5


def pairs(engine, split: str, claims: dict[str, str]) -> tuple[list, list]:
    """(line, gold claim) and (line, neighbouring other claim) pairs of a 2B split."""
    texts, gold = bv.queries(split)
    chosen = sorted(texts)
    random.Random(SEED).shuffle(chosen)
    answers = bv.answers(engine, {q: texts[q] for q in chosen[:SAMPLE]}, 0.0)
    golds, others = [], []
    for qid, answer in answers.items():
        golds += [(texts[qid], claims[v]) for v in gold[qid]]
        near = [
            e
            for e in answer["evidence"]
            if e["kind"] == "fact_check" and e.get("external_id") not in gold[qid]
        ]
        others += [(texts[qid], e["text"]) for e in near[:NEIGHBOURS]]
    return golds, others


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exports", nargs="*", help="other cross-encoder directories")
    args = parser.parse_args(argv)
    import torch

    from bench.models import onnx_embedder
    from service.config import DEFAULTS
    from service.judgement import cross
    from service.training.contrast import politifact

    torch.set_num_threads(1)
    left = {v for ids in bv.queries("dev")[1].values() for v in ids}
    full, _ = bv.data_dirs(left)
    engine = bv.engine_for(full, bv.CachedEmbedder(onnx_embedder(DEFAULTS["MODEL"]), {}))
    judges = {"packaged": cross.load(None)} | {d: cross.load(d) for d in args.exports}
    claims, rows = politifact(), []
    for split in ("train", "dev"):
        golds, others = pairs(engine, split, claims)
        for name, reader in judges.items():
            same_gold = float((reader.pair_probabilities(golds)[:, 0] > 0.5).mean())
            same_other = float((reader.pair_probabilities(others)[:, 0] > 0.5).mean())
            rows.append([split, name, f"{len(golds)}", same_gold, f"{len(others)}", same_other])
    headers = [
        "2B split",
        "cross-encoder",
        "gold pairs",
        "called same",
        "neighbour pairs",
        "called same",
    ]
    markdown = table(headers, rows)
    print(markdown)
    write_section(
        "judge-spread",
        "## Judge on debate lines (`python -m bench.judge_spread data/cross-holdout`)\n\n"
        "Share of CheckThat! 2B pairs each cross-encoder calls *same*: a debate line against "
        "its gold fact-check, and against the first three other fact-checks retrieval ranks "
        "for it. `data/cross-holdout` is the teacher trained without the 2B train lines "
        "(`python -m service.training.cross_fit --holdout`); docs/judge-log.md item 15.\n\n"
        + markdown,
    )


if __name__ == "__main__":
    main()
