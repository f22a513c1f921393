"""Each verdict rule once more with the real model and the shipped judge, end to end: a lookup
in a small index of rated claims and the bundled corpus (tests/test_judge_rules.py holds the
same rules with a fake judge's readings, tests/test_judge_real.py the issue's birther case)."""

import pytest

FACT_CHECKS = [
    ("The MMR vaccine causes autism.", "False"),
    ("Crime fell 10 percent in Ohio last year.", "True"),
]

# (claim, label, confident, basis, the first candidate's relation, what the explanation says)
RULES = [
    # Same claim: the fact-check's rating is borrowed.
    ("MMR vaccines cause autism.", "false", True, "fact_check", "same", 'this claim "False"'),
    # The opposite of a false claim is not thereby true: shown, not borrowed.
    (
        "The MMR vaccine does not cause autism.",
        "unverified",
        False,
        "fact_check",
        "opposite",
        'the opposite claim "False": "The MMR vaccine causes autism."',
    ),
    # The opposite of a true claim is false, with the fact-check's own claim beside it.
    (
        "Crime rose 10 percent in Ohio last year.",
        "false",
        True,
        "fact_check",
        "opposite",
        'the opposite claim "True": "Crime fell 10 percent in Ohio last year."',
    ),
    # Another assertion on the same topic is related, not matching.
    (
        "Crime in Ohio is mostly committed by repeat offenders.",
        "unverified",
        False,
        "fact_check",
        "different",
        "related but different claims",
    ),
    # Attribution: the bundled corpus holds what the ambassador said (the seed case).
    (
        "Matsegora said Russia and North Korea are the closest of countries.",
        "true",
        True,
        "attribution",
        "same",
        "Matsegora",
    ),
    (
        "Matsegora said Russia and North Korea are no longer close.",
        "false",
        False,
        "attribution",
        "opposite",
        "contradict the claim",
    ),
    # Nothing near enough: no rule borrows anything.
    ("The moon is made of cheese.", "unverified", False, "none", None, "Nothing stored matches"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "label", "confident", "basis", "relation", "says"), RULES)
def test_each_rule_with_the_real_judge(
    make_app, real_embedder, claim, label, confident, basis, relation, says
):
    engine = make_app(embedder=real_embedder).extensions["veracity"]
    assert engine.config["JUDGE"] and engine.config["JUDGE_MODEL"] == "cross"
    engine.add_records(
        [
            {
                "kind": "fact_check",
                "text": text,
                "external_id": f"fc-{i}",
                "rating": {"label": rating, "reviewer": "Example Checks"},
            }
            for i, (text, rating) in enumerate(FACT_CHECKS)
        ]
    )
    answer = engine.check(claim, top_k=3)
    verdict, first = answer["verdict"], answer["evidence"][0]
    assert (verdict["label"], verdict["confident"], verdict["basis"]) == (label, confident, basis)
    assert first["relation"] == relation, first
    assert says in verdict["explanation"], verdict["explanation"]
