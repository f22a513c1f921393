"""The written fact-check: sections from a lookup result, every sentence a template over stored
fields, footnoted with the records it came from."""

from __future__ import annotations

import datetime

from service.report import words
from service.report.words import Refs, label_name, listing, said, speaker_name, who

SECTIONS = (
    ("what-we-know", "What we know"),
    ("backdrop", "Backdrop"),
    ("analysis", "Analysis"),
    ("conclusion", "Conclusion"),
)
BIAS_NOTES = ("state_controlled_outlet", "state_funded_outlet", "low_factual_outlet")


def build(result: dict, outlet) -> dict:
    """The report for one /v1/check result; `outlet(id)` reads a stored outlet (or None)."""
    claim = result["query"]["text"]
    refs = Refs(outlet)
    matching = [e for e in result["evidence"] if e["match"] == "matching"]
    parts = {
        "what-we-know": _what_we_know(matching, refs),
        "backdrop": _backdrop(matching, result["evidence"], refs),
        "analysis": _analysis(result, matching, refs),
        "conclusion": _conclusion(claim, result, matching, refs),
    }
    return {
        "title": f'Fact check: "{claim}"',
        "claim": claim,
        "verdict": result["verdict"],
        "sections": [
            {"id": key, "heading": heading, "paragraphs": parts[key]}
            for key, heading in SECTIONS
            if parts[key]
        ],
        "references": refs.listed(),
        "generated": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _paragraph(text: str, refs: list[int]) -> dict:
    return {"text": text, "refs": sorted(set(refs))}


def _what_we_know(matching: list[dict], refs: Refs) -> list[dict]:
    paragraphs = []
    for record in matching:
        cited = [refs.record(record)]
        text = words.fact_check(record) if record["kind"] == "fact_check" else said(record)
        reporting, outlet_refs = words.reported(record, refs)
        paragraphs.append(_paragraph(f"{text}{reporting}", cited + outlet_refs))
    return paragraphs


def _backdrop(matching: list[dict], evidence: list[dict], refs: Refs) -> list[dict]:
    """The events the matching statements were made at, and what else was said there."""
    paragraphs = []
    events = list(dict.fromkeys(e["event"] for e in matching if e.get("event")))
    for event in events:
        there = [e for e in matching if e.get("event") == event]
        speakers = listing(list(dict.fromkeys(speaker_name(e) for e in there)))
        days = listing(sorted({e["date"] for e in there if e.get("date")}))
        when = f" on {days}" if days else ""
        verb = "were made" if len(there) > 1 else "was made"
        statement = "statements" if len(there) > 1 else "statement"
        text = f"The {statement} by {speakers} {verb}{when} at this event: {event}."
        cited = [refs.record(e) for e in there]
        # Other stored statements from the same event (related, not matching) fill it in.
        for other in evidence:
            if other["match"] != "matching" and other.get("event") == event:
                text += f" At the same event, {said(other, dated=False)}"
                cited.append(refs.record(other))
        paragraphs.append(_paragraph(text, cited))
    return paragraphs


def _analysis(result: dict, matching: list[dict], refs: Refs) -> list[dict]:
    notes = result["context"]
    paragraphs = [_substance(result, matching, refs)]
    for note in notes:
        if note["code"] in BIAS_NOTES:
            paragraphs.append(words.outlet_bias(note, matching, refs))
    interested = [n for n in notes if n["code"] == "interested_party"]
    for note in interested:
        paragraphs.append(words.interested(note, matching, refs))
    corroboration = next((n for n in notes if n["code"] == "corroboration"), None)
    if corroboration is not None:
        text = f"Corroboration: {corroboration['message']}"
        speakers = {e["speaker"]["name"] for e in matching if e.get("speaker")}
        if speakers and {n["subject"] for n in interested} >= speakers:
            text += (
                " Every speaker is a party to the claim"
                + (", on different sides" if len(interested) > 1 else "")
                + ": their agreement shows what the parties say, not an independent confirmation."
            )
        paragraphs.append(_paragraph(text, [refs.record(e) for e in matching]))
    paragraphs.append(_counter(result, refs))
    missing = _missing(result, matching, interested, refs)
    if missing is not None:
        paragraphs.append(missing)
    return [p for p in paragraphs if p is not None]


def _substance(result: dict, matching: list[dict], refs: Refs) -> dict | None:
    if not matching:
        related = len(result["evidence"])
        return _paragraph(
            "No stored statement or fact-check matches this claim closely enough to rate it"
            + (f"; {related} related record{'s' * (related != 1)} are listed." if related else "."),
            [],
        )
    checks = [e for e in matching if e["kind"] == "fact_check"]
    statements = [e for e in matching if e["kind"] != "fact_check"]
    parts = []
    if statements:
        speakers = listing(list(dict.fromkeys(who(e) for e in statements)))
        n = len(statements)
        supports = all(e["stance"] == "supports" for e in statements)
        parts.append(
            f"{n} stored statement{'s' * (n != 1)} by {speakers}"
            + (", each supporting it" if supports and n > 1 else "")
        )
    if checks:
        raters = listing(
            list(dict.fromkeys(f"{words.reviewer(e)} ({e['rating']['label']})" for e in checks))
        )
        parts.append(f"{len(checks)} stored fact-check{'s' * (len(checks) != 1)} by {raters}")
    text = "The claim is substantiated by " + "; and ".join(parts) + "."
    return _paragraph(text[0].upper() + text[1:], [refs.record(e) for e in matching])


def _counter(result: dict, refs: Refs) -> dict:
    """Counter-evidence: records that refute the claim, fact-checks rating the other way."""
    value = result["verdict"]["rating"]
    against = []
    for record in result["evidence"]:
        rated = (record.get("rating") or {}).get("value")
        opposite = value is not None and rated is not None and (rated - 3) * (value - 3) < 0
        if record["stance"] == "refutes" or opposite:
            against.append(record)
    if not against:
        return _paragraph(
            "Counter-evidence: no stored statement or fact-check contradicts the claim.", []
        )
    lines = [words.fact_check(e) if e["kind"] == "fact_check" else said(e) for e in against]
    text = "Counter-evidence: " + " ".join(lines)
    return _paragraph(text, [refs.record(e) for e in against])


def _missing(result: dict, matching: list[dict], interested: list[dict], refs: Refs):
    """What the evidence lacks: unrated outlets, no fact-checker, no independent speaker."""
    gaps, cited = [], []
    unrated = [n for n in result["context"] if n["code"] == "unrated_outlet"]
    if unrated:
        names = listing([refs.outlet_name(n["subject"]) for n in unrated])
        verb = "has" if len(unrated) == 1 else "have"
        gaps.append(f"{names} {verb} no third-party reliability rating in our data.")
        cited += [refs.outlet(n["subject"]) for n in unrated]
    if matching and not any(e["kind"] == "fact_check" for e in matching):
        gaps.append("No fact-checker's rating of this claim is stored.")
    speakers = {e["speaker"]["name"] for e in matching if e.get("speaker")}
    if speakers and {n["subject"] for n in interested} >= speakers:
        gaps.append("No speaker independent of the parties to the claim is on record.")
    if not gaps:
        return None
    return _paragraph("What is missing: " + " ".join(gaps), [c for c in cited if c])


def _conclusion(claim: str, result: dict, matching: list[dict], refs: Refs) -> list[dict]:
    verdict = result["verdict"]
    name = label_name(verdict["label"])
    if verdict["label"] == "unverified":
        text = f'The claim "{claim}" is {name}. {verdict["explanation"]}'
        return [_paragraph(text, [refs.record(e) for e in matching])]
    score = f"{verdict['rating']} on a scale of 1 to 5, " if verdict["rating"] else ""
    text = (
        f'The claim "{claim}" is {name} ({score}confidence {verdict["confidence"]:.2f}). '
        f"{verdict['explanation']}"
    )
    if not verdict["confident"]:
        text += " The rating is tentative: its confidence is below the service's cutoff."
    paragraphs = [_paragraph(text, [refs.record(e) for e in matching])]
    caveat = words.caveat(result, matching, refs)
    if caveat is not None:
        paragraphs.append(caveat)
    return paragraphs
