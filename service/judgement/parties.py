"""Find which countries a text is about, and which country a speaker belongs to.

`COUNTRIES` maps each canonical English name to the words that point at it: names and
variants, demonyms, capitals and government metonyms ("the Kremlin"). Words match whole,
with an optional plural "s" ("Russians"), and case-insensitively ("ukraine"), except the
words in `CASE_SENSITIVE` and abbreviations ("US", "DPRK", "U.S."), whose lower-case forms
are ordinary words ("china", "turkey", "us"). Longer terms win where they overlap, so
"North Korean" is only North Korea and "New Mexico" is the United States, not Mexico.

Deliberate choices (ambiguities accepted or refused):
- "Washington" (capitalized) is the United States; the state and George Washington are
  American too, so little is lost. "America"/"American(s)" are NOT matched: they also
  mean the Americas ("Latin American").
- Bare "Korea"/"Korean" match nothing: they do not say which Korea.
- "Jerusalem" and "Brussels" match nothing: contested capital, and the EU's metonym.
- Language words that are not mostly about one country are left out: "English",
  "Spanish", "Arabic". "French", "German", "Portuguese", ... are kept as demonyms.
- "US" in all-capital text ("HELP US") is read as the United States; accepted.
- "Indian" is India (Native Americans are rarely the subject of a claim that names them so).
"""

from __future__ import annotations

import re

COUNTRIES: dict[str, tuple[str, ...]] = {
    # G20 members
    "Argentina": ("Argentina", "Argentine", "Argentinian", "Argentinean", "Buenos Aires"),
    "Australia": ("Australia", "Australian", "Aussie", "Canberra", "New South Wales"),
    "Brazil": ("Brazil", "Brazilian", "Brasilia", "Brasília"),
    "Canada": ("Canada", "Canadian", "Ottawa"),
    "China": (
        "China", "Chinese", "PRC", "People's Republic of China", "Beijing", "Zhongnanhai",
    ),
    "France": ("France", "French", "Frenchman", "Frenchmen", "Paris", "Elysee", "Élysée"),
    "Germany": ("Germany", "German", "Berlin", "Bundestag"),
    "India": ("India", "Indian", "New Delhi"),
    "Indonesia": ("Indonesia", "Indonesian", "Jakarta"),
    "Italy": ("Italy", "Italian", "Rome"),
    "Japan": ("Japan", "Japanese", "Tokyo"),
    "Mexico": ("Mexico", "Mexican", "Mexico City"),
    "Russia": ("Russia", "Russian", "Russian Federation", "Moscow", "Kremlin"),
    "Saudi Arabia": ("Saudi Arabia", "Saudi", "Riyadh", "KSA"),
    "South Africa": ("South Africa", "South African", "Pretoria"),
    "South Korea": (
        "South Korea", "South Korean", "Republic of Korea", "ROK", "Seoul",
    ),
    "Turkey": ("Turkey", "Türkiye", "Turkiye", "Turkish", "Turk", "Ankara"),
    "United Kingdom": (
        "United Kingdom", "UK", "U.K.", "Britain", "Great Britain", "British", "Briton", "Brit",
        "England", "Scotland", "Scottish", "Wales", "Welsh", "Northern Ireland",
        "Northern Irish", "London", "Downing Street", "Whitehall",
    ),
    "United States": (
        "United States", "United States of America", "US", "U.S.", "U.S", "USA", "U.S.A.",
        "Washington", "White House", "Pentagon", "New Mexico", "New Mexican",
    ),
    # Other parties the service is asked about
    "North Korea": (
        "North Korea", "North Korean", "DPRK", "Democratic People's Republic of Korea",
        "Pyongyang",
    ),
    "Ukraine": ("Ukraine", "Ukrainian", "Kyiv", "Kiev"),
    "Iran": ("Iran", "Iranian", "Islamic Republic of Iran", "Tehran", "Teheran"),
    "Israel": ("Israel", "Israeli", "Tel Aviv", "Knesset"),
    "Palestine": (
        "Palestine", "Palestinian", "Palestinian Authority", "Gaza", "Gaza Strip",
        "West Bank", "Ramallah",
    ),
    "Syria": ("Syria", "Syrian", "Damascus"),
    "Venezuela": ("Venezuela", "Venezuelan", "Caracas"),
    "Cuba": ("Cuba", "Cuban", "Havana"),
    "Belarus": ("Belarus", "Belarusian", "Belarussian", "Byelorussian", "Minsk"),
    "Taiwan": ("Taiwan", "Taiwanese", "Republic of China", "Taipei"),
    # EU members not above
    "Austria": ("Austria", "Austrian", "Vienna"),
    "Belgium": ("Belgium", "Belgian"),
    "Bulgaria": ("Bulgaria", "Bulgarian"),
    "Croatia": ("Croatia", "Croatian", "Croat", "Zagreb"),
    "Cyprus": ("Cyprus", "Cypriot", "Nicosia"),
    "Czechia": ("Czechia", "Czech Republic", "Czech", "Prague"),
    "Denmark": ("Denmark", "Danish", "Dane", "Copenhagen"),
    "Estonia": ("Estonia", "Estonian", "Tallinn"),
    "Finland": ("Finland", "Finnish", "Helsinki"),
    "Greece": ("Greece", "Greek", "Athens"),
    "Hungary": ("Hungary", "Hungarian", "Budapest"),
    "Ireland": ("Ireland", "Irish", "Republic of Ireland", "Dublin"),
    "Latvia": ("Latvia", "Latvian", "Riga"),
    "Lithuania": ("Lithuania", "Lithuanian", "Vilnius"),
    "Luxembourg": ("Luxembourg", "Luxembourgish", "Luxembourger"),
    "Malta": ("Malta", "Maltese", "Valletta"),
    "Netherlands": ("Netherlands", "Dutch", "Holland", "The Hague", "Amsterdam"),
    "Poland": ("Poland", "Polish", "Warsaw"),
    "Portugal": ("Portugal", "Portuguese", "Lisbon"),
    "Romania": ("Romania", "Romanian", "Bucharest"),
    "Slovakia": ("Slovakia", "Slovak", "Slovakian", "Bratislava"),
    "Slovenia": ("Slovenia", "Slovenian", "Slovene", "Ljubljana"),
    "Spain": ("Spain", "Spaniard", "Madrid"),
    "Sweden": ("Sweden", "Swedish", "Swede", "Stockholm"),
}  # fmt: skip

# Lower-case forms of these are other words ("china", "turkey", "polish", "go dutch").
CASE_SENSITIVE = {
    "China", "Turkey", "Turk", "Polish", "Washington", "Brit", "Dane", "Swede", "Welsh", "Dutch",
    "Pentagon",
}  # fmt: skip

_TERMS = {term: country for country, terms in COUNTRIES.items() for term in terms}
_LOOKUP = {term.lower(): country for term, country in _TERMS.items()}


def _exact(term: str) -> bool:
    return term in CASE_SENSITIVE or "." in term or term.isupper()


def _alternative(term: str) -> str:
    pattern = re.escape(term).replace("'", "['’]")  # typographic apostrophes in pasted text
    return pattern if _exact(term) else f"(?i:{pattern})"


_PATTERN = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(_alternative(t) for t in sorted(_TERMS, key=len, reverse=True))
    + r")s?(?![\w])"
)


def countries_in(text: str) -> set[str]:
    """Return the canonical names of the countries a text mentions."""
    found = set()
    for match in _PATTERN.finditer(text or ""):
        word = match.group().lower().replace("’", "'")
        country = _LOOKUP.get(word) or _LOOKUP.get(word[:-1])
        if country:
            found.add(country)
    return found


def country_of_speaker(speaker: dict) -> str | None:
    """Return the speaker's country: the stated one, else the one their role/affiliation names.

    When role and affiliation name several countries, a place after "to", "for" or "in" is
    taken as the posting, not the home ("Russian Ambassador to North Korea" -> Russia).
    """
    stated = (speaker.get("country") or "").strip()
    if stated:
        named = countries_in(stated)
        return named.pop() if len(named) == 1 else stated
    text = " ".join(filter(None, (speaker.get("role"), speaker.get("affiliation"))))
    named = countries_in(text)
    if len(named) > 1:
        home = re.sub(r"\b(?:to|for|in)\b[^,;()]*", " ", text)
        named = countries_in(home)
    return named.pop() if len(named) == 1 else None
