"""Verdict benchmark: accuracy with the gold fact-check indexed, confident wrongs when left out.

Queries are CheckThat! 2B dev debate sentences; their gold fact-checks are PolitiFact's, which
carry truth labels. Two data dirs are built with the product's importer and cached under
data/bench/: `full` (all 19,250 fact-checks) and `leaveout` (the same minus every dev gold id).
Each query goes through Engine.check, the code behind /v1/check, once per data dir; the sweep
then re-decides the verdict for other thresholds from the same answers' evidence scores.

    python -m bench.verdicts --build-only  # the two data dirs (embeds 19k records: minutes)
    python -m bench.verdicts --fit      # CALIBRATION fitted on 2B train, and the train curve
                                        # (needs the fold students: service/training/folds.py)
    python -m bench.verdicts            # writes the "verdicts" section of docs/benchmarks.md
    python -m bench.verdicts --limit 30 # a quick look while developing
"""

from __future__ import annotations

import argparse
import json

from bench.calibration import (
    CUTOFFS,
    TARGET_LEAVEOUT_WRONG,
    TARGET_PRECISION,
    THRESHOLDS,
    fit,
    fold_rows,
    operating_points,
    train_outcome,
)
from bench.report import kept_section, table, write_section
from bench.verdict_data import (
    CACHE,
    CachedEmbedder,
    answers,
    data_dirs,
    embed_part,
    engine_for,
    gold_labels,
    queries,
)

TRAIN_HEADING = "### Choosing it on train"


def transcript_hints(texts: dict[str, str]) -> dict[str, dict]:
    """Each 2B line's day and the split's lines near it, as bench-quality's `context` rows send."""
    from service.training.splits import debate_contexts, debate_day

    contexts = debate_contexts(texts)
    hints = {}
    for qid in texts:
        hints[qid] = {"date": debate_day(qid)}
        if qid in contexts:
            before, after = contexts[qid]
            hints[qid]["context"] = {"before": before, "after": after}
    return hints


def outcomes(runs: dict[str, dict], gold: dict[str, list[str]], labels, cutoff: float) -> dict:
    """Count what a set of answers did against the gold labels, a verdict at `cutoff` or above
    being a confident one (an answer); every other verdict is an abstention."""
    n = len(runs)
    rated = confident = right = 0
    for qid, answer in runs.items():
        verdict = answer["verdict"]
        if verdict["label"] == "unverified":
            continue
        rated += 1
        if verdict["confidence"] >= cutoff:
            confident += 1
            right += verdict["label"] in {labels[v] for v in gold[qid]}
    return {
        "queries": n,
        "rated": rated,
        "confident": confident,
        "right": right,
        # (a): correct share of the confident verdicts; (a'): of all queries.
        "precision": right / confident if confident else 1.0,
        "accuracy": right / n if n else 0.0,
        # (b), under leave-out: queries with a confident verdict other than the gold label.
        "confident_wrong": (confident - right) / n if n else 0.0,
        "confident_share": confident / n if n else 0.0,
    }


def top_is_gold(runs: dict[str, dict], gold: dict[str, list[str]]) -> set[str]:
    """Queries whose first-ranked evidence (retrieval's order) is one of their gold fact-checks."""
    return {
        qid
        for qid, answer in runs.items()
        if answer["evidence"] and answer["evidence"][0].get("external_id") in gold[qid]
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N dev queries")
    parser.add_argument("--rebuild", action="store_true", help="re-import the cached data dirs")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--embed-part", help="I/N: embed part I of N of the records, then stop")
    parser.add_argument("--fit", action="store_true", help="print a calibration fitted on train")
    args = parser.parse_args(argv)
    import torch

    # One intra-op thread: the machine is shared, and oversubscribed torch threads crawl.
    torch.set_num_threads(1)
    if args.embed_part:
        print(embed_part(*map(int, args.embed_part.split("/"))))
        return
    texts, gold = queries()
    left = {vid for ids in gold.values() for vid in ids}
    full, leaveout = data_dirs(left, rebuild=args.rebuild)
    if args.build_only:
        print(full, leaveout)
        return
    if args.limit:
        texts = dict(list(texts.items())[: args.limit])
    labels = gold_labels()
    from bench.models import onnx_embedder
    from service.config import DEFAULTS
    from service.judgement import verdict

    embedder = CachedEmbedder(onnx_embedder(DEFAULTS["MODEL"]), {})
    engines = {"full": engine_for(full, embedder), "leaveout": engine_for(leaveout, embedder)}
    chosen = float(engines["full"].config["MATCH_THRESHOLD"])
    if args.fit:
        # Fitted on the train queries, so the dev figures below are out of sample.
        train, _ = queries("train")
        rows = fold_rows(full, embedder, labels)
        constants = fit(rows)
        print("CALIBRATION =", json.dumps(constants), f"({len(rows)} rows,", end=" ")
        print(f"{sum(r['right'] for r in rows)} right, {len(train)} train queries)")
        print("train: threshold, lowest cutoff meeting both targets, coverage, precision, (b)")
        for point in operating_points(rows, constants, len(train)):
            print("  ", point)
        (CACHE / "calibration_rows.json").write_text(json.dumps(rows))
        return
    runs = {
        (name, t): answers(engine, texts, t)
        for name, engine in engines.items()
        for t in sorted({*THRESHOLDS, chosen})
    }
    found = top_is_gold(runs[("full", chosen)], gold)
    sweep = []
    for t in sorted({*THRESHOLDS, chosen}):
        for cutoff in sorted({*CUTOFFS, verdict.CONFIDENT}):
            a = outcomes(runs[("full", t)], gold, labels, cutoff)
            b = outcomes(runs[("leaveout", t)], gold, labels, cutoff)
            top = outcomes({q: runs[("full", t)][q] for q in found}, gold, labels, cutoff)
            sweep.append((t, cutoff, a, b, top))
    hints = transcript_hints(texts)
    hinted = [
        outcomes(answers(engines[name], texts, chosen, hints), gold, labels, verdict.CONFIDENT)
        for name in ("full", "leaveout")
    ]
    fit_rows = CACHE / "calibration_rows.json"
    fitted = json.loads(fit_rows.read_text()) if fit_rows.exists() else []
    report(sweep, chosen, verdict.CONFIDENT, len(texts), len(found), fitted, hinted)


def report(
    sweep, chosen: float, confident: float, n: int, found: int, fitted: list, hinted: list
) -> None:
    """Print the curves and write them, with the operating point, into docs/benchmarks.md."""
    from service.judgement import calibration

    headers = [
        "threshold",
        "confident at",
        "(a) accuracy of confident verdicts",
        "coverage (confident verdicts)",
        "(a') accuracy over all queries",
        f"gold first: confident and right (of {found})",
        "(b) leave-out confident wrong",
        "leave-out confident rated",
    ]
    rows = [
        [
            t,
            c,
            a["precision"],
            f"{a['confident']}/{n}",
            a["accuracy"],
            top["right"],
            b["confident_wrong"],
            b["confident_share"],
        ]
        for t, c, a, b, top in sweep
        if c in (0.0, confident) or t == chosen
    ]
    point = next(r for r in rows if r[0] == chosen and r[1] == confident)
    print(table(headers, rows))
    train = ""
    if fitted:
        m = len(queries("train")[0])
        at = train_outcome(fitted, calibration.CALIBRATION, m, chosen, confident)
        points = operating_points(fitted, calibration.CALIBRATION, m)
        train = (
            f"{TRAIN_HEADING} ({m} 2B train queries, `python -m bench.verdicts --fit`)"
            "\n\nThe calibration is fitted on the train queries' answers, each half of them "
            "judged by a cross-encoder that never saw its lines (service/training/folds.py), "
            "each with its gold "
            "fact-checks indexed and with them dropped from the candidates (leave-out). For "
            "each threshold, the lowest cutoff at which train meets both targets (precision >= "
            f"{TARGET_PRECISION}, leave-out confident wrong <= {TARGET_LEAVEOUT_WRONG}):\n\n"
            + table(
                ["threshold", "lowest cutoff", "coverage", "precision", "leave-out wrong"],
                [list(p) for p in points],
            )
            + f"\n\nAt the operating point train has {at[0]}/{m} confident verdicts, precision "
            f"{at[1]:.3f}, leave-out confident wrong {at[2]:.3f}.\n\n### Dev\n\n"
        )
    else:
        # Without fold students there are no train rows: keep what the last --fit run wrote.
        train = kept_section(TRAIN_HEADING, "### Dev\n\n")
        if train:
            print(f"no {CACHE / 'calibration_rows.json'}: the train curve kept as last written")
    write_section(
        "verdicts",
        "## Verdicts: accuracy when the fact-check is indexed, abstention when it is not\n\n"
        f"`make bench-verdicts` (`python -m bench.verdicts`). {n} CheckThat! 2B dev debate "
        "sentences; gold = their PolitiFact fact-checks (140 qrels), truth labels mapped onto "
        "our scale (index/ratings.py). Index: the bundled corpus plus the 19,250 PolitiFact "
        "fact-checks, imported with `checkthat`; leave-out: the same minus every dev gold id. "
        "Every query goes through Engine.check, the code behind /v1/check. A verdict is "
        "*confident* when it is not `unverified` and its confidence is at least the cutoff "
        "(`CONFIDENT`); anything else is an abstention.\n\n"
        "- (a) accuracy of confident verdicts (matched accuracy): among the queries with a "
        "confident verdict, the share whose label is a gold fact-check's label; coverage: how "
        "many queries got one.\n"
        "- (a') accuracy over all queries: confident and right, over every query (abstentions "
        "count as wrong).\n"
        f"- gold first: of the {found} queries whose gold fact-check retrieval ranks first (at "
        "the operating threshold), how many get a confident, right verdict: what the verdict "
        "logic makes of retrieval's hits. The rest of (a)'s misses are retrieval's.\n"
        "- (b) leave-out confident wrong: share of queries with a confident verdict whose label "
        "is not the gold label; 'confident rated' counts every confident rating (strict: none is "
        "warranted, since the fact-check of this claim is gone).\n\n"
        f"**Operating point: MATCH_THRESHOLD = {chosen}, CONFIDENT = {confident}, CALIBRATION "
        f"= {json.dumps(calibration.CALIBRATION)}: (a) {point[2]:.3f} on {point[3]} confident "
        f"verdicts, (a') {point[4]:.3f}, (b) {point[6]:.3f} (any confident rating under "
        f"leave-out: {point[7]:.3f}).**\n\n"
        "With each line's `date` and `context` sent too (the debate's day and the split's lines "
        "within 3 of it, as in the bench-quality rows), at the operating point: (a) "
        f"{hinted[0]['precision']:.3f} on {hinted[0]['confident']}/{n} confident verdicts, (a') "
        f"{hinted[0]['accuracy']:.3f}, (b) {hinted[1]['confident_wrong']:.3f} (any confident "
        f"rating under leave-out: {hinted[1]['confident_share']:.3f}).\n\n"
        + train
        + table(headers, rows),
    )


if __name__ == "__main__":
    main()
