"""The attributed-quote extractor on hand-made sentences: who said what; no guessed speaker."""

import pytest

from index.web.attribution import Quote, extract_quotes

MATSEGORA = (
    "At the anniversary reception in Pyongyang, Russian Ambassador to North Korea Alexandr "
    'Matsegora said, "Russia and North Korea are the closest of countries."'
)
CHOE = (
    "North Korea's Foreign Minister Choe Son-hui called the treaty a “most solid, invincible "
    "alliance,” Yonhap reported, citing KCNA."
)

# sentence -> [(speaker, role, kind, via, text)]
CASES = [
    (
        MATSEGORA,
        [
            (
                "Alexandr Matsegora",
                "Russian Ambassador to North Korea",
                "direct",
                None,
                "Russia and North Korea are the closest of countries.",
            )
        ],
    ),
    (
        CHOE,
        [
            (
                "Choe Son-hui",
                "North Korea's Foreign Minister",
                "direct",
                "KCNA",
                "most solid, invincible alliance",
            )
        ],
    ),
    (
        "“We will win,” said John Smith, the mayor of Springfield.",
        [("John Smith", "mayor of Springfield", "direct", None, "We will win")],
    ),
    ("“We will win,” Smith said.", [("Smith", None, "direct", None, "We will win")]),
    (
        "Choe Son-hui, North Korea's foreign minister, said the treaty would last forever.",
        [
            (
                "Choe Son-hui",
                "North Korea's foreign minister",
                "indirect",
                None,
                "the treaty would last forever",
            )
        ],
    ),
    (
        "According to KCNA, the treaty was signed in June.",
        [("KCNA", None, "indirect", None, "the treaty was signed in June")],
    ),
    (
        "The attack was planned, Pentagon spokesman John Kirby told Reuters.",
        [("John Kirby", "Pentagon spokesman", "indirect", "Reuters", "The attack was planned")],
    ),
    (
        'John Kerry arrived in Geneva. "It is over," he said.',
        [("John Kerry", None, "direct", None, "It is over")],
    ),
    (
        "The minister told reporters:\n\n“The first paragraph goes on.\n\n“And ends here.”\n\n"
        "Nothing else.",
        [],
    ),
    (
        'Prime Minister Jane Doe told reporters: "The first paragraph goes on.\n\n"And ends here."',
        [
            (
                "Jane Doe",
                "Prime Minister",
                "direct",
                None,
                "The first paragraph goes on. And ends here.",
            )
        ],
    ),
]

# Nobody named: the extractor must not guess a speaker.
UNNAMED = [
    "“It is over,” he said.",
    "The fire started at noon, police said.",
    "“We are leaving,” a spokesman said.",
    "Officials said the bridge would reopen on Monday.",
    'The so-called "miracle cure" was sold online.',
    "Some analysts said the market would fall.",
]


def _summary(quote: Quote):
    return quote.speaker, quote.role, quote.kind, quote.via, quote.text


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_extracts_attributed_quotes(body, expected):
    quotes = extract_quotes(body)
    assert [_summary(q) for q in quotes] == expected
    for quote in quotes:
        assert quote.start < quote.end
        assert quote.text.split()[0] in body[quote.start : quote.end]
        assert body[quote.start : quote.end] in quote.sentence or quote.kind == "direct"


@pytest.mark.parametrize("body", UNNAMED)
def test_never_guesses_a_speaker(body):
    assert extract_quotes(body) == []


def test_pronoun_takes_the_full_name_of_the_last_speaker():
    body = (
        "President Barack Obama spoke on Wednesday. "
        '"Jim Foley\'s life stands in stark contrast to his killers," Obama said. '
        '"Their ideology is bankrupt," he said.'
    )
    assert [(q.speaker, q.text) for q in extract_quotes(body)] == [
        ("Obama", "Jim Foley's life stands in stark contrast to his killers"),
        ("Barack Obama", "Their ideology is bankrupt"),
    ]


def test_pronoun_before_any_speaker_takes_the_person_named_nearest():
    body = 'Doctors in Bali treated Dylan Thomas on Sunday. "It burned," he said.'
    assert [(q.speaker, q.text) for q in extract_quotes(body)] == [("Dylan Thomas", "It burned")]


def test_surname_without_a_full_name_is_never_expanded():
    body = '"We will charge nightly," Kerris said. "It lasts a day," she said.'
    assert [(q.speaker, q.text) for q in extract_quotes(body)] == [
        ("Kerris", "We will charge nightly")
    ]
