"""'Not A but B' read as B unless the other side says A (alternatives.py); the stance rules'
reading of such pairs is in tests/test_stance.py's PAIRS."""

import pytest

from service.judgement import alternatives


@pytest.mark.parametrize(
    ("text", "other", "expected"),
    [
        ("He does not oppose but supports it.", "He supports it.", "He does  supports it."),
        ("Crime did not rise but fell.", "Crime rose.", "Crime did not rise."),
        # B is no antonym of A: nothing to drop
        ("It is not a tax, but a fee.", "It is a tax.", "It is not a tax, but a fee."),
        ("Crime did not rise.", "Crime rose.", "Crime did not rise."),
        # a letter that lowers to two ("İ") must not shift what is cut
        (
            "İzmir does not oppose but supports it.",
            "İzmir supports it.",
            "İzmir does  supports it.",
        ),
    ],
)
def test_asserted(text, other, expected):
    assert alternatives.asserted(text, other) == expected
