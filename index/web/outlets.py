"""The outlet a sentence credits for what it reports: "citing KCNA", "told Reuters"."""

import re

from index.web import speech

_OUTLET = r"([A-Z][\w'’.&\-]*(?:\s+(?:[A-Z][\w'’.&\-]*|of|the|for))*)"


def credited_outlet(sentence: str) -> str | None:
    """The outlet credited: "citing KCNA", "told Reuters", "Yonhap reported", "reports Mashable"."""
    for pattern in (
        r"\bciting\s+(?:the\s+)?" + _OUTLET,
        r"\btold\s+(?:the\s+)?" + _OUTLET,
        r"\breport(?:s|ed)\s+(?:the\s+)?" + _OUTLET,
        r"\b(?:in|with)\s+(?:the|an interview with)\s+" + _OUTLET + r"(?:\s+report|\s+interview)",
        _OUTLET + r"\s+(?:report(?:s|ed)|cited)\b",
        r"^[Aa]ccording to\s+(?:the\s+)?" + _OUTLET + ",",
        r",\s*according to\s+(?:the\s+)?" + _OUTLET + r"\W*$",
        r"^Via\s+" + _OUTLET,
    ):
        m = re.search(pattern, sentence)
        name = re.sub(r"^The\s+", "", m.group(1)) if m else ""  # "The Sun reported"
        if name and speech.is_name_token(name.split()[0]):
            outlet = re.split(r"['’]s\b", name)[0]
            return re.sub(r"(?:\s+(?:of|the|for))+$", "", outlet).rstrip(".")
    return None
