"""The reporting frame the cross-encoder reads a claim without."""

import pytest

from service.judgement.frames import unframed


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Online posts report that Malia Obama was one of ten people arrested.",
            "Malia Obama was one of ten people arrested.",
        ),
        (
            "Joe Biden claims Donald Trump has never denounced David Duke.",
            "Donald Trump has never denounced David Duke.",
        ),
        (
            "John F. Kennedy supposedly warned that if America suffered a coup, the CIA did it.",
            "If America suffered a coup, the CIA did it.",
        ),
        (
            "A viral post claims the vaccine causes autism in kids.",
            "The vaccine causes autism in kids.",
        ),
        (
            "Social media users say Biden fell asleep at the memorial.",
            "Biden fell asleep at the memorial.",
        ),
        # no frame, or one the claim cannot stand without
        ("Crime rose 10 percent last year.", "Crime rose 10 percent last year."),
        ("Says Trump hasn't condemned David Duke.", "Says Trump hasn't condemned David Duke."),
        ("Obama says he will veto the bill today.", "Obama says he will veto the bill today."),
        ("They say president Obama is a Muslim.", "They say president Obama is a Muslim."),
        (
            "When President Obama said ISIS was contained, he meant Iraq.",
            "When President Obama said ISIS was contained, he meant Iraq.",
        ),
        (
            "James Comey suggested and CNN reported that the warrant was thin.",
            "James Comey suggested and CNN reported that the warrant was thin.",
        ),
        ("Obama said it is false.", "Obama said it is false."),
    ],
)
def test_unframed(text, claim):
    assert unframed(text) == claim
