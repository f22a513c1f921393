"""Attribution benchmark: index/web/attribution.py against hand labels on real news (FNC-1 bodies).

python -m bench.attribution    # writes the "attribution" section of docs/benchmarks.md

The labels (bench/data/attribution_labels.jsonl, one line per body) hold offsets into the bodies of
../shared/data/stance/fnc-1/train_bodies.csv, the speaker and role as written, direct/indirect and
the credited outlet; never article text beyond the first five words of each quote.

Sample: the pool is the 525 train bodies of 400-2,000 characters that hold a quote mark and "said",
"says", "told" or "according to". Batch 1 = random.Random(18).sample(pool, 60), split by body
before the extractor ran on it: 24 tuning / 36 test (random.Random(18).shuffle of the sorted ids,
first two fifths tuning). Batches 2 and 3 (20 bodies each, random.Random(19) and (20) samples of
the rest of the pool) were labelled later, each before the extractor ran on it, and joined the
tuning split; so did batch 4 (36 bodies, random.Random(21).sample(rest, 36) of the 428 pool bodies
left, pool = sorted ids) and batch 5 (20 bodies, random.Random(22).sample(rest, 20) of the 392
left); so did batch 6 (24 bodies, 81 quotes: random.Random(23).sample(rest, 24), where the pool
recomputed by the rule above holds 528 bodies and rest is the 372 unlabelled ones, sorted) and
batch 7 (24 bodies, 78 quotes: random.Random(24).sample(rest, 24) of the 348 left) and
batch 8 (24 bodies, 74 quotes in 22: random.Random(25).sample(rest, 24) of the 324 left,
labelled by a helper session that saw neither the extractor's code nor its output) and
batch 9 (24 bodies, 74 quotes in 20: random.Random(26).sample(rest, 24) of the 300 left,
labelled the same way) and batch 10 (24 bodies, 91 quotes in 23: random.Random(27).sample(rest,
24) of the 276 left, labelled the same way) and batch 11 (24 bodies, 75 quotes in 21:
random.Random(28).sample of the 252 left after batch 10's draw, labelled the same way) and
batch 12 (24 bodies, 62 quotes in 22: random.Random(29).sample(rest, 24) of the 228 left,
labelled the same way), and batches 13 and 14 (24 bodies each, 90 quotes in 24 and 100 in 23:
random.Random(30).sample(rest, 24) of the 204 left, then random.Random(31).sample of the 180
left after it, labelled the same way by two helper sessions), and batches 15 and 16 (24
bodies each, 104 quotes in 23 and 100 in 22: random.Random(32).sample(rest, 24) of the 156
left, then random.Random(33).sample of the 132 left after it, labelled the same way), and
batches 17 to 21 (random.Random(34), (35), (36) and (37).sample(rest, 24) of the 108, 84, 60
and 36 left, each rest recomputed after the draws before it, then the last 12 bodies in
random.Random(38)'s order; 77, 91, 87, 95 and 42 quotes; labelled the same way by five helper
sessions), so that every pool body is labelled. The test split was never looked at beyond its
aggregate figures (HISTORY).

Labelling rules: every statement a body attributes to a *named* speaker (a person's or an
organisation's proper name, as written at that mention; "he"/"she" labelled with the full name given
earlier) through a speech verb or "according to"; not unnamed ones ("a spokesman", "officials",
"the government", "sources"), not captions or headlines, not block quotes without quote marks.
Direct: the words inside quote marks, one label per quoted passage (a passage running on over
paragraphs is one; a quote in the same paragraph after an attributed one is the same speaker's);
a sentence whose reported clause holds quote marks is labelled by its quoted words. Indirect: the
reported clause. Role: the title or appositive given at that mention. Via: the outlet the sentence
credits ("told Reuters", "citing KCNA", "X reported" when X is not the speaker).

Matching: a predicted quote matches a gold one when their character spans overlap and the speakers
agree after normalising (case, whitespace, a leading "the", honorifics such as "Mr" / "Dr"), one
name's words being the other's last words ("Obama" matches "Barack Obama"). Each gold quote is
matched at most once, to the first unused prediction. Speaker precision = matched predictions /
predictions, recall = matched gold quotes / gold quotes. Role, kind and via accuracy are on matched
pairs whose gold value is set (role: equal or one contained in the other after normalising).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

from bench.attribution_history import HISTORY
from bench.report import table, write_section
from index.web.attribution import Quote, extract_quotes
from index.web.sentences import quote_spans, sentence_spans

ROOT = Path(__file__).resolve().parent
BODIES = ROOT.parent.parent / "shared" / "data" / "stance" / "fnc-1" / "train_bodies.csv"
LABELS = ROOT / "data" / "attribution_labels.jsonl"
_HONORIFICS = {"mr", "mrs", "ms", "dr", "the"}


def load_labels(path: Path = LABELS) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_bodies(path: Path = BODIES) -> dict[int, str]:
    csv.field_size_limit(1 << 30)
    with open(path, encoding="utf-8", newline="") as fh:
        return {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(fh)}


def _name(speaker: str) -> list[str]:
    words = [w.strip(".,").lower() for w in speaker.split()]
    return [w for w in words if w and w not in _HONORIFICS]


def same_speaker(a: str, b: str) -> bool:
    x, y = sorted((_name(a), _name(b)), key=len)
    return bool(x) and y[len(y) - len(x) :] == x


def same_role(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    p, g = (re.sub(r"^(?:the|a|an)\s+", "", " ".join(s.lower().split())) for s in (predicted, gold))
    return p == g or p in g or g in p


def baseline(body: str) -> list[Quote]:
    """The simple baseline: every sentence holding "<Name> said" is a statement by Name."""
    found = []
    spans = sentence_spans(body, quote_spans(body))
    for s, e in spans:
        m = re.search(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)*) (?:said|says)\b", body[s:e])
        if m and m.group(1).lower() not in {"he", "she", "it", "they", "the"}:
            kind = "direct" if re.search('["“”]', body[s:e]) else "indirect"
            found.append(Quote(body[s:e], m.group(1), None, kind, None, body[s:e], s, e))
    return found


def score(extract: Callable[[str], list[Quote]], docs: list[dict], bodies: dict) -> dict:
    predicted = gold = matched = 0
    checks = {"role": [0, 0], "kind": [0, 0], "via": [0, 0]}
    for doc in docs:
        preds = extract(bodies[doc["body_id"]])
        used: set[int] = set()
        predicted, gold = predicted + len(preds), gold + len(doc["quotes"])
        for g in doc["quotes"]:
            for k, p in enumerate(preds):
                if k in used or p.end <= g["start"] or g["end"] <= p.start:
                    continue
                if same_speaker(p.speaker, g["speaker"]):
                    used.add(k)
                    matched += 1
                    for field, ok in (
                        ("role", g["role"] and same_role(p.role, g["role"])),
                        ("kind", p.kind == g["kind"]),
                        ("via", g["via"] and p.via and same_speaker(p.via, g["via"])),
                    ):
                        if field == "kind" or g[field]:
                            checks[field][0] += bool(ok)
                            checks[field][1] += 1
                    break
    result = {
        "bodies": len(docs),
        "gold": gold,
        "predicted": predicted,
        "precision": matched / predicted if predicted else 0.0,
        "recall": matched / gold if gold else 0.0,
    }
    for field, (right, n) in checks.items():
        result[f"{field}_accuracy"] = right / n if n else 0.0
        result[f"{field}_n"] = n
    return result


def run() -> list[list]:
    labels, bodies = load_labels(), load_bodies()
    rows = []
    for split in ("tuning", "test"):
        docs = [d for d in labels if d["split"] == split]
        extractors = (("ours (rules)", extract_quotes), ('baseline "<Name> said"', baseline))
        for name, extract in extractors:
            s = score(extract, docs, bodies)
            print(split, name, {k: round(v, 3) for k, v in s.items()})
            rows.append(
                [split, name, s["bodies"], s["gold"], s["predicted"], s["precision"], s["recall"]]
                + [f"{s[f'{f}_accuracy']:.3f} ({s[f'{f}_n']})" for f in ("role", "kind", "via")]
            )
    return rows


def main() -> None:
    if not BODIES.is_file():
        sys.exit(f"bench.attribution: {BODIES} is absent (needs ../shared); nothing measured.")
    rows = run()
    headers = ["split", "extractor", "bodies", "gold quotes", "predicted", "speaker P", "speaker R"]
    headers += ["role acc (n)", "direct/indirect acc (n)", "via acc (n)"]
    labels = load_labels()
    write_section(
        "attribution",
        "## Attribution: attributed statements in real news (`make bench-attribution`)\n\n"
        f"`python -m bench.attribution`. Hand labels: {sum(len(d['quotes']) for d in labels)} "
        f"attributed statements (direct and indirect, named speakers only) in {len(labels)} "
        "FNC-1 training bodies, split by body into tuning and test; each batch was labelled "
        "before the extractor ran on it and the rules were tuned on the tuning split only. A "
        "prediction counts when its span overlaps a gold quote and the speaker is the same name "
        '(case, a leading "the" and honorifics aside; a surname matches the full name). The '
        "labelling rules, the sample and the split are in the docstring of bench/attribution.py. "
        "Extractor: rules only (index/web/attribution.py, clauses.py, quoted.py, speakers.py, "
        "outlets.py, speech.py, pronouns.py, titles.py), no model. "
        "Target: speaker precision >= 0.90 at recall >= 0.75 on the test split.\n\n"
        + table(headers, rows)
        + "\n\n"
        + HISTORY,
    )


if __name__ == "__main__":
    main()
