"""Query cleaning and tokenization for matching."""

import pytest

from index.text import clean_query, split_words, tokens

PLAIN = "A plain debate sentence, nothing to strip."
DASHES = "Taxes - not tariffs - pay for it"


@pytest.mark.parametrize(
    ("raw", "text", "author", "date"),
    [
        (
            "Hurricane Dorian washed up bricks of cocaine https://t.co/abc "
            "— NowThis (@nowthisnews) September 4, 2019",
            "Hurricane Dorian washed up bricks of cocaine",
            "NowThis",
            "2019-09-04",
        ),
        (
            "Watch this pic.twitter.com/0eJtw #AustralianFires 🔥🔥 "
            "— Brad Trost 🇨🇦 (@BradTrostCPC) December 26, 2019",
            "Watch this Australian Fires",
            "Brad Trost",
            "2019-12-26",
        ),
        ("Claim — Ann (@ann) Sept. 30, 2019", "Claim", "Ann", "2019-09-30"),
        ("Claim — Ann (@ann) Feb 29, 2019", "Claim", "Ann", None),  # not a real day
        ("Claim — Ann (@ann)", "Claim", "Ann", None),
        (
            "@realDonaldTrump said it &amp; meant it",
            "real Donald Trump said it & meant it",
            None,
            None,
        ),
        ("#DefundTheCBChttps://t.co/CsHG8R9cHp", "Defund The CBC", None, None),
        (
            "A plain debate sentence, nothing to strip.",
            "A plain debate sentence, nothing to strip.",
            None,
            None,
        ),
        ("", "", None, None),
    ],
)
def test_clean_query(raw, text, author, date):
    query = clean_query(raw)
    assert query.text == text
    assert query.author == author
    assert query.date == date


def test_a_dash_inside_the_text_is_not_a_signature():
    assert (
        clean_query("Taxes - not tariffs - pay for it").text == "Taxes - not tariffs - pay for it"
    )


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("AustralianFires", "Australian Fires"),
        ("COVID19", "COVID 19"),
        ("stop_the_steal", "stop the steal"),
    ],
)
def test_split_words(tag, words):
    assert split_words(tag) == words


def test_tokens_drop_function_words_and_stem():
    assert tokens("The vaccines were not tested on 1,000 people!") == [
        "vaccin",
        "not",
        "test",
        "1",
        "000",
        "peopl",
    ]
    assert tokens("Trump’s claims") == ["trump", "claim"]
