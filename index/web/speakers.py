"""Who is speaking: a name and its role read off the words around a speech verb."""

import re
from itertools import pairwise

from index.web import speech


def _is_org(tokens: list[str]) -> bool:
    return any(re.sub(r"['’]s$", "", t.lower().strip(".,")) in speech.ORG_WORDS for t in tokens)


def _name_ok(tokens: list[str]) -> bool:
    """Capitalised words, with particles ("bin") and, inside, "of" / "for" / "and"."""
    if len(tokens) >= 2 and tokens[-1] == "Police" and speech.is_name_token(tokens[-2]):
        return True  # "Metropolitan Police", "Ottawa Police"
    longest = 8 if _is_org(tokens) else 6  # "Scottish Society for Prevention of Cruelty to Animals"
    if not tokens or len(tokens) > longest or not speech.is_name_token(tokens[-1]):
        return False
    if speech.is_role_token(tokens[-1]):
        return False
    if not speech.is_name_token(tokens[0]) and tokens[0].lower() not in speech.NAME_PARTICLES:
        return False
    return all(
        speech.is_name_token(t)
        or t.lower() in speech.NAME_PARTICLES
        or (0 < k < len(tokens) - 1 and t.lower() in speech.NAME_CONNECTORS)
        for k, t in enumerate(tokens)
    )


# "... in Macerata", "... from Maida Vale,": a place closes the words before an appositive.
_PLACE_END = r"\b(?:in|from|at|near)(?:\s+[A-Z][\w'’-]*){1,3},?$"
# "State TV admitted", "State media reported": a kind of outlet, not its name.
_STATE_OUTLET = {"tv", "media", "television", "radio", "news"}


def split_run(tokens: list[str]) -> tuple[str, str | None] | None:
    """Split a capitalised run before a speech verb into (name, role): the role is everything up to
    the last role word ("North Korea's Foreign Minister"), the name what follows it."""

    def droppable(token: str) -> bool:  # "The", "But", "of"; not a role word like "police"
        low = token.lower()
        return low in speech.CONNECTORS or (low in speech.NOT_NAMES and low not in speech.MODIFIERS)

    while tokens and droppable(tokens[0]):
        tokens = tokens[1:]
    while tokens and tokens[-1].lower() in speech.CONNECTORS:
        tokens = tokens[:-1]
    tokens = [t for t in tokens if t.lower() not in speech.HONORIFICS]
    if not tokens or tokens[0].lower() in speech.QUANTIFIERS:
        return None
    if len(tokens) == 2 and tokens[0] == "State" and tokens[1].lower() in _STATE_OUTLET:
        return None
    # "Commander Richard Walton of the Metropolitan Police's Counter Terrorism Command": a
    # person's full name, then where they work; the possessive must not make the rest the name.
    for k, t in enumerate(tokens):
        if t.lower() in ("of", "at") and k >= 2 and not any(map(speech.is_role_token, tokens[k:])):
            break
        if t.lower() in ("of", "at") and k >= 2:
            name = tokens[k - 2 : k]
            if all(speech.is_name_token(w) and not speech.is_role_token(w) for w in name) and (
                not _is_org(name) and (k == 2 or speech.is_role_token(tokens[k - 3]))
            ):
                return " ".join(name), " ".join(tokens[: k - 2] + tokens[k:]) or None
            break
    last_role = max((k for k, t in enumerate(tokens) if speech.is_role_token(t)), default=-1)
    role_tokens, name_tokens = tokens[: last_role + 1], tokens[last_role + 1 :]
    for a, b in pairwise(role_tokens):
        if a[0].islower() and speech.is_role_token(a) and b.lower() in ("for", "of", "to"):
            return None  # "the spokesman for Prime Minister Stephen Harper": not Harper
    if name_tokens and name_tokens[0].lower() in speech.CONNECTORS:
        # "director of communications Christy Feig": the name is what follows the last lowercase
        # word. "Ambassador to North Korea Alexandr Matsegora": a title's capitalised object runs
        # into the name, a person's name is then its last two words (three with an initial or a
        # particle). A lowercase role ("a spokeswoman for Virgo Health") names an organisation.
        lower = [k for k, t in enumerate(name_tokens) if t[0].islower()]
        if 0 < lower[-1] < len(name_tokens) - 1 and len(name_tokens) - lower[-1] - 1 <= 3:
            size = len(name_tokens) - lower[-1] - 1
        elif not (role_tokens[-1][0].isupper() or lower[-1] > 0) or len(name_tokens) < 4:
            return None
        else:
            middle = name_tokens[-2]
            particle = len(middle.rstrip(".")) == 1 or middle.lower() in speech.NAME_PARTICLES
            size = 3 if particle else 2
        role_tokens, name_tokens = tokens[: len(tokens) - size], tokens[len(tokens) - size :]
    # "Sabine Rollinger of Vladi Private Islands": a person's name, then where they work.
    for k, t in enumerate(name_tokens):
        if t.lower() in ("of", "at") and k >= 2 and not _is_org(name_tokens[:k]):
            role_tokens, name_tokens = [*role_tokens, *name_tokens[k:]], name_tokens[:k]
            break
    if not _name_ok(name_tokens):
        return None
    return " ".join(name_tokens), " ".join(role_tokens) or None


def _in_run(token: str) -> bool:
    low = token.lower()
    return (
        speech.is_name_token(token)
        or speech.is_role_token(token)
        or low in speech.CONNECTORS
        or low in speech.MODIFIERS
        or low in speech.NAME_PARTICLES
        or low in speech.HONORIFICS
    )


def _first_sentence(tail: str) -> str:
    """The tail up to the end of its sentence: a period after a lowercase word or a
    capitalised one of five letters or more; not "Sgt.", "Det.", "Jr." nor "U.S."."""
    for m in re.finditer(r"([\w’'-]+)\.\s+[A-Z]", tail):
        word = m.group(1)
        if (word.islower() and len(word) > 1) or (len(word) >= 5 and word[1:].islower()):
            return tail[: m.end(1) + 1]
    return tail


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)


def _role_like(appositive: str) -> bool:
    """'the city's mayor' / 'a 42-year-old veteran' / 'Pentagon spokesman' describe a role;
    'who works for...' / 'held captive by...' do not."""
    first = appositive.split()[0]
    return (
        first.lower() in ("the", "a", "an")
        or first[0].isupper()
        or any(speech.is_role_token(w) for w in appositive.split())
    )


def speaker_before(
    head: str, *, whole: bool = False, relative: bool = False
) -> tuple[str, str | None] | None:
    """The speaker named just before a speech verb: "Choe Son-hui, North Korea's foreign
    minister," / "Russian Ambassador to North Korea Alexandr Matsegora" / "he". With `whole`,
    the speaker must be all of `head` (the words between a closing quote and the verb)."""
    head = re.sub(
        r"(?:\s+(?:has|had|have|is|are|was|were|would|also|then|later|again|himself|herself"
        r"|meanwhile|however|too|now|previously|separately|went on to|\w+ly))+$",
        "",
        re.sub(r"\s*\([^)]*\)\s*$", "", head.rstrip()),  # "Islamic State (ISIS) said"
    )
    if re.search(r"\s(?:and|or)$", head):
        return None  # "reported by website TMZ and confirmed": the run is another verb's
    # "Asim Qureshi, research director at the rights group CAGE, which was in contact with
    # him, told ...": the relative clause is the group's; the subject comes before it
    head = re.sub(r"(?<=\w),\s*which\s[^,]+,$", "", head)
    if re.search(r"\w['’]s?$", head):
        return None  # "Somers' reported death": a possessive is never the one speaking
    if not relative and re.match(
        r"\s*(?:[Tt]he|[Aa]n?)\s+[a-z][\w-]*\s+(?:of|for)\s[^,;:]*$", head
    ):
        return None  # "The sister of ... Luke Somers has said": the name is not the subject
    place = re.match(r"(.*[A-Z][\w'’-]*\s+[A-Z][\w'’-]*)\s+(?:in|from)\s+[A-Z][\w-]*$", head)
    if place and (who := speaker_before(place.group(1), whole=whole)):
        return who  # "The BBC's Tomi Oladipo in Lagos says"
    last = re.search(r"(?:^|\s)(\w+)$", head)
    if last and last.group(1).lower() in speech.PRONOUNS:
        before = head[: last.start(1)].split()
        if (not whole or last.start(1) == 0) and not (
            before and before[-1].lower() in ("what", "how", "than", "as", "if")
        ):
            return last.group(1), None
        return None
    rel = re.match(r"(.+?),\s*who\s+(?!the\b|a\b|an\b|[A-Z])[^,]+$", head)
    if rel and not whole:
        # "Georgy Myakinkin, 31, who works at the airport in ... Russia said": the relative
        # clause runs up to the verb; the name is before it (an age after it aside)
        return speaker_before(re.sub(r",\s*\d{1,3}$", "", rel.group(1)), relative=True)
    if re.search(r",\s*who$", head):  # "police spokesman Michael Woody, who said"
        return speaker_before(re.sub(r",\s*who$", "", head), relative=True)
    appos = re.search(r"([^,;:“”\"]+),\s*([^,;:“”\"]{2,120}),$", head)
    loose = re.search(r"([^,;:“”\"]+),\s*((?:the\s+|a\s+)?[a-z][^,;:“”\"]{2,120})$", head)
    if loose and whole and re.match(r"(?:the|a)\s", loose.group(2)):
        # "..., Abu Bakr al-Baghdadi, the interior minister said.": after a clause, a name
        # then "the minister" with no comma before the verb is the clause's; the minister spoke
        loose = None
    if not appos and loose and any(speech.is_role_token(w) for w in loose.group(2).split()[:3]):
        appos = loose  # "Dr. Rex Archer, director of Health at the department said"
    if appos and re.match(r"(?:he|she|they|it|we|i)\b", appos.group(2), re.I):
        appos = None  # "Laughing, he dashed hope ..., saying": a clause, not an appositive
    if appos and re.search(_PLACE_END, head[: appos.start()]):
        appos = None  # "He left his home in Maida Vale, West London, to fight ...": a place
    if appos and (not whole or appos.start() == 0):
        name = speaker_before(appos.group(1), whole=whole)
        if name and name[0].lower() not in speech.PRONOUNS:
            if not _role_like(appos.group(2)):
                return name
            return name[0], name[1] or _strip_article(appos.group(2))
        # "a spokesman for the Pentagon, John Kirby,": the name after the role; not "editor of
        # America, the Catholic magazine," where the second part names what the first is of
        the = re.match(r"\s*the\s", appos.group(2), re.I)
        second = re.sub(r"^including\s+", "", appos.group(2)).split()
        # the second part is a name ("some, including Daring Fireball's John Gruber,"), not "a
        # representative of the company in Texas City"
        inner = None if the or not all(map(_in_run, second)) else split_run(second)
        lead = appos.group(1).split(",")[-1].split()
        if inner and lead and lead[0].lower() in speech.PREPOSITIONS:
            inner = None  # "The 21-year-old, from Bunbury, Western Australia, told": a place
        if inner and re.search(_PLACE_END, appos.group(1)):
            inner = None  # "The woman, who belonged to an order in Macerata, Italy, said"
        if inner:  # "a spokesman for the Pentagon, John Kirby," / "the press secretary, Adm. X,"
            return inner[0], _strip_article(appos.group(1).split(".")[-1]) or inner[1]
    words = head.split()
    if len(words) > 2 and words[-1] == "agency" and words[-2] == "news" and words[-3].isupper():
        words = words[:-2]  # "the North's official KCNA news agency said"
    k = len(words)
    while k > 0 and _in_run(words[k - 1]):
        k -= 1
    if whole and k > 0:
        return None
    if 0 < k < len(words) and words[k].lower() in speech.PREPOSITIONS and not relative:
        return None  # "officials in Lebanon said": the name belongs to a noun before it
    if k > 0 and not relative and words[k - 1].lower() in speech.PREPOSITIONS | {"who", "that"}:
        return None  # "a woman who ISIS had claimed to have abducted"
    if (
        k > 1
        and not relative
        and words[k - 2].lower() in speech.PREPOSITIONS
        and re.fullmatch(r"[a-z-]+", words[k - 1])  # not "In response, Lin" nor "to come:"
        and not speech.is_role_token(words[k - 1])
    ):
        return None  # "Sources close to the production in metro Detroit also said": a place
    return split_run(words[k:])


def speaker_at_start(sentence: str) -> tuple[str, str | None] | None:
    """The sentence's subject, when it opens with a name: "Pentagon Spokesman Col. Steve Warren
    could not confirm the deaths and said ..."."""
    words = sentence.split()
    k = 0
    while k < len(words) and _in_run(words[k]):
        k += 1
    if 0 < k < len(words) and words[k][0].islower():
        who = split_run(words[:k])
        if who and (who[1] or len(who[0].split()) >= 2):  # not a lone sentence-opening word
            return who
    return None


# "according to the London-based Sunday Times": where it is based is not part of the name
_BASED = r"^(\s*(?:the\s+)?)[A-Z][\w.’']*-(?:based|born|led|backed|owned|run)\s+"


def speaker_after(tail: str) -> tuple[str, str | None] | None:
    """The speaker named just after a speech verb: "said John Smith, the city's mayor, in a
    statement." / "according to the Syrian Observatory for Human Rights"."""
    tail = re.sub(
        r"^\s*(?:an?|the)\s+(?:new\s+)?(?:report|statement|story)\s+(?:today\s+|on\s+\w+\s+)?"
        r"(?:by|from|in)\s+",
        "",
        tail,
    )
    tail = re.sub(r"\s*\([^()]*\)", "", tail)  # "according to Bleeding Cool (who are ...)"
    tail = _first_sentence(tail)  # "says NASA scientist Earl Godoy. Visit our website ..."
    tail = re.sub(_BASED, r"\1", tail)
    m = re.match(r"\s*([^,;:!?“”\"]*)(?:,\s*([^,;:!?“”\"]{2,120}?))?\s*(?:[,.;!?]|$)", tail)
    if not m:
        return None
    words = m.group(1).split()
    k = 0
    while k < len(words) and _in_run(words[k].rstrip(".")):
        k += 1
    run = [w.rstrip(".") if i == k - 1 else w for i, w in enumerate(words[:k])]
    # "according to Perth arachnid expert Dr Volker Framenau": a role in lowercase first
    lowercase_role = k < len(words) and words[k][0].islower() and len(words) <= 8
    if lowercase_role and (who := speaker_before(m.group(1))) and who[0] not in ("he", "she"):
        return who
    if k == 0:
        return None
    if re.fullmatch(r"U\.?S\.?|U\.?K\.?|EU", run[0]) and k < len(words):
        return None  # "according to US reports": reports from somewhere, by no one named
    if k < len(words):
        after = words[k].lower().rstrip(".")
        # "said John Smith in a statement" / "said the IraqiNews report" / "said Smith yesterday"
        if not (
            words[k - 1].lower() in speech.CONNECTORS
            or after in speech.OUTLET_NOUNS
            or after in speech.NOT_NAMES
        ):
            return None
    who = split_run(run)
    if not who or (who[1] and re.search(r"\b(?:of|for|at)(?:\s+the)?$", who[1])):
        return None  # "said the leader of the Catholic Church": a description, not its name
    appos = m.group(2) if k == len(words) else None
    role = who[1] or (_strip_article(appos) if appos and _role_like(appos) else None)
    return who[0], role
