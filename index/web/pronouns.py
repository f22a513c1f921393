"""Who a "he" or "she" is: the full name the article gave that person before."""

import re

from index.web import speech
from index.web.sentences import quote_spans, sentence_spans

_WORD = r"[A-Z](?:[a-z]|['’][A-Z])[\w’'\-]*"  # "Micheal", "O'Neal"
CAPITALISED_RUN = re.compile(
    rf"\b{_WORD}(?:\s+(?:[A-Z]\.|{_WORD}|(?:al|el|bin|ibn)-[A-Z][\w’'\-]*))+"
)


def is_person(words: list[str]) -> bool:
    """No word of it is a common word, an organisation's or a role's."""
    return not any(
        w.lower() in speech.NOT_NAMES or w.lower() in speech.ORG_WORDS or speech.is_role_token(w)
        for w in words
    )


def full_names(text: str, *, subjects: bool = False) -> list[str]:
    """Two- or three-word person names in text, in order: the end of each capitalised run
    ("North Korea Alexandr Matsegora" -> "Alexandr Matsegora", "Thomas's" -> "Thomas")."""
    names = []
    for m in CAPITALISED_RUN.finditer(text):
        if subjects and re.search(
            r"\b(?:of|in|at|from|to|near|into|[Aa]n?|[Tt]he|company|firm|business|band|brand"
            r"|agency|charity|shop|store|restaurant),?\s+$",
            text[: m.start()],
        ):
            continue  # "the region of Le Marche", "his company Mark-1 Plumbing": not a person
        words = [re.sub(r"['’]s?$", "", w) for w in m.group().split()]
        words = [w for w in words if w.lower() not in speech.HONORIFICS]  # "Sheikh Munajjid"
        if len(words) < 2:
            continue
        size = 3 if len(words) >= 3 and re.fullmatch(r"[A-Z]\.", words[-2]) else 2
        if is_person(words[-size:]):
            names.append(" ".join(words[-size:]))
    return names


def _new_subject(body: str, since: int, before: int, last: str) -> str | None:
    """A person other than `last` who opens a sentence between since and before ("Michelle
    Rempel, a Conservative MP, used Twitter ... She also tweeted"), in full."""
    found = None
    for s, _ in sentence_spans(body[since:before], quote_spans(body[since:before])):
        m = CAPITALISED_RUN.match(body, since + s)
        if not m:
            continue
        words = [w for w in m.group().split() if w.lower() not in speech.HONORIFICS]
        if words and is_person(words) and _surname(words[-1]) != _surname(last.split()[-1]):
            found = words
    if not found:
        return None
    if len(found) >= 2:
        return " ".join(found[-2:])
    full = [n for n in full_names(body[:before]) if found[0] in n.split()]
    return full[-1] if full else None  # "Miss Tan": the name the article gave her


def antecedent(
    body: str,
    before: int,
    speakers: list[str],
    outlets: frozenset[str] = frozenset(),
    since: int | None = None,
) -> str | None:
    """The full name a "he" / "she" stands for: the last person who spoke (written in full
    somewhere before), unless another person opens a sentence after that one spoke (`since`),
    else the first person named in the nearest sentence naming one.
    `outlets`: names the article credits as outlets ("According to RT, ..."), never a "he"."""
    for speaker in reversed(speakers):
        if speaker in outlets:
            continue
        if since is not None and (other := _new_subject(body, since, before, speaker)):
            return other
        if is_person(speaker.split()):
            words = [w for w in speaker.split() if w.lower() not in speech.HONORIFICS]
            if len(words) >= 2:
                return speaker
            names = full_names(body[:before])
            full = [n for n in names if _surname(n) == _surname(words[-1])]
            # "Presenter Alan told The Sun ...": a first name, when no surname matches
            full = full or [n for n in names if n.split()[0] == words[-1]]
            return full[-1] if full else speaker  # "Thomas": the name the article gives
    for s, e in reversed(sentence_spans(body[:before], quote_spans(body[:before]))):
        # a name in quote marks is a nickname ('who goes by "Joey Trombone"'), no antecedent
        plain = re.sub(r"[“\"][^”\"]*[”\"]", lambda m: " " * len(m.group()), body[s:e])
        if names := full_names(plain, subjects=True):
            return names[0]
    return None


def _surname(name: str) -> str:
    """ "Saleh al-Munajjid" and "Munajjid" share one: a particle joined by a hyphen is dropped."""
    last = name.split()[-1]
    return re.sub(r"^(?:al|el|ad|ash|as|at|bin|ibn|abu)-", "", last, flags=re.I)
