"""Attributed statements in an article body: who said what, in what role, via which outlet."""

import re
from dataclasses import dataclass
from itertools import pairwise

from index.web import speech
from index.web.clauses import INNER_SAYING, reported_clause
from index.web.outlets import credited_outlet
from index.web.pronouns import antecedent, full_names
from index.web.quoted import OPENS, after_quote, before_quote
from index.web.sentences import mask, quote_spans, sentence_spans
from index.web.titles import is_code, is_title


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


_VERB = speech.VERB

# "... and the artist's website says": a second speaker joins the sentence.
_OTHER_SPEAKER = r"\b(?:and|while|whereas)\s+[^,]{0,40}?\b" + _VERB + r"\b"
_CARRIED = r"\s*[,—–-]?\s*according to\b"
# '..., according to our source. A different source also told us there's "...": a new
# sentence with its own speech verb is someone else's, even when it names no one.
# "The family's attorney accused police of trying to "...": so does one who accuses or urges.
_NEW_SPEAKER = (
    r"[.!?][”\"’']?\s+[^.!?]*\b(?:"
    + _VERB
    + r"|accus(?:ed|es)|urg(?:ed|es)|ask(?:ed|s)|demand(?:ed|s))\b[^.!?]*$"
)
# "NEWS: Ed Sheeran says he was never homeless": a paragraph that links to another story.
_TEASER = re.compile(
    r"(?:NEWS|MORE NEWS|READ MORE|READ|MORE|RELATED|SEE ALSO|ALSO READ|WATCH|VIDEO)\s*:"
)
# '... said David Klinger. CNN analyst Tom Fuentes also doubted it: "...': a new sentence that
# introduces the quote with a colon and names someone introduces them ("But also:" does not).
_INTRODUCED = r"[.!?][”\"’']?\s+[A-Z][^.!?]*\s[A-Z][a-z][^.!?]*:\s*[“\"]?$"


def _paragraph_of(body: str, pos: int) -> int:
    return body.rfind("\n", 0, pos)


def extract_quotes(body: str, *, title: str | None = None) -> list[Quote]:
    """The attributed statements an article body makes, in order; only what the text says.

    `title` is accepted for the sync's convenience and not used: a headline attributes nothing
    the body does not, and its wording ("X says ...") is too clipped to read a speaker from.
    """
    quotes = quote_spans(body)
    found: list[tuple] = []
    attributed: dict[tuple[int, int], tuple] = {}
    sentence_of: dict[tuple[int, int], tuple[int, int]] = {}
    unnamed: list[int] = []
    unnamed_quotes: set[tuple[int, int]] = set()  # their own attribution names no one
    outlets: set[str] = set()  # every outlet the article credits: never who a "he" is
    for ss, se in sentence_spans(body, quotes):
        if _TEASER.match(body, _paragraph_of(body, ss) + 1):
            continue
        text, masked = body[ss:se], mask(body, quotes, ss, se)
        via = credited_outlet(masked)
        if via:
            outlets.add(via)
        inner = [(s, e) for s, e in quotes if ss <= s and e <= se + 1]
        clause = reported_clause(text, masked, reported=False) or reported_clause(
            text, masked, reported=True
        )
        if any(s <= ss and se <= e + 1 for s, e in quotes):
            clause = None  # a sentence inside someone's quote marks is that speaker's words
        titles = {(s, e) for s, e in inner if is_title(body, ss, s, e)}
        unnamed_quotes |= titles  # a name in quote marks says nothing, nor inherits a speaker
        for s, e in inner:
            sentence_of[(s, e)] = (ss, se)
            if (s, e) in titles:
                continue
            line_end = body.find("\n", e)
            tail = body[e + 1 : line_end if line_end >= 0 else len(body)]
            head = body[max(ss, _paragraph_of(body, s) + 1) : s - 1]
            who = after_quote(body[s:e], tail, reported=False)
            if not who or re.match(_CARRIED, tail):
                # 'X said: "...," according to a report from Y': X said it, Y carried it
                who = before_quote(head) or who
            # '... that the page is "fake" and the site says it is "not ..."': the clause's speaker
            # owns a quote only when no other speech verb sits between them.
            own = clause and not re.search(_OTHER_SPEAKER, masked[clause[1] : s - ss])
            if not who and re.search(OPENS, head):
                unnamed_quotes.add((s, e))
                continue  # 'One local said: "...," the Daily Mirror reports.': the local's words
            if not who and own and ss + clause[1] <= s and e <= ss + clause[2] + 1:
                who = clause[0]
            if not who and not re.search(INNER_SAYING, masked[: max(0, s - ss - 1)]):
                # '... the government confirmed that it was "unwell", The Guardian reports.'
                # is the government's; an outlet "reports" a quote only when no one else spoke.
                who = after_quote(body[s:e], tail, reported=True)
            if not who and re.match(r"\s*,?\s*" + _VERB, tail):
                unnamed_quotes.add((s, e))  # '"...," said police': no one the article names
            if who:
                attributed[(s, e)] = (*who, via if via != who[0] else None)
        if not clause and not any(q in attributed for q in inner):
            m = re.search(r"(\w+)\s+" + _VERB + r"\b", masked)
            if m and not re.fullmatch(r"they|we|\w+[^s]s", m.group(1)):
                unnamed.append(ss)  # "a ministry spokesman said": a "he" after it is not named
        if clause and not set(inner) - titles:
            who, cs, ce = clause
            found.append(
                (ss + cs, ss + ce, *who, "indirect", via if via != who[0] else None, ss, se)
            )
    # '"A," she said. "B."': a quote that goes on in the same paragraph is the same speaker's.
    for prev, q in pairwise(quotes):
        between = body[prev[1] : q[0]]
        if re.search(_OTHER_SPEAKER, between) or is_code(body[q[0] : q[1]]):
            continue  # '"fake" and the artist's website says it is "not ..."': someone else
        if re.search(_NEW_SPEAKER, between) or re.search(_INTRODUCED, between):
            continue
        if q in unnamed_quotes:
            continue
        if q not in attributed and prev in attributed and "\n" not in between:
            attributed[q] = attributed[prev]
    for q, (speaker, role, via) in attributed.items():
        found.append((*q, speaker, role, "direct", via, *sentence_of.get(q, q)))
    return _resolve(body, sorted(found), unnamed, frozenset(outlets))


def _resolve(body: str, found: list, unnamed: list[int], outlets: frozenset[str]) -> list[Quote]:
    """A pronoun speaker becomes the full name the article gave that person before, else the
    quote is dropped: a speaker is never guessed beyond the text, and a "he" that follows an
    unnamed speaker ("a spokesman said") is that unnamed speaker."""
    out, speakers, last_named, spoke = [], [], -1, 0
    called: dict[str, str] = {}  # the pronoun the article used for a person: "he" or "she"
    for s, e, speaker, role, kind, via, ss, se in found:
        pronoun = speaker.lower()
        if pronoun in speech.PRONOUNS:
            if any(last_named < u < ss for u in unnamed):
                continue
            # "On Lin's social media pages, he says ...", "Maxwell was visiting Bali when he
            # says ...": the possessor or the subject earlier in the sentence
            head = body[ss:s] if ss < s else ""
            owners = re.findall(r"\b([A-Z][\w’'-]+)['’]s?\s", head)
            owners += re.findall(r"^([A-Z][\w’'-]+)\s+(?:was|is|had|has)\b", head)
            known = (
                [p for p in [*speakers, *full_names(body[:s])] if p.split()[-1] in owners]
                if owners
                else []
            )
            # "he" ... "she said": not the same person
            alike = [p for p in known or speakers if called.get(p, pronoun) == pronoun]
            speaker = antecedent(body, min(s, ss), alike, outlets, spoke)
            role = None
            if speaker is None or called.get(speaker, pronoun) != pronoun:
                continue
            called[speaker] = pronoun
        else:
            last_named = ss
        speakers.append(speaker)
        spoke = max(spoke, e, se)  # where the last statement so far ends
        while e > s and body[e - 1] in " ,;:":
            e -= 1
        text = re.sub(r"\s*\n\s*[“\"]", " ", body[s:e]).strip()
        out.append(Quote(text, speaker, role, kind, via, body[ss:se], s, e))
    return out
