"""Indirect statements: the speaker and reported clause of a sentence ("X said (that) ...")."""

import re

from index.web import speech
from index.web.outlets import credited_outlet
from index.web.speakers import speaker_after, speaker_at_start, speaker_before

_VERB = speech.VERB
_CLAUSE_VERB = speech.CLAUSE_VERB
# A speech verb with its own subject ("The analyst predicts", "Smith said"), not "than disclosed".
# "The Nigerian government said Friday", "A ... official this week confirmed"; not "the
# building than previously disclosed".
SUBJECT_VERB = (
    r"(?:\b(?:[Tt]he|[Aa]n?)(?:\s+(?!than\b|as\b|who\b|which\b|that\b)[\w’'-]+){1,4}?"
    r"|\b[A-Z][\w.’']+)"
    r"(?:\s+\w+ly|\s+(?:this|last|on)\s+\w+)?\s+" + _VERB + r"\b"
)
_QUOTED_AS = r"\bquoted\s+as\s+saying\b"
# "... released a statement claiming that ..., Reuters reported.": someone inside said it first.
INNER_SAYING = (
    SUBJECT_VERB + r"|\b(?:claiming|stating|insisting|saying)\b|\ba statement\b|" + _QUOTED_AS
)
# "The sister of X, ..., says that ...": a sentence with its own speaker and clause.
_SAID_BEFORE = (
    SUBJECT_VERB
    + r"|,\s*"
    + _VERB
    + r"\s+(?:that|he|she|they|it|its|his|her|their)\b|"
    + _QUOTED_AS
)
# ", X said, because ...": the verb closes a mid-sentence attribution; what follows is not said.
_SUBORDINATE = r"[^,]{0,30},\s*(?:because|as|but|after|when|while|since|although|though)\b"
# ", X reports, with ...": what follows the attribution is no clause, so what precedes is said.
_NO_CLAUSE_AFTER = r"\s*,\s*(?:with|amid|after|following|despite|including)\b"
# A word that makes a clause a clause: an auxiliary, a past tense, a negated verb.
_FINITE = (
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|should|must"
    r"|did|does|do)\b|\b\w+ed\b|n['’]t\b"
)
# "Media reports have speculated": the verb form is a plural noun with its own verb after it.
_NOUNS = frozenset({"reports", "claims", "notes", "states", "tweets", "posts"})
# "Autopsy reports say that ...": so is one followed by its own speech verb.
_NOUN_USE = r"\s+(?:have|has|had|are|were|in|from|on|of|say|said|show|showed|suggest|suggested)\b"
# What follows the verb here is no reported clause: where it was said ("said in a
# statement."), a participle ("reported posting pictures of ..."), what was asked ("told the
# Daily News when asked if ...").
_NO_CLAUSE = (
    r"(?:in|on|at)\s+(?:a|an|the|his|her|its|their)\s+\w+(?:\s+\w+)?\W*\Z"
    r"|(?:posting|publishing|sharing|showing|releasing)\b"
    r"|(?:when|after|as)\s+(?:asked|questioned|pressed)\b"
    r"|(?:hello|goodbye|good-bye|thanks|sorry)\b|(?:yes|no)\s+to\b"
)
# "Reuters reported that Apple said ...", "CNN reports that expert X analyzed the recording and
# said ...": the outlet only carries what the named speaker inside said.
_NESTED = (
    r"([^,]{1,80}?)(?:\s+\w+ed\s[^,]{0,40}?\band)?\s+(" + _CLAUSE_VERB + r")\b"
    r"(?:(?<=told)\s+(?:reporters|him|her|them|us|(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*))?"
    r"\s*(?:that\b)?\s*"
)
# "If Mr. Cook actually said he ...": a supposed statement, not one the article reports.
_HYPOTHETICAL = r"\b(?:[Ii]f|[Ww]hether|[Uu]nless)\s+[^,]{0,40}$"


def reported_clause(text: str, masked: str, *, reported: bool) -> tuple[tuple, int, int] | None:
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
    m = re.search(
        r",\s*((?!told|tells)" + verb + r")\s+(?!(?:that|he|she|they|it|we|I)\b)"
        r"([^,]+(?:,[^,]{2,120})?)[.!?]?$",
        masked,
    )
    own_verb = m and re.search(SUBJECT_VERB, masked[: m.start()])
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
            if re.search(INNER_SAYING, masked[:c]):
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
            + (
                r"|\s+(?:the\s+|his\s+|her\s+|their\s+)?\w+\s+(?=that\b)|\s+(?:him|her|them|us|me)(?=\s)"
                if listener
                else ""
            )
            + r")?"
            r"(?:\s*(?:on|in|at|during|late|early)\s+[\w\s]{0,50}?(?=that\b))?"
            r"\s*(?:that\b)?\s*[,:]?\s*",
            masked[m.end() :],
        )
        start = m.end() + rest.end()
        said = text[start:end]
        if re.match(_NO_CLAUSE, said):
            continue
        if re.match(r"(?:her|his|their)\s|(?:the|a|an)\s[^:]*:\W*$", said) and not re.search(
            _FINITE, said
        ):
            # "she later confirmed her famous role on Facebook", "The Global Post reported the
            # circumstances of his disappearance:": an object, the statement to follow
            continue
        topic = re.match(
            r"(?:[\w ]{0,30}\s)?(?:on|about)\s+(?:the|a|an|his|her|its|their|how|why|whether)\b",
            said,
        )
        if topic and "that" not in rest.group():
            continue  # "reported earlier this month on the leader's absence": a topic, no clause
        if re.match(r"(?:what|whatever|(?:exactly\s+)?the same)\b", said):
            # "confirms what we've always known", "reported the same thing": objects; after
            # "confirmed what we've heard: X" the statement is X
            colon = text.find(":", start, end)
            if colon < 0:
                continue
            start = colon + 1 + len(text[colon + 1 : end]) - len(text[colon + 1 : end].lstrip())
        # "revealed the plans" names a thing, not a statement: such verbs need "that" or a quote
        bare = m.group(1) in speech.BARE_CLAUSE_VERBS or "that" in rest.group()
        if (bare or re.search('[“"]', text[start:end])) and len(text[start:end].split()) >= 3:
            return _nested(masked, who, start, end) or (who, start, end)
    return None


def _nested(masked: str, outlet: tuple, start: int, end: int) -> tuple[tuple, int, int] | None:
    """The named speaker inside an outlet's report ("Reuters reported that Apple said ...")."""
    inner = re.match(_NESTED, masked[start:end])
    if not inner or credited_outlet(masked) != outlet[0]:
        return None
    if re.search(r"\b(?:was|were|been|being|is|are)(?:\s+(?:also|not|\w+ly))*$", inner.group(1)):
        return None  # "... a man known as X was declared dead": no one inside spoke
    said = speaker_before(inner.group(1))
    return (said, start + inner.end(), end) if said else None
