"""Stance benchmark: the rules in service/judgement/stance.py on hand-written and real pairs.

python -m bench.stance    # writes the "stance" section of docs/benchmarks.md
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from bench.report import table, write_section
from service.judgement.stance import REFUTES, SUPPORTS, UNCLEAR, stance

STANCE_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "stance"
LABELS = (SUPPORTS, REFUTES, UNCLEAR)
_SICK = {"ENTAILMENT": SUPPORTS, "CONTRADICTION": REFUTES, "NEUTRAL": UNCLEAR}
_HEALTHVER = {"Supports": SUPPORTS, "Refutes": REFUTES, "Neutral": UNCLEAR}


def hand_written() -> list[tuple[str, str, str]]:
    from tests.test_stance import PAIRS

    return PAIRS


def sick(split: str = "test_annotated") -> list[tuple[str, str, str]]:
    """SICK pairs as (claim, evidence, label): sentence_B is judged against sentence_A."""
    with open(STANCE_DATA / "sick" / f"SICK_{split}.txt", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        (r["sentence_B"].strip(), r["sentence_A"].strip(), _SICK[r["entailment_judgment"].strip()])
        for r in rows
    ]


def healthver(split: str = "test") -> list[tuple[str, str, str]]:
    with open(STANCE_DATA / "healthver" / f"healthver_{split}.csv", newline="") as fh:
        return [(r["claim"], r["evidence"], _HEALTHVER[r["label"]]) for r in csv.DictReader(fh)]


def debate_pairs() -> list[tuple[str, str, str]]:
    """CheckThat! 2B debate sentences with their gold PolitiFact claims: the same claim, so the
    fair label is supports (or unclear, when the wording differs too much to tell)."""
    import json

    from bench.verdict_data import VCLAIMS, queries

    with open(VCLAIMS) as fh:
        claims = {d["vclaim_id"]: d["vclaim"] for d in map(json.loads, fh)}
    pairs = []
    for split in ("train", "dev"):
        texts, gold = queries(split)
        pairs += [(texts[q], claims[v], SUPPORTS) for q, ids in gold.items() for v in ids]
    return pairs


def score(pairs: list[tuple[str, str, str]]) -> dict:
    """Accuracy, and precision and recall per label."""
    predicted = [stance(claim, evidence) for claim, evidence, _ in pairs]
    gold = [label for _, _, label in pairs]
    hits = Counter((p, g) for p, g in zip(predicted, gold, strict=True))
    result = {"pairs": len(pairs), "accuracy": sum(hits[(x, x)] for x in LABELS) / len(pairs)}
    for label in LABELS:
        said = sum(hits[(label, g)] for g in LABELS)
        true = sum(hits[(p, label)] for p in LABELS)
        result[f"{label}_precision"] = hits[(label, label)] / said if said else 0.0
        result[f"{label}_recall"] = hits[(label, label)] / true if true else 0.0
    return result


def main() -> None:
    sets = {"hand-written (tests/test_stance.py)": hand_written()}
    if STANCE_DATA.is_dir():
        sets["SICK test (B judged against A)"] = sick()
        sets["HealthVer test"] = healthver()
    rows = []
    for name, pairs in sets.items():
        s = score(pairs)
        rows.append(
            [name, s["pairs"], s["accuracy"]]
            + [s[f"{label}_{m}"] for label in LABELS for m in ("precision", "recall")]
        )
        print(name, {k: round(v, 3) for k, v in s.items()})
    said = Counter(stance(c, e) for c, e, _ in debate_pairs()) if STANCE_DATA.is_dir() else {}
    debate = (
        f"\n\nOn the {sum(said.values())} CheckThat! 2B train+dev gold pairs (debate sentence, "
        f"its fact-checked claim: the same claim in other words) the rules say supports "
        f"{said[SUPPORTS]}, unclear {said[UNCLEAR]}, refutes {said[REFUTES]} (a refutes there "
        "turns a right verdict into `unverified`; several are real contradictions, a rival "
        "quoting the claim to deny it)."
        if said
        else ""
    )
    headers = ["set", "pairs", "accuracy"] + [
        f"{label} {m[0]}" for label in LABELS for m in ("precision", "recall")
    ]
    write_section(
        "stance",
        "## Stance rules (no NLI model)\n\n"
        "`python -m bench.stance` (or `make bench-verdicts`). Labels: supports / refutes / "
        "unclear; SICK ENTAILMENT / CONTRADICTION / NEUTRAL and HealthVer Supports / Refutes / "
        "Neutral map onto them in that order. p = precision, r = recall.\n\n"
        + table(headers, rows)
        + debate,
    )


if __name__ == "__main__":
    main()
