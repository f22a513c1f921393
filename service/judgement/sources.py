"""Source context: outlet profiles and the notes a fact-checker adds about speakers and outlets."""

from __future__ import annotations

from dataclasses import asdict

from index.records import Outlet, Statement
from index.store import Store
from service.judgement.parties import countries_in, country_of_speaker

LOW_FACTUAL = {"low", "very low", "mixed"}
# Words in a role or affiliation that make a speaker an official rather than a private person.
OFFICIAL_WORDS = (
    "government",
    "minister",
    "ambassador",
    "president",
    "prime minister",
    "spokes",
    "senator",
    "governor",
    "secretary",
    "official",
    "embassy",
    "ministry",
    "chancellor",
    "mayor",
    "representative",
    "envoy",
    "party",
    "state",
    "military",
    "army",
)


def profiles(store: Store, statements: list[Statement]) -> dict[str, Outlet | None]:
    """Look up every outlet the statements cite (reported by, or via)."""
    ids = {ref.id for s in statements for ref in s.outlets}
    ids |= {ref.via for s in statements for ref in s.outlets if ref.via}
    return {outlet_id: store.outlet(outlet_id) for outlet_id in sorted(ids)}


def outlet_label(outlet_id: str, outlets: dict[str, Outlet | None]) -> str:
    outlet = outlets.get(outlet_id)
    return outlet.name if outlet else outlet_id


def _is_official(statement: Statement) -> bool:
    speaker = statement.speaker
    words = f"{speaker.role or ''} {speaker.affiliation or ''}".lower()
    return any(word in words for word in OFFICIAL_WORDS)


def context_notes(
    claim: str, evidence: list[Statement], outlets: dict[str, Outlet | None]
) -> list[dict]:
    """The analysis notes for the evidence a verdict rests on, most telling first."""
    notes: list[dict] = []
    parties = countries_in(claim)
    seen_outlets: set[str] = set()
    for statement in evidence:
        for ref in statement.outlets:
            for outlet_id in filter(None, (ref.via, ref.id)):
                if outlet_id in seen_outlets:
                    continue
                seen_outlets.add(outlet_id)
                notes.extend(outlet_notes(outlet_id, outlets.get(outlet_id)))
    seen_speakers: set[str] = set()
    for statement in evidence:
        speaker = statement.speaker
        if speaker is None or speaker.name in seen_speakers:
            continue
        seen_speakers.add(speaker.name)
        country = country_of_speaker(asdict(speaker))
        if country and country in parties:
            who = f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name
            kind = "an official of" if _is_official(statement) else "from"
            notes.append(
                {
                    "code": "interested_party",
                    "subject": speaker.name,
                    "message": f"{who} is {kind} {country}, a party to the claim.",
                }
            )
    if evidence:
        notes.append(corroboration_note(evidence, outlets, parties))
    order = {
        "state_controlled_outlet": 0,
        "state_funded_outlet": 1,
        "interested_party": 2,
        "low_factual_outlet": 3,
        "corroboration": 4,
        "unrated_outlet": 5,
    }
    return sorted(notes, key=lambda n: order.get(n["code"], 9))


def outlet_notes(outlet_id: str, outlet: Outlet | None) -> list[dict]:
    """Notes about one outlet: who controls it, what raters say, or that nobody rated it."""
    if outlet is None:
        return [
            {
                "code": "unrated_outlet",
                "subject": outlet_id,
                "message": f"{outlet_id} is not in our outlet list: unrated.",
            }
        ]
    notes = []
    where = f" ({outlet.country})" if outlet.country else ""
    if outlet.ownership == "state-controlled":
        notes.append(
            {
                "code": "state_controlled_outlet",
                "subject": outlet.id,
                "message": f"{outlet.name} is state-controlled{where}.",
            }
        )
    elif outlet.ownership == "state-funded":
        notes.append(
            {
                "code": "state_funded_outlet",
                "subject": outlet.id,
                "message": f"{outlet.name} is state-funded{where}.",
            }
        )
    for rating in outlet.ratings:
        if rating.factual and rating.factual.lower() in LOW_FACTUAL:
            notes.append(
                {
                    "code": "low_factual_outlet",
                    "subject": outlet.id,
                    "message": f"{rating.rater} rates {outlet.name}'s factual reporting "
                    f'"{rating.factual}".',
                }
            )
    if not outlet.ratings:
        notes.append(
            {
                "code": "unrated_outlet",
                "subject": outlet.id,
                "message": f"{outlet.name} has no third-party rating in our data: unrated.",
            }
        )
    return notes


def corroboration_note(
    evidence: list[Statement], outlets: dict[str, Outlet | None], parties: set[str]
) -> dict:
    """Count independent speakers, their countries and the outlets that reported them."""
    speakers = {s.speaker.name for s in evidence if s.speaker}
    countries = {c for s in evidence if s.speaker and (c := country_of_speaker(asdict(s.speaker)))}
    outlet_ids = {oid for s in evidence for r in s.outlets for oid in (r.id, r.via) if oid}
    independent = {
        oid
        for oid in outlet_ids
        if (o := outlets.get(oid)) is not None
        and o.ownership not in ("state-controlled",)
        and o.country not in parties
    }
    fact_checks = sum(1 for s in evidence if s.kind == "fact_check")
    parts = []
    if speakers:
        parts.append(
            f"{len(speakers)} speaker{'s' * (len(speakers) != 1)}"
            + (
                f" from {len(countries)} countr{'ies' if len(countries) != 1 else 'y'}"
                if countries
                else ""
            )
        )
    if outlet_ids:
        parts.append(
            f"reported by {len(outlet_ids)} outlet{'s' * (len(outlet_ids) != 1)}"
            f" ({len(independent)} independent of the parties)"
        )
    if fact_checks:
        parts.append(f"{fact_checks} fact-check{'s' * (fact_checks != 1)}")
    return {
        "code": "corroboration",
        "subject": None,
        "message": (", ".join(parts) or "No corroboration") + ".",
    }


def page_note(outlet: Outlet) -> dict:
    """Describe the outlet the reader is on."""
    facts = [outlet.ownership if outlet.ownership != "unknown" else "ownership unknown"]
    if outlet.country:
        facts.append(outlet.country)
    raters = "; ".join(
        f"{r.rater}: "
        + ", ".join(
            filter(
                None, (r.bias and f"bias {r.bias}", r.factual and f"factual reporting {r.factual}")
            )
        )
        for r in outlet.ratings
    )
    return {
        "code": "page_outlet",
        "subject": outlet.id,
        "message": f"You are reading {outlet.name} ({', '.join(facts)}); "
        + (raters or "unrated")
        + ".",
    }
