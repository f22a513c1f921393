"""One negation spelled the record's way: "has not" / "hasn't", "not once" / "never"."""

from __future__ import annotations

import re

_AUX = "is|are|was|were|do|does|did|has|have|had|would|could|should|must|need|might|ai|wo|ca"
# "won't" and "can't" are "wo" / "ca" + "n't" to the pattern; spelled out, "will" / "can".
_SPELLED = {"wo": "will", "ca": "can", "ai": "is"}
_SHORT = re.compile(rf"\b({_AUX})n(['’])t\b", re.IGNORECASE)
_LONG = re.compile(rf"\b({_AUX}|will|can) not\b|\b(can)not\b", re.IGNORECASE)
_NEVER = re.compile(r"\bnever\b", re.IGNORECASE)
_NOT_ONCE = re.compile(r"\bnot (?:once|ever)\b", re.IGNORECASE)


def _short_forms(text: str) -> set[str]:
    """The auxiliaries `text` negates with "n't", spelled out ("has", "will")."""
    return {_SPELLED.get(m[1].lower(), m[1].lower()) for m in _SHORT.finditer(text)}


def _long_forms(text: str) -> set[str]:
    return {(m[1] or m[2]).lower() for m in _LONG.finditer(text)}


def aligned(claim: str, record: str) -> str:
    """`claim` with each negation the record spells another way spelled as the record does.

    The cross-encoder learned opposites from one-cue edits, so it reads "has not condemned"
    against a stored "hasn't condemned" as the opposite claim (1.00) and the same words with
    "hasn't" as the same one (1.00). Only a negation both sides have is respelled: a claim
    negated on one side only keeps its meaning and its cue.
    """
    short, long = _short_forms(record), _long_forms(record)
    apostrophe = "’" if "’" in record else "'"

    def contract(m: re.Match) -> str:
        aux = (m[1] or m[2]).lower()
        if aux not in short or aux in long:
            return m[0]
        word = {"will": "wo", "can": "ca"}.get(aux, m[1] or m[2])
        return f"{word}n{apostrophe}t"

    def spell(m: re.Match) -> str:
        aux = _SPELLED.get(m[1].lower(), m[1].lower())
        if aux not in long or aux in short:
            return m[0]
        if aux == "can" and "cannot" in record.lower():
            return "Cannot" if m[1][0].isupper() else "cannot"
        return f"{aux if m[1].islower() else aux.capitalize()} not"

    out = _LONG.sub(contract, claim)
    out = _SHORT.sub(spell, out)
    if _NEVER.search(record) and not _NEVER.search(out):
        out = _NOT_ONCE.sub("never", out)
    return out
