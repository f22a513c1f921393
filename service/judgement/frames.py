"""The reporting frame in front of a claim: "Online posts claim that ...", "Joe Biden says ..."."""

from __future__ import annotations

import re

# Who reports it (a kind of post, or one to four capitalized words, not a pronoun or a
# subordinating word), then a reporting verb, then the claim.
_FRAME = re.compile(
    r"^(?:(?i:(?:online|social media|viral|facebook|twitter)\s+(?:posts?|users?|memes?))|"
    r"(?i:(?:an?|one|some)\s+(?:online|viral|social media|facebook)?\s*(?:posts?|memes?))|"
    r"(?!(?:They|We|I|He|She|It|You|When|If|As|After|Before|While|Because|Although|Since)\b)"
    r"(?:[A-Z][\w.'’-]*\s+){1,4})"
    r"\s*(?:supposedly\s+|falsely\s+|wrongly\s+)?"
    r"(?:claims?|claimed|says?|said|reports?|reported|asserts?|asserted|argues?|argued|"
    r"suggests?|suggested|alleges?|alleged|insists?|insisted|contends?|contended|warns?|warned)"
    r"(?:\s+that)?\s+(?=\w)"
)
# What follows cannot stand alone: who "he" is, or what "and" joins, lives in the frame.
_DEPENDENT = re.compile(
    r"^(?:he|she|they|it|we|i|you|his|her|their|its|our|my|and|or|but)\b", re.IGNORECASE
)


def unframed(text: str) -> str:
    """The claim a frame reports ("Malia Obama was arrested ..." from "Online posts report
    that Malia Obama was arrested ..."); `text` itself where there is no frame, or where the
    rest is too short or leans on the frame."""
    match = _FRAME.match(text)
    if not match:
        return text
    rest = text[match.end() :]
    if _DEPENDENT.match(rest) or len(rest.split()) < 4:
        return text
    return rest[0].upper() + rest[1:]
