"""People named by their office, and a claim that puts another one in the same place."""

import pytest

from service.judgement.people import named, other_person


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("President Obama signed it.", {"obama"}),
        ("It happened during George W. Bush's presidency.", {"bush"}),
        ("Gov. Rick Scott\u2019s budget and Sen. Ted Cruz's vote.", {"scott", "cruz"}),
        # a sentence's end is no part of the name
        ("It was President Trump. These people agree.", {"trump"}),
        ("Obama signed it. Bush vetoed it.", set()),
    ],
)
def test_named(text, people):
    assert named(text) == people


@pytest.mark.parametrize(
    ("claim", "evidence", "found"),
    [
        (
            "Crimea was taken during George W. Bush's presidency.",
            "Crimea was taken from President Obama.",
            ("bush", "obama"),
        ),
        # the other side mentions the person, with or without the office
        ("Gov. Scott cut $1 billion from schools.", "Rick Scott cut school funding.", None),
        ("President Obama doubled the debt.", "Barack Obama and President Bush doubled it.", None),
        # a possessive is the same person ("Senator McCain's policy")
        (
            "The centerpiece of Senator McCain's policy is vouchers.",
            "Senator McCain's policy centres on vouchers.",
            None,
        ),
        ("It was the biggest gain since President Kennedy's.", "Not since Kennedy's.", None),
        # only one side names someone in office
        ("Sen. Cruz voted against the bill.", "Says he voted against the bill.", None),
    ],
)
def test_other_person(claim, evidence, found):
    assert other_person(claim, evidence) == found
