"""Stance rules: hand-written claim/evidence pairs that agree, contradict, or cannot be compared."""

import pytest

from service.judgement.copies import likeness
from service.judgement.lexicon import NEGATING_PREFIX
from service.judgement.quantities import numbers
from service.judgement.stance import (
    REFUTES,
    SUPPORTS,
    UNCLEAR,
    judge,
    stance,
)
from service.judgement.words import tokens

S, R, U = SUPPORTS, REFUTES, UNCLEAR

# (claim, evidence, expected). bench/verdicts.py reports the accuracy over this table.
PAIRS = [
    # the seed case and its near misses
    (
        "Russia and North Korea are described as the 'closest of countries.'",
        "Russia and North Korea are the closest of countries.",
        S,
    ),
    (
        "North Korea and Russia are the closest of countries.",
        "Russia and North Korea are the closest of countries.",
        S,
    ),
    (
        "Russia and North Korea are no longer close.",
        "Russia and North Korea are the closest of countries.",
        R,
    ),
    (
        "Russia and North Korea are the farthest of countries.",
        "Russia and North Korea are the closest of countries.",
        R,
    ),
    ("Russia and North Korea are enemies.", "Russia and North Korea are allies.", R),
    # negation
    ("The senator voted for the bill.", "The senator did not vote for the bill.", R),
    ("Unemployment never fell under his watch.", "Unemployment fell under his watch.", R),
    ("The vaccine is not safe for children.", "The vaccine is safe for children.", R),
    ("The mayor denied raising property taxes.", "The mayor raised property taxes.", R),
    ("Nobody was arrested at the protest.", "Police arrested dozens at the protest.", R),
    ("The company has no plans to close the plant.", "The company will not close the plant.", S),
    ("The governor didn't sign the law.", "The governor never signed the law.", S),
    ("Virginia had no GDP growth at all last year.", "Virginia had zero percent GDP growth.", S),
    ("Virginia had zero GDP growth last year.", "Virginia's GDP grew last year.", R),
    # a quantifier against its negation cue is one flip, not two (item 76)
    ("He always votes for tax cuts.", "He never votes for tax cuts.", R),
    ("All of the money went to schools.", "None of the money went to schools.", R),
    ("Everyone in the county got a refund.", "Nobody in the county got a refund.", R),
    # an antonym that is also a negation cue counts once (item 77)
    ("The vaccine is safe for children.", "The vaccine is unsafe for children.", R),
    (
        "It is true that the governor cut school funding.",
        "It is false that the governor cut school funding.",
        R,
    ),
    ("The vaccine is not unsafe for children.", "The vaccine is safe for children.", S),
    # "not" denies the other side's antonym although "false" is a cue itself (item 78)
    ("The claim that he resigned is not true.", "The claim that he resigned is false.", S),
    ("The law does not ban assault weapons.", "The law bans assault weapons.", R),
    # a prefix that negates ("unbanked", "non-citizens")
    (
        "A quarter of households are unbanked or rely on payday lenders.",
        "25 percent of households don't have a bank account or rely on payday lenders.",
        S,
    ),
    ("Most households in the state are unbanked.", "Most households in the state bank.", R),
    ("Unemployment fell last year in Ohio.", "Employment rose last year in Ohio.", S),
    ("Non-citizens voted in the election.", "Citizens voted in the election.", R),
    # a word that only starts like a prefix ("universities") is no negation, and no content
    (
        "Liberal academics in universities came up with Obamacare.",
        'Obamacare "was invented by liberal academic theorists."',
        S,
    ),
    # "as much as" comparing two things, against "less than"
    (
        "Women are still paid less than men for the same job.",
        "Women still do not get paid as much as men for the same work.",
        S,
    ),
    ("Women are paid as much as men for the same job.", "Women are paid less than men.", R),
    ("Prices rose as much as 40 percent.", "Prices rose 40 percent.", S),
    # another person in office in the same place
    (
        "President Obama cut Medicare spending for seniors.",
        "Medicare spending for seniors was cut by Gov. Bush.",
        R,
    ),
    # antonyms and direction words
    ("Crime rose 10% last year.", "Crime fell 10% last year.", R),
    ("Wages are going up.", "Wages are going down.", R),
    ("The deficit increased under Obama.", "The deficit decreased under Obama.", R),
    ("Gas prices are higher than ever.", "Gas prices are lower than ever.", R),
    ("The state gained jobs in 2019.", "The state lost jobs in 2019.", R),
    (
        "Texas has the highest uninsured rate in the nation.",
        "Texas has the lowest uninsured rate in the nation.",
        R,
    ),
    ("The candidate supports the border wall.", "The candidate opposes the border wall.", R),
    ("Abortion is legal in Ohio.", "Abortion is illegal in Ohio.", R),
    ("The tax cut did not increase the deficit.", "The tax cut decreased the deficit.", S),
    ("Exports did not fall in 2020.", "Exports rose in 2020.", S),
    # sharp moves
    (
        "Self-defense deaths have fallen since the 2005 law.",
        "Since the 2005 law, self-defense deaths have jumped.",
        R,
    ),
    ("Gas prices soared in March.", "Gas prices plunged in March.", R),
    ("Gas prices climbed in March.", "Gas prices rose in March.", S),
    ("The city is getting safer.", "The city is getting more dangerous.", R),
    # an antonym-list word in any regular form: "banned" is "ban", "eliminated" "eliminate"
    ("The city banned plastic bags last year.", "The city allowed plastic bags last year.", R),
    ("The law eliminated 300 jobs.", "The law created 300 jobs.", R),
    ("The city bans plastic bags.", "The city banned plastic bags.", S),
    # what fact-checks say of a claim: confirmed against debunked
    ("The stories have largely been confirmed.", "The stories largely have been debunked.", R),
    ("The stories have been corroborated.", "The stories have been debunked.", R),
    (
        "Cruz has pledged to keep the U.S. Department of Education.",
        "Cruz has pledged to eliminate the U.S. Department of Education.",
        R,
    ),
    # a phrasal verb the antonym list knows by one word: "take away" is "remove"
    (
        "Mary Landrieu voted to protect your gun rights.",
        "Mary Landrieu voted to take away your gun rights.",
        R,
    ),
    ("They took away our benefits.", "They removed our benefits.", S),
    # quantities at the two ends of a scale
    (
        "Many stations besides NJN cover state government.",
        "NJN is the only station that covers state government.",
        R,
    ),
    ("Only a small share of Ohio's kids are poor.", "Nearly half of Ohio's kids are poor.", R),
    ("Few voters back the plan.", "Most voters back the plan.", R),
    ("Only ten states have expanded Medicaid.", "Ten states have expanded Medicaid.", S),
    # a comparison the other way round
    (
        "More people were killed with rifles than were stabbed to death in 2016.",
        "In 2016 four times as many people were stabbed to death than were killed with rifles.",
        R,
    ),
    ("Knives kill more people than rifles.", "Rifles kill more people than knives.", R),
    ("Knives kill more people than rifles.", "More people are killed by knives than by rifles.", S),
    ("Women earn less than men.", "Men earn more than women.", S),
    ("Rifles killed more than 300 people.", "More than 300 people were killed by rifles.", S),
    # numbers, percentages, dates
    ("Unemployment is at 4 percent.", "Unemployment is at 4%.", S),
    ("Unemployment is at 4 percent.", "Unemployment is at 9 percent.", R),
    ("The program costs $2 billion a year.", "The program costs $2,000,000,000 a year.", S),
    ("The program costs $2 billion a year.", "The program costs $5 billion a year.", R),
    ("Earmarks cost $18 billion of our budget.", "Earmarks cost $18-billion of it.", S),
    ("Earmarks cost $18 billion of our budget.", "Earmarks cost $80-billion of it.", R),
    ("About a dozen members back the bill.", "Over 130 members back the bill.", R),
    ("Two dozen members back the bill.", "24 members back the bill.", S),
    ("Dozens of members back the bill.", "Over 130 members back the bill.", S),
    ("The wall was built in 2018.", "The wall was built in 2016.", R),
    (
        "More than 300,000 people died of the virus.",
        "More than 300,000 people died from the virus.",
        S,
    ),
    ("Ten states have expanded Medicaid.", "10 states have expanded Medicaid.", S),
    ("Ten states have expanded Medicaid.", "Thirty states have expanded Medicaid.", R),
    (
        "We have the lowest unemployment rate in 17 years.",
        "Unemployment is the lowest in 17 years.",
        S,
    ),
    (
        "We have the lowest unemployment rate in 17 years.",
        "Unemployment is the lowest in 50 years.",
        R,
    ),
    # the same figure in other units
    (
        "Crime in Providence is at its lowest level in 30 years.",
        'Providence has "the lowest crime rate in three decades."',
        S,
    ),
    (
        "The stimulus spent $278,000 for every job it created.",
        'The stimulus cost "$278K per job created."',
        S,
    ),
    (
        "The stimulus spent $278,000 for every job it created.",
        'The stimulus cost "$178K per job created."',
        R,
    ),
    # swapped entities
    ("Russia invaded Ukraine in 2022.", "Ukraine invaded Russia in 2022.", R),
    (
        "Obama appointed Sotomayor to the Supreme Court.",
        "Sotomayor appointed Obama to the Supreme Court.",
        R,
    ),
    ("Biden beat Trump in Georgia.", "Trump beat Biden in Georgia.", R),
    ("Biden met Putin in Geneva.", "Putin met Biden in Geneva.", S),
    ("Canada and Mexico signed the trade deal.", "Mexico and Canada signed the trade deal.", S),
    ("Clinton endorsed Sanders.", "Sanders endorsed Clinton.", R),
    # names that pass each other in a passive or with clauses in another order are no swap
    # (written paraphrases of PolitiFact claims, service/training/data/written_pairs.jsonl)
    (
        "We know al-Qaida owes its start to Saudi Arabia.",
        "We know that Saudi Arabia started al-Qaida.",
        S,
    ),
    (
        "The Rev. Jeremiah Wright was brought to the White House by the Clintons for 'spiritual "
        "counseling' while the Monica Lewinsky scandal was under way.",
        "During the Monica Lewinsky scandal, the Clintons brought the Rev. Jeremiah Wright to "
        'the White House for "spiritual counseling."',
        S,
    ),
    (
        "Once ride-hailing starts upstate in July, some people listed on New York's sex offender "
        "registry could be allowed to drive for Uber or Lyft.",
        'In some cases, a sex offender "who appears on the New York State Sex Offender Registry" '
        "would be able to drive for Uber or Lyft when ride-hailing is allowed upstate in July",
        S,
    ),
    # restatements and attribution
    ("Trump said the crowds were bigger than ever.", "The crowds were bigger than ever.", S),
    (
        "Says Hillary Clinton wants to abolish the Second Amendment.",
        "Hillary Clinton wants to abolish the Second Amendment.",
        S,
    ),
    ("The minimum wage in Florida is $8.46.", "Florida's minimum wage is $8.46.", S),
    ("CNN ratings are doing poorly.", "CNN is doing relatively poorly in the ratings.", S),
    # a negation reaches through "a single" / "one" / "any" to what it negates
    (
        "Not one state worker has lost a job during the recession.",
        "Not a single person in the state workforce has lost a job in this recession.",
        S,
    ),
    ("Lee Majors left money to Donald Trump.", "Lee Majors did not leave any money to Trump.", R),
    # idioms that hold a negation cue and deny nothing (lexicon.EMPTY_NEGATIONS, items 53-54)
    (
        "Robert Gay says it was none other than Mitt Romney who helped save his daughter.",
        "Robert Gay says the man who helped save his daughter was Mitt Romney.",
        S,
    ),
    ("Portman's plan is nothing short of devastating.", "Portman's plan would devastate.", S),
    (
        "The health care law is nothing less than a government takeover of health care.",
        "The health care law is a government takeover of health care.",
        S,
    ),
    ("There is no doubt that Obama is a Muslim.", "Obama is a Muslim.", S),
    ("There is no doubt that Obama is not a Muslim.", "Obama is a Muslim.", R),
    (
        "It was no coincidence that Iran freed the hostages the day Reagan was sworn in.",
        "Iran freed the hostages the day Reagan was sworn in.",
        S,
    ),
    ("It is no surprise that prices rose.", "Prices rose.", S),
    (
        "Ohio dealerships had no choice but to close.",
        "Ohio dealerships were forced to close.",
        S,
    ),
    ("There is no shortage of guns in Chicago.", "There are guns in Chicago.", S),
    (
        "The fire fee was inspired by nothing other than Gov. Rick Scott.",
        "The fire fee was inspired by Gov. Rick Scott.",
        S,
    ),
    # "not A but B" is B where the other side never says A (alternatives.py, item 58)
    ("Jose Felix Diaz does not oppose but supports the plan.", "Diaz supports the plan.", S),
    ("Diaz supports the plan.", "Jose Felix Diaz does not oppose but supports the plan.", S),
    ("Sexting is not a minor offense but a felony sex offense.", "Sexting is a felony.", S),
    ("Oil production is not up but down 14 percent.", "Oil production is down 14 percent.", S),
    ("Not just a handful but thousands joined.", "Thousands joined.", S),
    ("McCain will give not fewer but more tax breaks.", "McCain will give more tax breaks.", S),
    # ... and where it says A, one contradiction, not two that cancel out
    ("Jose Felix Diaz does not oppose but supports the plan.", "Diaz opposes the plan.", R),
    ("Crime did not rise but fell in Ohio.", "Crime rose in Ohio.", R),
    ("Crime rose in Ohio.", "Crime did not rise but fell in Ohio.", R),
    ("Oil production is not up but down 14 percent.", "Oil production is up 14 percent.", R),
    # one word written two ways is no other name in the slot
    (
        "U.S. police killed more people in one month than the U.K.s did in a century.",
        "U.S. police killed more people in one month than the U.K.\u2019s did in a century.",
        S,
    ),
    (
        "A quote at the top of the Department of Justice's website comes from a socialist.",
        "A quote at the top of the Department of Justice website comes from a socialist.",
        S,
    ),
    (
        "The Clean Power Plan is something Senator Sanders would delay.",
        "The Clean Power Plan is something Sen. Sanders would delay.",
        S,
    ),
    (
        "The plan is something Senator Sanders would delay.",
        "The plan is something Senator Cruz would delay.",
        R,
    ),
    # a sentence's opening "It" is no name, so nothing is the other way round
    (
        "It is claimed that this virus, COVID-19 virus, is not from nature. It is man-made.",
        "\u201cThis virus, COVID-19 virus, is not from nature. It is man-made.\u201d",
        S,
    ),
    # "either" after a negation, like "any", reaches through to what is negated
    (
        "Donald Trump, as president, has never denounced either David Duke or Richard Spencer.",
        "Says President Donald Trump hasn’t condemned David Duke and Richard Spencer.",
        S,
    ),
    # a verb that compares is a "than": "A exceeds B" is "A is more than B"
    (
        "The combined wealth of the bottom 40 percent of Americans exceeds what the Walton "
        "family of Walmart owns.",
        "Today the Walton family of Walmart own more wealth than the bottom 40 percent of America.",
        R,
    ),
    (
        "In Texas, gun deaths now outnumber traffic deaths.",
        "In Texas, more people die from guns than in traffic accidents.",
        S,
    ),
    (
        "Spending on prisons exceeds 4 billion dollars a year.",
        "Prisons cost more than 4 billion dollars a year.",
        S,
    ),
    # "A rather than B" and "A instead of B" say "A, not B"
    (
        "Kennedy warned that after a coup, the CIA rather than the Pentagon would be behind it.",
        "Kennedy warned that after a coup, it will come from the CIA and not the Pentagon.",
        S,
    ),
    ("Wind rather than coal powers most of Iowa.", "Coal powers most of Iowa.", R),
    (
        "The state spent the money on roads instead of schools.",
        "The state spent the money on schools.",
        R,
    ),
    # over/under, above/below are opposites in the same slot, not as other prepositions
    (
        "Over 220,000 Ohioans would lose insurance.",
        "Under 220,000 Ohioans would lose insurance.",
        R,
    ),
    ("Wages stayed above the poverty line.", "Wages stayed below the poverty line.", R),
    ("Inflation stayed above 5 percent.", "Inflation stayed below 5 percent.", R),
    (
        "Malia Obama was one of ten people arrested over a racist Antifa attack, and the officer "
        "who arrested her later turned up dead in suspicious circumstances.",
        'Malia Obama was "among 10 arrested in racist Antifa attack," and the cop who arrested '
        'her was "found dead under suspicious circumstances."',
        S,
    ),
    # create/save against cost: opposites when they name the same thing, in any order
    (
        "A cap on carbon emissions would create 100,000 jobs in Ohio.",
        'A bill to cap carbon emissions "could cost Ohio 100,000 jobs."',
        R,
    ),
    ("The plan would save Ohio $2 billion.", "The plan would cost Ohio $2 billion.", R),
    (
        "The governor created a program that costs $5 billion.",
        "The governor's program costs $5 billion.",
        S,
    ),
    # one negated verb in two inflections: the stemmer keeps "implicate" but cuts "implicat-ed"
    (
        "The cheating inquiry does not implicate 95 percent of Atlanta's teachers.",
        "95 percent of Atlanta's teachers are not implicated in the cheating inquiry.",
        S,
    ),
    (
        "The cheating inquiry does not implicate 95 percent of Atlanta's teachers.",
        "The cheating inquiry implicated 95 percent of Atlanta's teachers.",
        R,
    ),
    # "has yet to", "unless" and "nothing more than" as the negations they are or are not
    ("The city has yet to reopen its pools.", "The city hasn't opened its pools.", S),
    (
        "The mayor would only mention the union to attack it.",
        "The mayor would not mention the union unless he was attacking it.",
        S,
    ),
    (
        "Unless the council passes a budget, 500 teachers will be laid off.",
        "If the council does not pass a budget, 500 teachers will be laid off.",
        S,
    ),
    (
        "The new rule is nothing more than a copy of state law.",
        "The new rule simply copies state law.",
        S,
    ),
    # an antonym whose partner the claim also has elsewhere: "fewer" fills "more"'s slot
    (
        "Fewer people are uninsured today than at any point in more than 40 years.",
        "More people are uninsured today than at any point in 40 years.",
        R,
    ),
    ("Rents have gone up since 2019.", "Rents have dropped since 2019.", R),
    ("The singer Tom Jones is alive.", "The singer Tom Jones died.", R),
    ("The school kept its library books.", "The school removed its library books.", R),
    ("The peso has gained value since 2015.", "The peso has fallen in value since 2015.", R),
    (
        "Spending the grant this way would be entirely legal.",
        "Spending the grant this way would be a violation of the law.",
        R,
    ),
    # unrelated, too little in common, or only hedged
    ("Obama was born in Kenya.", "Obama's birth certificate was released in 2011.", U),
    ("The bill passed the Senate.", "The bill could pass the Senate next month.", U),
    ("Unemployment is rising.", "Economists say unemployment might rise.", U),
    ("Taxes went up for the middle class.", "The plan cuts taxes for the rich.", U),
    ("The economy added 200,000 jobs.", "The Yankees won the World Series.", U),
    ("Russia and North Korea are the closest of countries.", "Russia exports oil to China.", U),
    ("Immigrants commit fewer crimes.", "The border wall costs $20 billion.", U),
    ("Obamacare raised premiums.", "Premiums may have risen because of Obamacare.", U),
    (
        "The vaccine causes autism.",
        "Some parents believe the vaccine is linked to autism, researchers say.",
        U,
    ),
]


@pytest.mark.parametrize(("claim", "evidence", "expected"), PAIRS)
def test_stance_pairs(claim, evidence, expected):
    result = judge(claim, evidence)
    assert result.label == expected, result.reason


def test_a_copy_in_curly_quotes_is_alike_word_for_word():
    text = "Italy has decided not to treat their elderly for this virus."
    assert likeness(text, f"\u201c{text}\u201d") == 1.0


def test_table_is_large_and_balanced():
    labels = [label for _, _, label in PAIRS]
    assert len(PAIRS) >= 40
    assert min(labels.count(S), labels.count(R), labels.count(U)) >= 6


def test_refutation_says_why():
    assert (
        judge("Crime rose 10%.", "Crime fell 10%.").reason
        == '"rise" in the claim, "fall" in the evidence'
    )
    assert "percent" in judge("Crime rose 10%.", "Crime rose 30%.").reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("up 10%", [("percent", 10.0)]),
        ("$2 billion", [("money", 2e9)]),
        ("in 2016", [("year", 2016.0)]),
        ("3,500 people", [("count", 3500.0)]),
        ("ten percent", [("percent", 10.0)]),
        ("$278K per job", [("money", 278e3)]),
        ("a 401k plan", [("count", 401.0)]),
        ("two and a half million jobs", [("count", 2.5e6)]),
        ("2 and a half million votes", [("count", 2.5e6)]),
        ("half a million people", [("count", 5e5)]),
        ("in three decades", [("count", 30.0)]),
        ("for 4 decades", [("count", 40.0)]),
        ("more than a century", [("count", 100.0)]),
    ],
)
def test_numbers(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("word", "root"),
    [("unbanked", "banked"), ("non-citizens", "citizens"), ("nonprofit", "profit")]
    + [(word, None) for word in ("unless", "under", "until", "union", "none", "unit")],
)
def test_negating_prefix(word, root):
    found = NEGATING_PREFIX.match(word)
    assert (found[1] if found else None) == root


def test_as_much_as_compares_unless_a_quantity_follows():
    assert "equally" in tokens("paid as much as men")
    assert "equally" not in tokens("rose as much as 40 percent, as much as a third")


def test_stance_is_the_label():
    assert stance("Crime rose.", "Crime fell.") == R


def test_the_text_after_a_word_keeps_its_offsets_past_a_letter_that_lowers_to_two():
    # "İ".lower() is two letters: offsets found in text.lower() would cut the text late.
    from service.judgement.stance import _following

    assert _following("İİ Exports rose 5 percent.", "rise") == [" 5 percent."]
