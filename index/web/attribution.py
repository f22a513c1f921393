"""Attributed statements in an article body: who said what, in what role, via which outlet."""

import re
from dataclasses import dataclass
from itertools import pairwise

from index.web import speech
from index.web.pronouns import antecedent
from index.web.quoted import OPENS, after_quote, before_quote
from index.web.sentences import mask, quote_spans, sentence_spans
from index.web.speakers import credited_outlet, speaker_after, speaker_at_start, speaker_before
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
_CLAUSE_VERBS = speech.SPEECH_VERBS - speech.QUOTE_ONLY_VERBS
_CLAUSE_VERB = r"(?:" + "|".join(sorted(_CLAUSE_VERBS, key=len, reverse=True)) + r")"
# A speech verb with its own subject ("The analyst predicts", "Smith said"), not "than disclosed".
# "The Nigerian government said Friday", "A ... official this week confirmed"; not "the
# building than previously disclosed".
_SUBJECT_VERB = (
    r"(?:\b(?:[Tt]he|[Aa]n?)(?:\s+(?!than\b|as\b|who\b|which\b|that\b)[\w’'-]+){1,4}?"
    r"|\b[A-Z][\w.’']+)"
    r"(?:\s+\w+ly|\s+(?:this|last|on)\s+\w+)?\s+" + _VERB + r"\b"
)
_QUOTED_AS = r"\bquoted\s+as\s+saying\b"
# "... released a statement claiming that ..., Reuters reported.": someone inside said it first.
_INNER_SAYING = _SUBJECT_VERB + r"|\b(?:claiming|stating|insisting)\b|\ba statement\b|" + _QUOTED_AS
# "The sister of X, ..., says that ...": a sentence with its own speaker and clause.
_SAID_BEFORE = (
    _SUBJECT_VERB
    + r"|,\s*"
    + _VERB
    + r"\s+(?:that|he|she|they|it|its|his|her|their)\b|"
    + _QUOTED_AS
)
_WORD = r"[\w'’.\-]+"
# "Media reports have speculated": the verb form is a plural noun with its own verb after it.
# "... and the artist's website says": a second speaker joins the sentence.
_OTHER_SPEAKER = r"\band\s+[^,]{0,40}?\b" + _VERB + r"\b"
# ", X said, because ...": the verb closes a mid-sentence attribution; what follows is not said.
_SUBORDINATE = r"[^,]{0,30},\s*(?:because|as|but|after|when|while|since|although|though)\b"
# ", X reports, with ...": what follows the attribution is no clause, so what precedes is said.
_NO_CLAUSE_AFTER = r"\s*,\s*(?:with|amid|after|following|despite|including)\b"
# A word that makes a clause a clause: an auxiliary, a past tense, a negated verb.
_FINITE = (
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|should|must"
    r"|did|does|do)\b|\b\w+ed\b|n['’]t\b"
)
_CARRIED = r"\s*[,—–-]?\s*according to\b"
_NOUNS = frozenset({"reports", "claims", "notes", "states", "tweets", "posts"})
_NOUN_USE = r"\s+(?:have|has|had|are|were|in|from|on|of)\b"
# "If Mr. Cook actually said he ...": a supposed statement, not one the article reports.
_HYPOTHETICAL = r"\b(?:[Ii]f|[Ww]hether|[Uu]nless)\s+[^,]{0,40}$"
# '..., according to our source. A different source also told us there's "...": a new
# sentence with its own speech verb is someone else's, even when it names no one.
_NEW_SPEAKER = r"[.!?][”\"’']?\s+[^.!?]*\b" + _VERB + r"\b[^.!?]*$"


def _clause(text: str, masked: str, *, reported: bool) -> tuple[tuple, int, int] | None:
    """The speaker and reported clause (offsets into the sentence) of 'according to X, CLAUSE',
    'CLAUSE, X said.', 'CLAUSE, said X, ROLE.' or 'X said (that) CLAUSE'."""
    end = len(text.rstrip(' .!?"”'))
    verb = _CLAUSE_VERB if reported else r"(?!report)" + _CLAUSE_VERB
    # "..., the Post reported, citing three people familiar with it.": the citing part is a via
    cut = re.search(r"(?:,\s*|\s+)(?:citing|speaking|quoting)\b[^,]*[.!?]?$", masked)
    masked = masked[: cut.start()] if cut else masked
    m = re.search(r"\s(?:was|were|is)\s+quoted\s+as\s+saying\s+(?:that\s+)?", masked)
    if m and (who := speaker_before(masked[: m.start()])):  # "Abrams was quoted as saying"
        stop = re.search(r",\s*according to\b", masked[m.end() :])
        return who, m.end(), m.end() + stop.start() if stop else end
    m = re.search(r"\bwith\s+([^,]{1,80}?)\s+saying\s+(?:that\s+)?", masked)
    if m and (who := speaker_before(m.group(1), whole=True)):  # "with spokesman X saying that"
        return who, m.end(), end
    m = re.search(r"\bcited\s+(.+?)\s+(?:as\s+)?saying\s+(?:that\s+)?", masked)
    if m and (who := speaker_after(m.group(1))):  # "Al Arabiya cited the ministry as saying"
        return who, m.end(), end
    m = re.search(
        r"(?:^|,\s*|\s(?=according to [^,]+$))[Aa]ccording to\s+([^,]+)(,\s*|[.!?]?$)", masked
    )
    if m and m.start() > 0 and re.search(_SAID_BEFORE, masked[: m.start()]):
        m = None  # "X stressed that ..., according to a report by Y": Y is only the via
    if m and (who := speaker_after(m.group(1))):
        if m.start() == 0:
            inner = re.match(
                r"([^,]{1,80}?)\s+(" + _CLAUSE_VERB + r")\b\s*(?:that\b)?\s*", masked[m.end() :]
            )
            if inner and (said := speaker_before(inner.group(1), whole=True)):
                return said, m.end() + inner.end(), end  # "According to Variety, Sorkin says"
            if inner and inner.group(1).split()[0].lower() in ("the", "a", "an"):
                return None  # "According to L'Unione Sarda, the convent said": an unnamed speaker
            return who, m.end(), end
        return who, 0, (end if m.group(2).startswith(",") else m.start())
    # The attribution closes the sentence: "..., said X, ROLE." / "..., X, ROLE, told Y."
    m = re.search(r",\s*((?!told|tells)" + verb + r")\s+([^,]+(?:,[^,]{2,120})?)[.!?]?$", masked)
    own_verb = m and re.search(_SUBJECT_VERB, masked[: m.start()])
    if m and not own_verb and (who := speaker_after(m.group(2))):
        return who, 0, m.start()
    # "..., X told Reuters on Monday." but not "..., X revealed the plans for the watch."
    when = r"(?:on|in|at|during|late|early|last|this|yesterday|today|earlier)\b"
    listener = r"(?:to\s|reporters|the\s+[A-Z]|[A-Z])"
    clause = r"(?![^,]*\b(?:would|will|is|was|are|were|has|had|have|can|could|may|might)\b)"
    m = re.search(
        r"\s(" + verb + r")\b(?:\s+(" + when + "|" + clause + listener + r")[^,]{0,50})?\s*[.!?]?$",
        masked,
    )
    if m and (
        m.group(1) in speech.BARE_CLAUSE_VERBS or not m.group(2) or re.match(when, m.group(2))
    ):
        commas = [c.start() for c in re.finditer(",", masked[: m.start()])]
        for c in reversed(commas[-3:]):
            if re.search(_INNER_SAYING, masked[:c]):
                break  # "The analyst predicts that ..., AppleInsider reports.": only a via
            if who := speaker_before(masked[c + 1 : m.start()], whole=True):
                return who, 0, c
    # "Obama spoke on Wednesday, warning the group that they have ...": the subject opens it
    m = re.search(
        r",\s*(?:saying|adding|warning|noting)\b(?:[^,]{0,40}?\bthat\b)?\s*[:,]?\s*", masked
    )
    if m and (who := speaker_at_start(masked)):
        return who, m.end(), end
    for m in re.finditer(
        r"\b("
        + verb
        + r"|called|described|referred to)\b(?!\s+(?:from|of|by|about|to\s+(?:be|have))\b)",
        masked,
    ):
        if (m.group(1) in _NOUNS and re.match(_NOUN_USE, masked[m.end() :])) or re.search(
            _HYPOTHETICAL, masked[: m.start()]
        ):
            continue
        if re.search(r"\b(?:everything|what|all|anything|whatever)\s+\w+\s+$", masked[: m.start()]):
            continue  # "walking back everything he said": what was said is the object here
        if m.group(1).startswith("admit") and re.match(r"\s+to\b", masked[m.end() :]):
            continue  # "He later admitted to drug use": a thing owned up to, no clause
        passive = re.search(r"\b(?:was|were|been|being|is|are)\s+$", masked[: m.start()])
        if passive and not m.group(1).endswith("ing"):
            continue  # "he was told that ...": the subject is who heard it, not who said it
        who = speaker_before(masked[: m.start()])
        comma = masked[: m.start()].rfind(",")
        if who and comma > 0 and re.match(_SUBORDINATE, masked[m.end() :]):
            return who, 0, comma  # "No test was done, Dr. Archer said, because ...": the start
        if who and comma > 0 and re.match(_NO_CLAUSE_AFTER, masked[m.end() :]):
            return who, 0, comma  # "X is so, The Guardian reports, with a spate of ...": X
        if not who and masked[: m.start()].rstrip().endswith(" and"):
            who = speaker_at_start(masked)  # "Warren could not confirm it and said ..."
        if not who:
            continue
        listener = m.group(1) in ("told", "tells", "warned", "assured")  # "told the guests that"
        rest = re.match(
            r"(?:\s+(?:to\s+)?(?:the\s+)?(?:[A-Z][\w.’'&-]*\s*)+|\s+reporters"
            + (r"|\s+(?:the\s+|his\s+|her\s+|their\s+)?\w+\s+(?=that\b)" if listener else "")
            + r")?"
            r"(?:\s*(?:on|in|at|during|late|early)\s+[\w\s]{0,50}?(?=that\b))?"
            r"\s*(?:that\b)?\s*[,:]?\s*",
            masked[m.end() :],
        )
        start = m.end() + rest.end()
        clause_text = text[start:end]
        if re.fullmatch(
            r"(?:in|on|at)\s+(?:a|an|the|his|her|its|their)\s+\w+(?:\s+\w+)?\W*", clause_text
        ):
            continue  # "Davenport said in a statement.": where it was said, no clause
        if re.match(r"(?:her|his|their)\s", clause_text) and not re.search(_FINITE, clause_text):
            continue  # "she later confirmed her famous role on Facebook": an object
        if re.match(r"(?:posting|publishing|sharing|showing|releasing)\b", clause_text):
            continue  # "the Daily Star reported posting pictures of ...": no clause follows
        if re.match(r"(?:when|after|as)\s+(?:asked|questioned|pressed)\b", clause_text):
            continue  # "Carter told the Daily News when asked if ...": what was asked, not said
        # "revealed the plans" names a thing, not a statement: such verbs need "that" or a quote
        bare = m.group(1) in speech.BARE_CLAUSE_VERBS or "that" in rest.group()
        topic = re.match(
            r"(?:[\w ]{0,30}\s)?(?:on|about)\s+(?:the|a|an|his|her|its|their)\b", text[start:end]
        )
        if re.match(r"(?:what|whatever|(?:exactly\s+)?the same)\b", text[start:end]):
            # "confirms what we've always known", "reported the same thing": objects; after
            # "confirmed what we've heard: X" the statement is X
            colon = text.find(":", start, end)
            if colon < 0:
                continue
            start = colon + 1 + len(text[colon + 1 : end]) - len(text[colon + 1 : end].lstrip())
        if topic and "that" not in rest.group():
            continue  # "reported earlier this month on the leader's absence": a topic, no clause
        if (bare or re.search('[“"]', text[start:end])) and len(text[start:end].split()) >= 3:
            return who, start, end
    return None


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
        text, masked = body[ss:se], mask(body, quotes, ss, se)
        via = credited_outlet(masked)
        if via:
            outlets.update({via, re.sub(r"^The\s+", "", via)})  # "The Sun reported": "Sun"
        inner = [(s, e) for s, e in quotes if ss <= s and e <= se + 1]
        clause = _clause(text, masked, reported=False) or _clause(text, masked, reported=True)
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
            if not who and not re.search(_INNER_SAYING, masked[: max(0, s - ss - 1)]):
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
        if re.search(_NEW_SPEAKER, between):
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
    out, speakers, last_named, spoke = [], [], -1, None
    for s, e, speaker, role, kind, via, ss, se in found:
        if speaker.lower() in speech.PRONOUNS:
            if any(last_named < u < ss for u in unnamed):
                continue
            speaker, role = antecedent(body, min(s, ss), speakers, outlets, spoke), None
            if speaker is None:
                continue
        else:
            last_named = ss
        speakers.append(speaker)
        spoke = max(e, se) if spoke is None else max(spoke, e, se)
        while e > s and body[e - 1] in " ,;:":
            e -= 1
        text = re.sub(r"\s*\n\s*[“\"]", " ", body[s:e]).strip()
        out.append(Quote(text, speaker, role, kind, via, body[ss:se], s, e))
    return out
