"""People named by their office ("President Obama", "Bush's presidency"), and a claim that puts
another one in the same place."""

from __future__ import annotations

import re

_NAME = r"[A-Z][\w'-]+"
# An office before a name ("Gov. Rick Scott", "President Obama"), or a name before the
# office it held ("George W. Bush's presidency"); the person is the name's last word. An
# initial may stand in the name ("George W. Bush"), a sentence's end may not.
_TITLED = re.compile(
    r"\b(?:President|Gov\.|Governor|Sen\.|Senator|Rep\.|Representative|Mayor|Secretary)"
    rf"\s+((?:[A-Z]\.\s+|{_NAME}\s+){{0,2}}{_NAME})"
)
_HELD = re.compile(
    rf"\b({_NAME})(?:'s|\u2019s)\s+(?:presidency|administration|governorship|tenure|term)\b"
)
_CAPITALIZED = re.compile(_NAME)


def _bare(name: str) -> str:
    return re.sub(r"['\u2019]s$", "", name.lower())


def named(text: str) -> set[str]:
    """Surnames of the people the text names by an office they hold or held."""
    found = {m[1].split()[-1] for m in _TITLED.finditer(text)}
    found |= {m[1] for m in _HELD.finditer(text)}
    return {_bare(name) for name in found}


def other_person(claim: str, evidence: str) -> tuple[str, str] | None:
    """A person each side names in office whom the other never mentions: the same story
    told of someone else ("taken away during Bush's presidency" / "from President Obama")."""
    mine, theirs = named(claim), named(evidence)
    if not (mine and theirs):
        return None
    words = [{_bare(w) for w in _CAPITALIZED.findall(t)} for t in (claim, evidence)]
    only_mine, only_theirs = sorted(mine - words[1]), sorted(theirs - words[0])
    if only_mine and only_theirs:
        return only_mine[0], only_theirs[0]
    return None
