"""Attributed statements in an article body: who said what, in what role, via which outlet."""

import re
from dataclasses import dataclass

from index.web import speech
from index.web.speakers import speaker_after, speaker_before


@dataclass(frozen=True)
class Quote:
    text: str  # the quoted words (direct) or the reported clause (indirect)
    speaker: str  # the speaker's name as the article writes it; never guessed
    role: str | None  # the role the article gives, else None
    kind: str  # "direct" | "indirect"
    via: str | None  # the outlet the article credits for it, else None
    sentence: str  # the sentence(s) it came from, for context
    start: int  # character span of `text` in the body
    end: int


_VERB = r"(?:" + "|".join(sorted(speech.SPEECH_VERBS, key=len, reverse=True)) + r")"
_WORD = r"[\w'’.\-]+"
# What may sit between a speech verb and the quote it introduces: "told reporters:", "said in a
# statement,", "wrote on Twitter:". Short, and ending with the colon or comma.
_VERB_TAIL = r"(?:\s+[^“”\".!?\n]{1,60}?)?"
_OUTLET = r"([A-Z][\w'’.&\-]*(?:\s+(?:[A-Z][\w'’.&\-]*|of|the|for))*)"


def _opens(body: str, i: int) -> bool:
    """A straight double quote opens when it follows a space, a line start or an opening bracket."""
    return i == 0 or body[i - 1].isspace() or body[i - 1] in "([{—–-/"


def quote_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every quoted passage's words; one that runs on into the next paragraph
    (the news convention: no closing mark, the next paragraph opens again) is one span."""
    spans, start, i = [], None, 0
    while i < len(body):
        ch = body[i]
        if start is None:
            if ch == "“" or (ch == '"' and _opens(body, i)):
                start = i + 1
        elif ch in '”"':
            spans.append((start, i))
            start = None
        elif ch == "“":
            start = i + 1  # an unclosed quote: keep only the newer one
        elif ch == "\n":
            j = i
            while j < len(body) and body[j].isspace():
                j += 1
            if j < len(body) and body[j] in '“"':
                i = j  # the quote goes on in the next paragraph
            else:
                spans.append((start, i))
                start = None
        i += 1
    if start is not None:
        spans.append((start, len(body)))
    return [(s, e) for s, e in spans if e - s > 1]


def sentence_spans(body: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences, never split inside a quote: a quote and its attribution stay together."""
    inside = [False] * (len(body) + 1)
    for s, e in quotes:
        for k in range(s, e):
            inside[k] = True
    cuts = []
    for m in re.finditer(r"[.!?]+(?=[\s\"”’)]*\s)|\n+", body):
        if inside[m.start()]:
            continue
        if m.group().startswith("."):
            word = re.search(r"([\w.]+)$", body[: m.start()])
            if word and (word.group(1).lower() in speech.ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        cuts.append(m.end())
    spans, last = [], 0
    for cut in [*cuts, len(body)]:
        s, e = last, cut
        while s < e and body[s] in ' \t\n"”’)':
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        last = cut
    return spans


def _mask(body: str, quotes: list[tuple[int, int]], start: int, end: int) -> str:
    """body[start:end] with quoted words blanked, so a verb inside a quote attributes nothing."""
    chars = list(body[start:end])
    for s, e in quotes:
        for k in range(max(s, start), min(e, end)):
            chars[k - start] = "_" if not chars[k - start].isspace() else chars[k - start]
    return "".join(chars)


def _via(sentence: str) -> str | None:
    """The outlet credited: "citing KCNA", "told Reuters", "Yonhap reported"."""
    for pattern in (r"\bciting\s+" + _OUTLET, r"\btold\s+" + _OUTLET, _OUTLET + r"\s+reported\b"):
        m = re.search(pattern, sentence)
        if m and speech.is_name_token(m.group(1).split()[0]):
            return m.group(1).rstrip(".")
    return None


def _after_quote(tail: str, *, reported: bool) -> tuple[str, str | None] | None:
    """'," said X' / '," X said' / '," according to X' right after a closing mark. An outlet that
    "reported" it is the speaker only when `reported` (no one else in the sentence said it)."""
    verb = _VERB if reported else r"(?!report)" + _VERB
    m = re.match(r"\s*[,—–-]?\s*(?:" + verb + r"|according to)\b(.*)", tail, re.S)
    if m:
        return speaker_after(m.group(1))
    m = re.match(r"\s*[,—–-]?\s*([^.!?“”\"\n]{1,150}?)\s+" + verb + r"\b", tail)
    if m:
        return speaker_before(m.group(1), whole=True)
    return None


def _before_quote(head: str) -> tuple[str, str | None] | None:
    """'X said: "' / 'X told reporters, "' / 'according to X, "' right before an opening mark."""
    m = re.search(r"\b(" + _VERB + r")(?:\s+that|\s+[^“”\".!?\n]{1,60}?[:,]|\s*[:,])?\s*$", head)
    if m:
        return speaker_before(head[: m.start()])
    m = re.search(r"\baccording to\s+([^“”\"]+?),?\s*$", head)
    if m:
        return speaker_after(m.group(1))
    return None


def _clause(text: str, masked: str) -> tuple[tuple[str, str | None], int, int] | None:
    """The speaker and reported clause (offsets into the sentence) of 'X said (that) CLAUSE',
    'CLAUSE, X said.' or 'according to X, CLAUSE'."""
    end = len(text.rstrip(' .!?"”'))
    m = re.match(r"(.*?)\b[Aa]ccording to\s+([^,]+),\s*", masked)
    if m and (who := speaker_after(m.group(2))):
        return who, m.end(), end
    m = re.search(r",\s*according to\s+([^,]+?)[.!?]?$", masked)
    if m and (who := speaker_after(m.group(1))):
        return who, 0, m.start()
    for m in re.finditer(r",\s*(?=[^,]{1,150}$)", masked):
        tail = re.match(
            r"(.{1,120}?)\s+" + _VERB + r"\b[^,]{0,40}$|" + _VERB + r"\s+(.+)$", masked[m.end() :]
        )
        if tail and (
            who := speaker_before(tail.group(1), whole=True)
            if tail.group(1)
            else speaker_after(tail.group(2))
        ):
            return who, 0, m.start()
    for m in re.finditer(r"\b(" + _VERB + r"|called|described|referred to)\b", masked):
        who = speaker_before(masked[: m.start()])
        if not who:
            continue
        rest = re.match(
            r"(?:\s+(?:[A-Z][\w.]*\s*)+|\s+reporters|\s+\w+\s+(?=that\b))?\s*(?:that\b)?\s*[,:]?\s*",
            masked[m.end() :],
        )
        start = m.end() + rest.end()
        if len(text[start:end].split()) >= 3:
            return who, start, end
    return None


def _paragraph_of(body: str, pos: int) -> int:
    return body.rfind("\n", 0, pos)


def extract_quotes(body: str, *, title: str | None = None) -> list[Quote]:
    """The attributed statements an article body makes, in order; only what the text says."""
    quotes = quote_spans(body)
    sentences = sentence_spans(body, quotes)
    found: list[tuple[int, int, str, str | None, str, str | None, int, int]] = []
    attributed: dict[tuple[int, int], tuple[str, str | None, str | None]] = {}
    for ss, se in sentences:
        text, masked = body[ss:se], _mask(body, quotes, ss, se)
        via = _via(masked)
        inner = [(s, e) for s, e in quotes if ss <= s and e <= se + 1]
        clause = _clause(text, masked)
        for s, e in inner:
            line_end = body.find("\n", e)
            tail = body[e + 1 : line_end if line_end >= 0 else len(body)]
            head = body[max(ss, _paragraph_of(body, s) + 1) : s - 1]
            who = _after_quote(tail, reported=False) or _before_quote(head)
            if not who and clause and ss + clause[1] <= s and e <= ss + clause[2] + 1:
                who = clause[0]
            who = who or _after_quote(tail, reported=True)
            if who:
                attributed[(s, e)] = (*who, via if via != who[0] else None)
        if clause and not inner:
            who, cs, ce = clause
            found.append(
                (ss + cs, ss + ce, *who, "indirect", via if via != who[0] else None, ss, se)
            )
        for s, e in inner:
            if (s, e) in attributed:
                speaker, role, qvia = attributed[(s, e)]
                found.append((s, e, speaker, role, "direct", qvia, ss, se))
    return _resolve(body, sorted(found))


_FULL_NAME = re.compile(r"\b[A-Z][a-z][\w'’\-]*(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z][\w'’\-]*){1,2}\b")


def _last_full_name(body: str, before: int) -> str | None:
    """The nearest two- or three-word name the article wrote before a pronoun ("Alexandr
    Matsegora"), skipping runs that hold a role or a sentence-opening word."""
    for m in reversed(list(_FULL_NAME.finditer(body, 0, before))):
        words = m.group().split()
        while words and words[0].lower() in speech.NOT_NAMES:
            words = words[1:]
        if len(words) >= 2 and not any(
            w.lower() in speech.NOT_NAMES or speech.is_role_token(w) for w in words
        ):
            return " ".join(words)
    return None


def _resolve(body: str, found: list) -> list[Quote]:
    """A pronoun speaker becomes the nearest full name the article gave before it, else the
    quote is dropped: a speaker is never guessed beyond the text."""
    out = []
    for s, e, speaker, role, kind, via, ss, se in found:
        if speaker.lower() in speech.PRONOUNS:
            speaker, role = _last_full_name(body, min(s, ss)), None
            if speaker is None:
                continue
        while e > s and body[e - 1] in " ,;:":
            e -= 1
        text = re.sub(r"\s*\n\s*[“\"]", " ", body[s:e]).strip()
        out.append(Quote(text, speaker, role, kind, via, body[ss:se], s, e))
    return out
