"""Clean query and document text for matching: tweet noise out, claim-bearing words kept."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from index.dates import iso_day

# "... — Name (@handle) January 14, 2020": the signature an embedded tweet ends with.
_SIGNATURE = re.compile(
    r"\s*[—–-]+\s*(?P<name>[^()\n—–]{0,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2},? \d{4})?\s*$"
)
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S*", re.I)
_HANDLE = re.compile(r"(?<![\w])@(\w{1,30})")
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Symbols (emoji, dingbats), modifiers and private-use marks carry no claim words.
_DROP_CATEGORIES = {"So", "Sk", "Cs", "Co", "Cn", "Mn", "Cf"}


@dataclass(frozen=True)
class Query:
    """A cleaned query: the text to match, and the author and day a tweet signature names."""

    text: str
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD


def split_words(tag: str) -> str:
    """Split a hashtag or handle into words: `AustralianFires` -> `Australian Fires`."""
    return _CAMEL.sub(" ", tag.replace("_", " "))


def _strip_symbols(text: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) in _DROP_CATEGORIES and not ch.isspace() else ch
        for ch in text
    )


def clean_query(text: str) -> Query:
    """Reduce a reader's sentence or tweet to its claim words; name the tweet's author and day."""
    text = html.unescape(text or "")
    author = said = None
    match = _SIGNATURE.search(text)
    if match and match.start() > 0:
        author = _SPACES.sub(" ", _strip_symbols(match["name"])).strip() or None
        if match["date"]:
            month, dom, year = match["date"].replace(",", "").split()
            said = iso_day(year, month, dom)
        text = text[: match.start()]
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(lambda m: " " + split_words(m[1]) + " ", text)
    text = _HASHTAG.sub(lambda m: " " + split_words(m[1]) + " ", text)
    text = _strip_symbols(text)
    text = _SPACES.sub(" ", text).strip()
    return Query(text=text, author=author, date=said)


# A compact English stop list: function words only, so negations and numbers survive.
_STOP = """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves rt amp via"""
STOPWORDS = frozenset(_STOP.split())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    # Words repeat across a collection; the pure-Python stemmer is the slow part of indexing.
    return _stemmer().stemWord(word)


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words: the terms the lexical index matches on."""
    words = (w.replace("'", "") for w in _WORD.findall(text.lower().replace("’", "'")))
    return [stem(w) for w in words if w not in STOPWORDS]
