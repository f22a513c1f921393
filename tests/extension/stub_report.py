"""The stub service's /v1/report and sentence splitter: the contract's shapes from its records.

Every sentence is put together from a stored record's fields (nothing invented), like the real
report; the wording is the stub's own and much plainer.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"’]))\s+(?=[“\"A-Z0-9])")


def split_sentences(paragraph: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(paragraph.strip()) if part.strip()]


def _outlet_names(evidence: dict) -> str:
    names = []
    for outlet in evidence["outlets"]:
        name = (outlet.get("profile") or {}).get("name") or outlet["id"]
        names.append(f"{name} citing {outlet['via']}" if outlet.get("via") else name)
    return ", ".join(names)


def _label(evidence: dict) -> str:
    parts = (evidence["speaker"]["name"], evidence["date"], _outlet_names(evidence))
    return ", ".join(part for part in parts if part)


def _known(checked: dict) -> list[dict]:
    """The matching statements, and others made at the same event on the same day."""
    matching = [item for item in checked["evidence"] if item["match"] == "matching"]
    moments = {(item.get("event"), item.get("date")) for item in matching}
    same_event = [
        item
        for item in checked["evidence"]
        if item["match"] == "related" and (item.get("event"), item.get("date")) in moments
    ]
    return matching + same_event


def report_json(checked: dict) -> dict:
    claim = checked["query"]["text"]
    matching = _known(checked)
    references = [
        {
            "n": n,
            "id": item["id"],
            "external_id": item["id"],
            "kind": "statement",
            "label": _label(item),
            "url": next((o["url"] for o in item["outlets"] if o.get("url")), None),
        }
        for n, item in enumerate(matching, start=1)
    ]
    know = [
        {
            "text": f"On {item['date']}, {item['speaker']['name']}, {item['speaker'].get('role')},"
            f" said: “{item['text']}” ({_outlet_names(item)}).",
            "refs": [n],
        }
        for n, item in enumerate(matching, start=1)
    ]
    events = sorted({item["event"] for item in matching if item.get("event")})
    backdrop = [{"text": f"The statements were made at the {e}.", "refs": [1]} for e in events]
    analysis = [
        {"text": note["message"], "refs": []}
        for note in checked["context"]
        if note["code"] != "no_match"
    ]
    verdict = checked["verdict"]
    conclusion = [{"text": f"Rated {verdict['label']}. {verdict['explanation']}", "refs": []}]
    sections = [
        ("what-we-know", "What we know", know),
        ("backdrop", "Backdrop", backdrop),
        ("analysis", "Analysis", analysis),
        ("conclusion", "Conclusion", conclusion),
    ]
    return {
        "title": f'Fact check: "{claim}"',
        "claim": claim,
        "verdict": verdict,
        "sections": [
            {"id": key, "heading": heading, "paragraphs": paragraphs}
            for key, heading, paragraphs in sections
            if paragraphs
        ],
        "references": references,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def report_markdown(checked: dict) -> str:
    report = report_json(checked)
    lines = [f"# {report['title']}", ""]
    for section in report["sections"]:
        lines += [f"## {section['heading']}", ""]
        for paragraph in section["paragraphs"]:
            marks = "".join(f"[^{n}]" for n in paragraph["refs"])
            lines += [paragraph["text"] + marks, ""]
    lines += [f"[^{ref['n']}]: {ref['label']}" for ref in report["references"]]
    return "\n".join(lines) + "\n"
