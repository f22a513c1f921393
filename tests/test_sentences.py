"""The sentence splitter: abbreviations, quotes and numbers do not end a sentence."""

import pytest

from index.sentences import split


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One claim.", ["One claim."]),
        ("No final stop", ["No final stop"]),
        ("Mr. Smith went to Washington. He left.", ["Mr. Smith went to Washington.", "He left."]),
        ("Dr. Jones agreed. So did Mrs. Lee.", ["Dr. Jones agreed.", "So did Mrs. Lee."]),
        ("The U.S. spent more. Europe less.", ["The U.S. spent more.", "Europe less."]),
        (
            "It opened on Jan. 5 in Paris. Then it closed.",
            ["It opened on Jan. 5 in Paris.", "Then it closed."],
        ),
        ("Inflation was 3.5 percent. It fell.", ["Inflation was 3.5 percent.", "It fell."]),
        ("It cost $1.2 million. Nobody paid.", ["It cost $1.2 million.", "Nobody paid."]),
        ('He said "It is over." Then he left.', ['He said "It is over."', "Then he left."]),
        ("She asked: “Why?” Nobody answered.", ["She asked: “Why?”", "Nobody answered."]),
        ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
        ("A line\nbroken in the middle. Next one.", ["A line broken in the middle.", "Next one."]),
        ("First paragraph.\n\nSecond paragraph", ["First paragraph.", "Second paragraph"]),
        ("  Spaces   around.  ", ["Spaces around."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split(text, expected):
    assert split(text) == expected
