"""Who a passage in quote marks belongs to: the attribution just after or just before it."""

import re

from index.web import speech
from index.web.speakers import speaker_after, speaker_before


def after_quote(quoted: str, tail: str, *, reported: bool) -> tuple[str, str | None] | None:
    """'," said X' / '," X said' / '," according to X' right after a closing mark. An outlet that
    "reported" it is the speaker only when `reported` (no one else in the sentence said it)."""
    verb = speech.VERB if reported else r"(?!report)" + speech.VERB
    m = re.match(r"\s*[,—–-]?\s*(?:(?!told|tells)" + verb + r"|according to)\b(.*)", tail, re.S)
    if m:
        return speaker_after(m.group(1))
    # '," X said.' / '," X told Reuters,': the verb ends the attribution. After '...end."' a
    # 'He added, "' opens the next quote; after '...,"' the attribution may run on.
    ended = re.search(r"[.!?]\W*$", quoted)
    stop = r"(?:[.!?]|$)" if ended else r"(?:[.,;:!?“\"]|$)"
    m = re.match(
        r"\s*[,—–-]?\s*([^.!?“”\"\n]{1,150}?)\s+"
        + verb
        + r"\b[^.,;:!?“”\"\n]{0,"
        + ("150" if quoted.rstrip().endswith(",") else "50")
        + "}"
        + r"(?:\s(?:when|after|as)\s+asked\b[^.!?“”\"\n]*)?"  # '" X told Y when asked if ...'
        + stop,
        tail,
    )
    if m:
        return speaker_before(m.group(1), whole=True)
    return None


_WHEN = r"\b(?:[Ww]hen|[Aa]fter|[Oo]nce|[Ww]hile|[Bb]efore)\s+[^,]{1,40}$"
OPENS = r"\b(" + speech.VERB + r")(?:\s+that|\s+[^“”\".!?\n]{1,60}?[:,]|\s*[:,])?\s*$"


def before_quote(head: str) -> tuple[str, str | None] | None:
    """'X said: "' / 'X told reporters, "' / 'according to X, "' right before an opening mark."""
    m = re.search(OPENS, head)
    if m and re.search(_WHEN, head[: m.start()]):
        # 'When X asked how he knew that, Hunter replied, "': the last verb, after the clause
        m = re.search(r"(?s:.*)" + OPENS, head)
    if m:
        return speaker_before(head[: m.start(1)])
    m = re.search(r"\baccording to\s+([^“”\"]+?),?\s*$", head)
    if m:
        return speaker_after(m.group(1))
    return None
