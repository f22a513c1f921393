"""Records the browser tests add to the service: KCNA's report of the Matsegora quote, XSS bait."""

XSS_IMG = '<img src=x onerror="window.pwned=1">'
XSS_SCRIPT = "<script>window.pwned=2</script>"

MATSEGORA_CLAIM = "Russia and North Korea are the closest of countries"
# The sentence as a reader selects it on the fixture article: the quote and who said it.
SENTENCE = f"“{MATSEGORA_CLAIM},” Russian Ambassador Alexandr Matsegora told the guests"
XSS_CLAIM = f"The lunar shuttle will launch on Friday {XSS_IMG} {XSS_SCRIPT}"

MATSEGORA = {
    "name": "Alexandr Matsegora",
    "role": "Russian Ambassador to North Korea",
    "affiliation": "Government of Russia",
    "country": "Russia",
}

CHOE = {
    "name": "Choe Son-hui",
    "role": "Foreign Minister of North Korea",
    "affiliation": "Government of North Korea",
    "country": "North Korea",
}

# The bundled seed has the quote as reported by a private South Korean paper; this adds the
# state agency's report of it, which is what makes the service warn about KCNA.
KCNA_REPORT = {
    "kind": "statement",
    "text": "Russia and the DPRK are the closest of countries.",
    "speaker": MATSEGORA,
    "date": "2025-06-20",
    "event": "Reception marking the first anniversary of the Comprehensive Strategic Partnership"
    " treaty",
    "language": "en",
    "quote": "paraphrase",
    "outlets": [{"id": "kcna", "url": "http://www.kcna.kp/en/article/matsegora", "via": None}],
    "external_id": "e2e-matsegora-kcna",
}

EVIL_OUTLET = {
    "kind": "outlet",
    "id": "evil",
    "name": f"{XSS_IMG}{XSS_SCRIPT} Evil News",
    "domains": ["evil.example"],
    "ownership": "private",
    "country": "Nowhere",
    "ratings": [{"rater": f"{XSS_SCRIPT}Rater", "bias": XSS_IMG, "factual": "low", "url": None}],
}

XSS_STATEMENT = {
    "kind": "statement",
    "text": XSS_CLAIM,
    "speaker": {"name": f"{XSS_IMG} Mallory", "role": XSS_SCRIPT},
    "date": "2025-07-01",
    "event": XSS_IMG,
    "language": "en",
    "quote": "direct",
    "outlets": [{"id": "evil", "url": "https://evil.example/moon", "via": None}],
    "external_id": "e2e-xss",
}

RECORDS = [EVIL_OUTLET, KCNA_REPORT, XSS_STATEMENT]

# The paragraph of pages/paragraph.html: five sentences, the first and the third the seed's
# statements (Matsegora's quote, Choe's "invincible alliance"), the others matching nothing.
PARAGRAPH_SENTENCES = [
    SENTENCE + ".",
    "A military band played folk songs in the hotel courtyard until late in the evening.",
    "Foreign Minister Choe Son-hui said relations between North Korea and Russia are at the level"
    " of a “most solid, invincible alliance.”",
    "Heavy rain delayed the arrival of several delegations from the provinces.",
    "Waiters served cold noodles and grilled fish on the terrace.",
]
PARAGRAPH = " ".join(PARAGRAPH_SENTENCES)
