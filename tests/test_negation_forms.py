"""A negation both sides have is spelled the record's way before the cross-encoder reads it."""

import pytest

from service.judgement.negation_forms import aligned


@pytest.mark.parametrize(
    ("claim", "record", "expected"),
    [
        (
            "Donald Trump has not condemned David Duke.",
            "Says Donald Trump hasn\u2019t condemned David Duke.",
            "Donald Trump hasn\u2019t condemned David Duke.",
        ),
        (
            "Trump hasn't condemned Duke.",
            "Trump has not condemned Duke.",
            "Trump has not condemned Duke.",
        ),
        (
            "The bill will not raise taxes.",
            "The bill won't raise taxes.",
            "The bill won't raise taxes.",
        ),
        (
            "The bill won't raise taxes.",
            "The bill will not raise taxes.",
            "The bill will not raise taxes.",
        ),
        ("He can't run again.", "He cannot run again.", "He cannot run again."),
        ("He cannot run again.", "He can't run again.", "He can't run again."),
        (
            "Holton has not once appeared in a courtroom.",
            "Says Holton has never set foot in a courtroom.",
            "Holton has never appeared in a courtroom.",
        ),
        # a negation on one side only keeps its cue: that is an opposite, not a spelling
        ("Trump has condemned Duke.", "Trump hasn't condemned Duke.", "Trump has condemned Duke."),
        (
            "Trump has not condemned Duke.",
            "Trump has condemned Duke.",
            "Trump has not condemned Duke.",
        ),
        (
            "Holton has not once lost a case.",
            "Holton has lost a case.",
            "Holton has not once lost a case.",
        ),
        # another auxiliary is another negation
        (
            "Trump did not condemn Duke.",
            "Trump hasn't condemned Duke.",
            "Trump did not condemn Duke.",
        ),
    ],
)
def test_aligned(claim, record, expected):
    assert aligned(claim, record) == expected
