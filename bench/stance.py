"""Stance benchmark: the rules in service/stance.py on hand-written and real labelled pairs.

python -m bench.stance    # writes the "stance" section of docs/benchmarks.md
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from bench.report import table, write_section
from service.stance import REFUTES, SUPPORTS, UNCLEAR, stance

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
    headers = ["set", "pairs", "accuracy"] + [
        f"{label} {m[0]}" for label in LABELS for m in ("precision", "recall")
    ]
    write_section(
        "stance",
        "## Stance rules (no NLI model)\n\n"
        "`python -m bench.stance` (or `make bench-verdicts`). Labels: supports / refutes / "
        "unclear; SICK ENTAILMENT / CONTRADICTION / NEUTRAL and HealthVer Supports / Refutes / "
        "Neutral map onto them in that order. p = precision, r = recall.\n\n"
        + table(headers, rows),
    )


if __name__ == "__main__":
    main()
