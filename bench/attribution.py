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


# Every look at the test split, in order (the table above is the last one).
HISTORY = (
    "**Met, by one quote on each side: test precision 0.905 (74 predicted, 67 right) at recall "
    "0.753.** The test split was scored 16 times, "
    "each after a tuning round and only as the aggregate figures: (1) rules tuned on the 24 "
    "batch-1 tuning bodies (tuning P 0.965 / R 0.922): test P 0.683 / R 0.629, plain "
    "overfitting; (2) after tuning on batch 2 as well (44 bodies, P 0.964 / R 0.887): test "
    "P 0.840 / R 0.764; (3) after batch 3 (64 bodies, P 0.965 / R 0.876): test P 0.841 / "
    "R 0.775; (4) after three fixes a hand-made article from the seed's facts called for "
    "(tests/test_attribution.py SEED_ARTICLE: a pronoun's antecedent at the end of a capitalised "
    'run, a closing "according to X" as the via, "told the guests that"): unchanged; (5) after '
    "precision rules from batches 4 and 5 (120 bodies, P 0.978 / R 0.833; what the false "
    "speakers shared: a counted group or a contraction read as a name, a plural noun "
    '("reports have"), "If X said", a show\'s or book\'s title in quote marks, a second '
    'speaker joined by "and ... says", a place in an appositive, ", X said, because"): '
    "test P 0.873 / R 0.775; (6) after batch 6 (24 bodies, 81 quotes; scored before the rules "
    "saw it: P 0.870 / R 0.741) and rules for what its false speakers shared (an outlet "
    "trailing an unnamed speaker's words, 'One local said: \"...\" the Daily Mirror "
    "reports'; 'According to X, the convent said'; a name inside the subject's 'of' phrase, "
    "'The sister of ... Luke Somers has said'; a possessive, \"Somers' reported death\"; "
    "'he continued extending his leave' read as speech; ', The Guardian reports, with ...' "
    "taking the words after it), tuning P 0.981 / R 0.834: test unchanged at P 0.873 / R "
    "0.775, none of the test split's ten false speakers had those forms (a later run after "
    "moving the pronoun code to pronouns.py, a refactor, gave the same figures); (7) after "
    "batch 7 (24 bodies, 78 quotes in 21; scored before the rules saw it: P 0.872 / R 0.526, "
    "the low recall from forms its labels count that the rules do not read, such as quotes "
    "in single marks, 'had this to say:', 'As Reuters pointed out, ...') and rules for its "
    "six false speakers (a closing 'according to Y' after an unnamed speaker's own verb, 'The "
    "sister of X, ..., says that ...'; 'X said: \"...,\" according to a report from Y' is X's; "
    "'he was told that' is passive; '\"...,\" said police' names no one and does not inherit "
    "the quote before it; 'the Great War' or 'a Dewey Crowe' is no antecedent for 'he'; "
    "'everything he said' is an object) and two of its misses ('agent' is a role; 'a report "
    "today from Y'), with a 'he' taking the last speaker's surname when the article gives no "
    "full name (batch 7 then P 1.000 / R 0.628; tuning P 0.983 / R 0.808): test unchanged "
    "at P 0.873 / R 0.775; (8) after batch 8 (24 bodies, 74 quotes in 22, labelled by a helper "
    "session that saw neither the rules nor their output; scored before the rules saw it: P "
    "0.825 / R 0.446) and rules for four of its seven false speakers and what they showed in "
    "general (a sentence adverb such as 'Sometimes' is no name; 'called the \"Warrior King\"' "
    "is a title; a name in quote marks right after a capitalised word, 'Movement \"League of "
    "the Righteous,\"', is no statement, and a sentence whose only quote marks hold a title "
    "reports its clause; a 'he' never stands for an outlet the article credits, 'According to "
    "RT, ...'; a new sentence with its own speech verb, 'A different source also told us', "
    "does not inherit the quote before it; 'admitted to drug use' reports no clause) (batch 8 "
    "then P 0.895 / R 0.459; tuning, now 192 bodies, P 0.977 / R 0.770): test unchanged at P "
    "0.873 / R 0.775; (9) after batch 9 (24 bodies, 74 quotes in 20, labelled blind like batch "
    "8; scored before the rules saw it: P 0.723 / R 0.459, the lowest of any batch) and rules "
    "for what its false speakers showed (an unnamed subject of several words with its own verb, "
    "'The Nigerian government said Friday that ..., according to the AFP', 'A ... official "
    "this week confirmed ..., reports The New York Times', 'an anonymous source was quoted as "
    "saying in ..., according to Y', is the speaker and the outlet only its via, and a quote "
    "closed by ', The Guardian reports.' is the outlet's only when no one else in the sentence "
    "spoke; 'who belonged to an order in Macerata, Italy, said' holds a place, not a name; "
    "'Laughing, he ...' opens with no name; 'Appearing on \"On the Record ...,\"' is a "
    "show's title; 'When X asked how he knew that, Y replied, \"' is Y's; '\"...?\" X told "
    "Y when asked if ...' is X's quote and the asked part no clause; 'wrote the screenplay' and "
    "'tweeted a picture' are things, not clauses; 'the London-based Sunday Times' is the "
    "Sunday Times) (batch 9 then P 0.973 / R 0.486; tuning, now 216 bodies, P 0.976 / R "
    "0.741): test P 0.895 / R 0.764 (76 predicted, 68 right: two false speakers fewer, one "
    "right one fewer); (10) after batch 10 (24 bodies, 91 quotes in 23, labelled blind; scored "
    "before the rules saw it: P 0.879 / R 0.560) and rules for its false speakers and what they "
    "showed ('the term \"freshman\"' names a word; '\"The Social Network\" director' is a "
    "title; 'Online reports in ... claim' is a plural noun; 'Sheikh' is an honorific and "
    "'al-Munajjid' a name; a 'she' after another person opens a sentence, 'Michelle Rempel, a "
    "Conservative MP, used Twitter: ... She also tweeted', is that person, not the last "
    "speaker; after a clause, 'Abu Bakr al-Baghdadi, the interior minister said' is the "
    "minister's) (batch 10 then P 1.000 / R 0.604; tuning, now 240 bodies, P 0.979 / R "
    "0.733): test unchanged at P 0.895 / R 0.764; (11) after batch 11 (24 bodies, 75 quotes in "
    "21, labelled blind; scored before the rules saw it: P 0.855 / R 0.627) and rules for its "
    "false speakers ('confirms what we have always known' and 'reported the same thing' are "
    "objects, and after 'what we had heard:' comes the statement; 'Presenter' is a role and a "
    "first name takes the full name the article gave it; 'The Sun reported' credits an outlet, "
    "never who a 'he' is; 'O'Neal' is a name word; 'editor of America, the Catholic "
    "Magazine,' names no speaker) (batch 11 then P 0.942 / R 0.653; tuning, now 264 bodies, "
    "P 0.976 / R 0.726): test unchanged at P 0.895 / R 0.764; (12) after batch 12 (24 bodies, "
    "62 quotes in 22, labelled blind; scored before the rules saw it: P 0.907 / R 0.629, the "
    "first unseen batch over 0.90) and a rule for two of its four false speakers (a sentence "
    "opening 'Unconfirmed reports say' or 'Various reports ... suggest' names no one) (batch "
    "12 then P 0.951 / R 0.629; tuning, now 288 bodies, P 0.974 / R 0.720): test unchanged at "
    "P 0.895 / R 0.764; (13) after batches 13 and 14 (scored before the rules saw them: batch "
    "13 P 0.878 / R 0.478; batch 14, with the round-12 rules and again with batch 13's, P 0.936 "
    "/ R 0.730) and rules for their false speakers ('the Daily Star reported posting pictures' "
    "takes no clause; 'nicknamed him \"Spiderman\"' and 'its \"Spring Forward\" event' are "
    "titles; 'X, 31, who works at ... Russia said' is X's; 'State TV' and a sentence opening "
    "'Published claims' name no one; 'confirmed her famous role' is an object; 'said in a "
    "statement' holds no clause) (batch 13 then P 0.957 / R 0.500, batch 14 P 1.000 / R 0.730; "
    "tuning, now 336 bodies, P 0.976 / R 0.704): test unchanged at P 0.895 / R 0.764; (14) "
    "after batches 15 and 16 (scored before the rules saw them: P 0.906 / R 0.558 and P 0.900 "
    "/ R 0.720) and rules for what their false speakers showed ('sources inside Apple' are not "
    "Apple; 'his home in Maida Vale, West London, to fight ...' is a place, not an appositive; "
    "'..., saying he was \"...,\" the Daily Mail reports' is the subject's; 'Medics' is a group; "
    "'reported yesterday on how ...' is a topic; a sentence inside someone's quote marks is "
    "theirs; 'under the name \"X\"' is a title; a new sentence that names someone and opens "
    "a quote with a colon is not the last speaker's) (batch 15 then P 0.935 / R 0.558, batch 16 "
    "P 0.935 / R 0.720; tuning, now 384 bodies, P 0.970 / R 0.694): test unchanged at P 0.895 "
    "/ R 0.764; (15) after batches 18, 19, 21 and 17, each scored before the rules saw it "
    "(P 0.897 / R 0.571, P 0.925 / R 0.713, P 0.800 / R 0.571, P 0.750 / R 0.545), and rules "
    "for their false speakers (an outlet's report of what a named speaker said, 'Reuters "
    "reported that Apple said ...', is the speaker's with the outlet as via; 'said hello to' "
    "is no clause; a possessor before a pronoun in its sentence, 'On Lin's pages, he says', is "
    "who it is; 'his company, X' is no person; 'co-chair' is a role; a paragraph opening "
    "'NEWS:' links another story; ', says she ...' and ', said that ...' open a clause; 'in "
    "metro Detroit' is a place; a new sentence whose subject accuses or urges does not "
    "inherit the quote before; 'Autopsy reports say' is a plural noun; 'said the leader of the "
    "Catholic Church' is a description; a speaker's name ends with its sentence; 'reported "
    "the circumstances of ...:' names a thing) (tuning, now 468 bodies, P 0.964 / R 0.683): "
    "test unchanged at P 0.895 / R 0.764; its 8 false speakers, counted without reading them, "
    "were 5 predictions where the labels hold no statement and 3 wrong speakers, none a second "
    "prediction inside one labelled passage; (16) after batch 20 (scored before the rules saw "
    "it: P 0.780 / R 0.674) and rules for its false speakers (the subject opening a pronoun's "
    "sentence, 'Maxwell was visiting Bali when he says', is who it is; a name in quote marks, "
    "'who goes by \"Joey Trombone\"', is no antecedent; a 'she' is never the person the "
    "article called 'he'; 'tells them' is a listener; a second quote after 'while X told' is "
    "not the first speaker's; an appositive after a comma is a name only when all of it is, "
    "not 'a representative of the company in Texas City'; ', which ...,' belongs to the "
    "group before it; 'according to US reports' and 'Firstly' name no one) (tuning, now all "
    "492 other pool bodies, P 0.959 / R 0.685): **test P 0.905 / R 0.753** (74 predicted, 67 "
    "right: two false speakers fewer, one right one fewer). Each new "
    "batch scored "
    "before the rules saw it gives an unbiased "
    "estimate: batch 2 with the round-1 rules P 0.698 / R 0.607, batch 3 with the round-2 rules "
    "P 0.760 / R 0.567, batch 4 with the round-4 rules P 0.848 / R 0.748, batch 5 with the "
    "round-4 rules P 0.873 / R 0.756 and with the rules tuned on batch 4 P 0.899 / R 0.756, "
    "batch 6 with the round-5 rules P 0.870 / R 0.741, batch 7 with the round-6 rules P 0.872 "
    "/ R 0.526, batch 8 with the round-7 rules P 0.825 / R 0.446, batch 9 with the round-8 "
    "rules P 0.723 / R 0.459, batch 10 with the round-9 rules P 0.879 / R 0.560, batch 11 with "
    "the round-10 rules P 0.855 / R 0.627, batch 12 with the round-11 rules P 0.907 / R 0.629, "
    "batch 13 with the round-12 rules P 0.878 / R 0.478, batch 14 with the round-12 rules P "
    "0.936 / R 0.730, batches 15 and 16 with the round-13 rules P 0.906 / R 0.558 and P 0.900 / "
    "R 0.720, batches 18, 19, 21, 17 and 20 with the rules of the batches before them P 0.897, "
    "0.925, 0.800, 0.750 and 0.780; so on unseen news expect precision near 0.72-0.94 (batches "
    "2-16 pooled, each with the rules before it: 0.857; batches 10-16: 0.897; batches 17-21: "
    "244 of 293 predictions, 0.833). A "
    "third of the late batches' false speakers (10 of 31 in batches 17, 18 and 21) are a "
    "second prediction, with the right speaker, inside a passage the helper labelled as one "
    '(\'"A," he said. "B."\'); the test split has none. The misses '
    "are a long tail of forms "
    '(speakers named only by a description, verbs such as "blasted" or "hinted", nested '
    "reports, quotes attributed a paragraph later); the false speakers left on the tuning split "
    'are outlets or titles read as speakers ("BBC and the Washington Post", a channel\'s '
    "name in quote marks). The baseline finds one statement in five to seven."
)


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
