"""Quoted passages and sentences in article text, by character offsets."""

import re

from index.web import speech


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
    # "...Parliament Hill.While Tony Clement...": a stop with no space after it ends a sentence too
    for m in re.finditer(r"[.!?]+(?=[\s\"”’)]*\s)|\n+|(?<=[a-z]{2})\.(?=[A-Z][a-z])", body):
        if inside[m.start()]:
            continue
        if m.group().startswith("."):
            word = re.search(r"([\w.]+)$", body[: m.start()])
            if word and (word.group(1).lower() in speech.ABBREVIATIONS or len(word.group(1)) == 1):
                continue
        cuts.append(m.end())
    # '..." said X.' stays one sentence; '...of that." Titchmarsh told The Sun' starts another
    for s, e in quotes:
        if re.search(r"[.!?]\s*$", body[s:e]) and re.match(r"[”\"]\s+[A-Z]", body[e : e + 3]):
            cuts.append(e + 1)
    cuts.sort()
    spans, last = [], 0
    for cut in [*cuts, len(body)]:
        s, e = last, cut
        # Closing marks left from the sentence before; a straight " only when a space follows
        # (else it opens this sentence's quote: '"Russia and ...," X said.').
        while s < e and (
            body[s] in " \t\n”’)" or (body[s] == '"' and (s + 1 == e or body[s + 1].isspace()))
        ):
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        last = cut
    return spans


def mask(body: str, quotes: list[tuple[int, int]], start: int, end: int) -> str:
    """body[start:end] with quoted words blanked, so a verb inside a quote attributes nothing."""
    chars = list(body[start:end])
    for s, e in quotes:
        for k in range(max(s, start), min(e, end)):
            chars[k - start] = "_" if not chars[k - start].isspace() else chars[k - start]
    return "".join(chars)
