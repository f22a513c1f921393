"""Word lists for attribution: speech verbs, role words, words that are never a speaker."""

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def alternation(words: frozenset[str]) -> str:
    """The words as one regex group, longest first ("tells" before "tell")."""
    return r"(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")"


# Verbs that introduce what someone said, in the forms news prose uses.
SPEECH_VERBS = _words(
    """said says say told tells added adds stated states warned warns explained explains
    claimed claims noted notes insisted insists argued argues wrote writes asked asks replied
    replies declared declares announced announces confirmed confirms denied denies revealed
    reveals reported reports tweeted tweets posted continued stressed emphasised emphasized
    admitted admits acknowledged acknowledges suggested suggests predicted concluded recalled
    commented remarked joked urged urges alleged alleges maintained maintains contended
    countered responded responds assured vowed promised pledged hinted
    disclosed indicated indicates observed cautioned confided whispered shouted predicts
    exclaims exclaimed speculated speculates
    reporting saying"""
)

VERB = alternation(SPEECH_VERBS)

# Speech verbs that take a reported clause without "that" ("said the bridge would reopen").
BARE_CLAUSE_VERBS = _words(
    """said says say told tells added adds claimed claims insisted insists warned warns
    argued argues stated states noted notes explained explains
    reported reports predicted suggested suggests confirmed confirms acknowledged admitted"""
)

# Words that make a capitalised run a role ("Foreign Minister", "spokesman"), not a name.
ROLE_WORDS = _words(
    """ambassador minister president vice secretary senator sen. rep. representative gov.
    governor mayor spokesman spokeswoman spokesperson chairman chairwoman chair ceo cfo coo
    director chief officer official head leader commander general gen. lt. col. colonel
    captain capt. sgt. sergeant admiral professor prof. dr. doctor judge justice attorney
    lawyer prosecutor sheriff inspector detective superintendent commissioner founder
    co-founder co-chair executive manager analyst researcher scientist editor correspondent reporter
    author economist expert adviser advisor aide envoy diplomat assistant premier
    chancellor king queen prince princess pope bishop cardinal reverend rev. rabbi imam
    congressman congresswoman lawmaker candidate nominee speaker strategist consultant
    coach manager owner partner member members spokesmen councillor councilman treasurer
    principal teacher student activist campaigner economist president-elect agent
    adm. adm rear col gen lt sgt presenter host anchor broadcaster gardener
    first lady"""
)

# Capitalised words that start a sentence or name a group but never name a speaker.
NOT_NAMES = _words(
    """the a an and but or so yet then also however meanwhile still later earlier now today
    firstly secondly thirdly lastly finally
    yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday in on at by
    for from with after before when while as if it its this that these those there here
    he she they we i you his her their our my your police officials authorities experts
    witnesses residents sources reports researchers scientists investigators prosecutors
    doctors critics analysts observers some many others one someone everyone nobody people
    who which what where why how officers troops soldiers militants rebels fans users
    eyewitnesses tv jihadists insiders according correspondents commentators diplomats locals
    neighbours neighbors relatives friends colleagues staff staffers employees workers students
    parents scholars lawmakers legislators protesters demonstrators supporters opponents
    visitors passengers viewers readers bloggers
    sometimes often perhaps indeed instead once soon recently finally eventually initially
    ultimately apparently reportedly allegedly previously currently shortly nevertheless
    nonetheless moreover furthermore besides thus therefore hence otherwise anyway again
    already always never usually overseas abroad elsewhere
    unconfirmed unverified various numerous multiple conflicting christmas easter thanksgiving
    published leaked alleged purported medics paramedics"""
)

# A counted or quantified group ("Two Australians", "Another State Department official") is unnamed.
QUANTIFIERS = _words(
    "another other two three four five six seven eight nine ten several both all each most few"
)

# Lowercase words that may sit inside a role run ("former Pentagon spokesman").
MODIFIERS = _words(
    "former acting senior deputy junior top then interim interior foreign defence defense "
    "finance health prime state vice communications affairs policy press public relations "
    "security intelligence operations marketing research ministry police military army "
    "government party campaign department"
)
HONORIFICS = _words("mr. mrs. ms. mr mrs ms dr dr. miss sir dame lord sheikh")

# Words that make a capitalised run an organisation or a place, never a person a pronoun means.
ORG_WORDS = _words(
    """university institute centre center medical hospital bureau department ministry studies
    agency service council committee group company corp inc news post times journal reporter
    press tv radio channel network party force forces army house court office commission
    organisation organization association foundation bank airport international national
    federal republic kingdom union street road island islands lake city province county state
    states church club team media daily weekly magazine watch observatory korea york angeles
    east west america africa europe asia arabia sisters brothers society coalition
    alliance league"""
)

# Nouns that may follow an outlet's name in "said the IraqiNews report".
OUTLET_NOUNS = _words("report reports website site newspaper statement channel agency")

PRONOUNS = frozenset({"he", "she"})

# Prepositions and particles that may sit inside a role or a name ("Minister of State", "bin").
CONNECTORS = _words("of to for at the and on in")
# A name right after one of these belongs to the phrase before it ("officials in Lebanon said").
PREPOSITIONS = _words(
    "of to for at on in from with by against about into over under near inside within among"
)

# Connectors that may sit inside an organisation's name ("Syrian Observatory for Human Rights").
NAME_CONNECTORS = _words("of for and the to")

# Verbs that close a quote ('"...," he continued.') but take no reported clause: "he continued
# extending his leave" says nothing.
QUOTE_ONLY_VERBS = _words("continued exclaims exclaimed")
CLAUSE_VERB = alternation(SPEECH_VERBS - QUOTE_ONLY_VERBS)
NAME_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "dos", "du", "la", "le", "bin", "al", "el", "ibn"}
)

ABBREVIATIONS = _words(
    """mr mrs ms dr st gen sen rep gov lt col sgt capt jr sr inc co corp ltd no vs prof rev adm
    u.s u.k u.n e.g i.e jan feb mar apr aug sept sep oct nov dec a.m p.m mt ft"""
)

# "O'Brien", "J.", "Son-hui", and a surname with its particle joined: "al-Munajjid".
NAME_TOKEN = re.compile(
    r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|(?:al|el|ad|ash|bin|ibn|abu)-[A-Z][\w'’\-]*)$"
)


def is_name_token(token: str) -> bool:
    """A capitalised word that can be part of a name ("Son-hui", "J.", "O'Brien", "WHO")."""
    if re.search(r"['’](?:re|ve|ll|m|d)$", token):
        return False  # "We're", "I'll": a contraction opens a sentence, never a name
    if re.fullmatch(r"[A-Z]{2,}(?:['’]s)?", token):
        return True
    return bool(NAME_TOKEN.match(token)) and token.lower().rstrip(".,") not in NOT_NAMES


def is_role_token(token: str) -> bool:
    return token.lower().strip(",") in ROLE_WORDS or token.endswith(("'s", "’s"))
