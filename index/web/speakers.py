"""Who is speaking: a name and its role read off the words around a speech verb."""

import re

from index.web import speech


def _split_run(tokens: list[str]) -> tuple[str, str | None] | None:
    """Split a capitalised run before a speech verb into (name, role): the role is everything up to
    the last role word ("North Korea's Foreign Minister"), the name what follows it."""
    while tokens and (
        tokens[0].lower() in speech.CONNECTORS or tokens[0].lower() in speech.NOT_NAMES
    ):
        tokens = tokens[1:]
    tokens = [t for t in tokens if t.lower() not in speech.HONORIFICS]
    if not tokens:
        return None
    last_role = max((k for k, t in enumerate(tokens) if speech.is_role_token(t)), default=-1)
    role_tokens, name_tokens = tokens[: last_role + 1], tokens[last_role + 1 :]
    if name_tokens and name_tokens[0].lower() in speech.CONNECTORS:
        # "Ambassador to North Korea Alexandr Matsegora": the role's object runs into the name;
        # a person's name is its last two words (three with an initial or a particle).
        size = (
            3
            if len(name_tokens) >= 4
            and (
                len(name_tokens[-2].rstrip(".")) == 1
                or name_tokens[-2].lower() in speech.NAME_PARTICLES
            )
            else 2
        )
        role_tokens, name_tokens = tokens[: len(tokens) - size], tokens[len(tokens) - size :]
    if not name_tokens or len(name_tokens) > 5:
        return None
    if not all(speech.is_name_token(t) or t.lower() in speech.NAME_PARTICLES for t in name_tokens):
        return None
    if not speech.is_name_token(name_tokens[-1]) or speech.is_role_token(name_tokens[-1]):
        return None
    role = " ".join(role_tokens) or None
    return " ".join(name_tokens), role


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


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)


def speaker_before(head: str, *, whole: bool = False) -> tuple[str, str | None] | None:
    """The speaker named just before a speech verb: "Choe Son-hui, North Korea's foreign
    minister," / "Russian Ambassador to North Korea Alexandr Matsegora" / "he". With `whole`,
    the speaker must be all of `head` (the words between a closing quote and the verb)."""
    head = head.rstrip()
    last = re.search(r"(?:^|\s)(\w+)$", head)
    if last and last.group(1).lower() in speech.PRONOUNS and (not whole or last.start(1) == 0):
        return last.group(1), None
    appos = re.search(r"([^,;:“”\"]+),\s*([^,;:“”\"]{2,120}),$", head)
    if appos and (not whole or appos.start() == 0):
        name = speaker_before(appos.group(1), whole=whole)
        if name and name[0].lower() not in speech.PRONOUNS:
            return name[0], name[1] or _strip_article(appos.group(2))
        inner = _split_run(appos.group(2).split())
        if inner and inner[1] is None:  # "a spokesman for the Pentagon, John Kirby, said"
            return inner[0], _strip_article(appos.group(1).split(".")[-1]) or None
    words = head.split()
    k = len(words)
    while k > 0 and _in_run(words[k - 1]):
        k -= 1
    if whole and k > 0:
        return None
    return _split_run(words[k:])


def speaker_after(tail: str) -> tuple[str, str | None] | None:
    """The speaker named just after a speech verb: "said John Smith, the city's mayor."."""
    m = re.match(
        r"\s*([^,.;:!?“”\"]+?(?:\s[A-Z]\.)?[^,;:!?“”\"]*?)(?:,\s*([^,;:!?“”\"]{2,120}?))?\s*(?:[,.;!?]|$)",
        tail,
    )
    if not m:
        return None
    words = m.group(1).split()
    k = 0
    while k < len(words) and _in_run(words[k]):
        k += 1
    if k < len(words):
        return None
    who = _split_run(words)
    if not who:
        return None
    role = who[1] or (_strip_article(m.group(2)) if m.group(2) else None)
    return who[0], role
