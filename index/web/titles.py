"""Quote marks that hold a title, a name or a script's string: nobody's words."""

import re

_CODE = r"[_{}=]|\(\)"  # a script's string caught by the page text is nobody's words
# '... on CNBC's "Fast Money,"' / 'a song called "Free the Burger"' / 'Appearing on "On the
# Record,"': a title, not a statement.
_TITLE_BEFORE = (
    r"(?:\b(?<!so-)(?:called|titled|dubbed|named|nicknamed|song|show|film|program|programme"
    r"|book|album|term|word|phrase|label|slogan|hashtag|name|nickname|username|handle)"
    r"(?:\s+(?:him|her|it|them))?(?:\s+(?:the|a|an))?|\b[Oo]n\s+[A-Z][\w.]*['’]s"
    r"|\b(?:[Aa]ppear(?:s|ed|ing)?|[Ss]poke|[Ss]peaking)\s+on)\W*$"
)
# 'the Islamic Resistance Movement "League of the Righteous,"': a name in quote marks right
# after a capitalised word is the name's, not a statement.
_SMALL = r"(?:of|the|and|for|in|on|at|to|a|an|&)"
_NAME_IN_MARKS = rf"^[A-Z][\w'’&\-]*(?:\s+(?:[A-Z0-9][\w'’&\-]*|{_SMALL}))+,?$"
_AFTER_NAME = r"\b[A-Z][\w'’\-]+\s+[“\"]$"


# '"The Social Network" director David Fincher', 'the "Spring Forward" event': a title before
# what it names.
_TITLE_AFTER = (
    r"^[,.]?[”\"]?\s+(?:director|star|actor|actress|author|writer|host|producer|creator"
    r"|singer|composer|showrunner|screenwriter|event|campaign|series|conference|summit|tour)s?\b"
)


def is_code(quoted: str) -> bool:
    return bool(re.search(_CODE, quoted))


def is_title(body: str, ss: int, s: int, e: int) -> bool:
    """Whether the quoted words body[s:e], in the sentence starting at ss, are a title, a name
    or a script's string rather than a statement."""
    if re.search(_TITLE_BEFORE, body[ss : s - 1]) or is_code(body[s:e]):
        return True
    if re.match(_TITLE_AFTER, body[e : e + 40]):
        return True
    return bool(re.match(_NAME_IN_MARKS, body[s:e].strip()) and re.search(_AFTER_NAME, body[ss:s]))
