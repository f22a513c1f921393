"""Tests for the country gazetteer: which countries a text names, and a speaker's country."""

import pytest

from service.judgement.parties import COUNTRIES, countries_in, country_of_speaker


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        ("Russia and North Korea are the closest of countries.", {"Russia", "North Korea"}),
        ("The DPRK fired a missile, Pyongyang said.", {"North Korea"}),
        ("North Korean troops were seen near the border.", {"North Korea"}),
        ("South Korean officials in Seoul denied it.", {"South Korea"}),
        ("The ROK and the Republic of Korea are one country.", {"South Korea"}),
        ("The Democratic People's Republic of Korea held a parade.", {"North Korea"}),
        ("Korea is divided.", set()),
        ("The U.S. and the UK signed it.", {"United States", "United Kingdom"}),
        ("USA! USA!", {"United States"}),
        ("Washington and Beijing traded barbs.", {"United States", "China"}),
        ("Tell us what happened in America.", set()),
        ("Latin American leaders met.", set()),
        ("the Kremlin denied that Russians were involved", {"Russia"}),
        ("russia's war in ukraine", {"Russia", "Ukraine"}),
        ("a turkey dinner on china plates", set()),
        ("Turkey and China signed a deal.", {"Turkey", "China"}),
        ("The People’s Republic of China and the Republic of China", {"China", "Taiwan"}),
        ("Taipei protested.", {"Taiwan"}),
        ("The New Mexico governor spoke.", {"United States"}),
        ("Israeli-Palestinian talks in Gaza", {"Israel", "Palestine"}),
        ("Tehran and Damascus", {"Iran", "Syria"}),
        ("Caracas, Havana and Minsk", {"Venezuela", "Cuba", "Belarus"}),
        ("They will go dutch; the Dutch will not.", {"Netherlands"}),
        ("Northern Irish farmers and Irish farmers", {"United Kingdom", "Ireland"}),
        (
            "Saudi, Brazilian, Argentine, Mexican, Indian and Japanese ministers",
            {"Saudi Arabia", "Brazil", "Argentina", "Mexico", "India", "Japan"},
        ),
        (
            "Canberra, Ottawa, Jakarta, Pretoria, Rome",
            {"Australia", "Canada", "Indonesia", "South Africa", "Italy"},
        ),
        ("French and German diplomats met in Warsaw.", {"France", "Germany", "Poland"}),
        ("", set()),
    ],
)
def test_countries_in(text, countries):
    assert countries_in(text) == countries


def test_every_canonical_name_finds_itself():
    for country in COUNTRIES:
        assert countries_in(f"News from {country} today.") == {country}, country


@pytest.mark.parametrize(
    ("speaker", "country"),
    [
        ({"name": "A", "country": "Russia"}, "Russia"),
        ({"name": "A", "country": "USA"}, "United States"),
        ({"name": "A", "country": "Ruritania"}, "Ruritania"),
        ({"name": "A", "role": "Russian Ambassador to North Korea"}, "Russia"),
        ({"name": "A", "role": "Ambassador", "affiliation": "Government of Russia"}, "Russia"),
        (
            {"name": "A", "role": "Special Envoy for North Korea, U.S. State Department"},
            "United States",
        ),
        ({"name": "A", "role": "President"}, None),
        ({"name": "A", "role": "Foreign minister", "affiliation": "EU"}, None),
        ({"name": "A", "role": "talks between Seoul and Pyongyang"}, None),
        ({"name": "A"}, None),
    ],
)
def test_country_of_speaker(speaker, country):
    assert country_of_speaker(speaker) == country
