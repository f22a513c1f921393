"""The report's sentence templates and its numbered references: stored fields in, prose out."""

from __future__ import annotations

LABEL_NAMES = {
    "true": "True",
    "mostly-true": "Mostly true",
    "mixed": "Mixed",
    "mostly-false": "Mostly false",
    "false": "False",
    "unverified": "Unverified",
}
QUOTE_VERBS = {
    "direct": "said: {text}",
    "partial": "said, in words partly quoted: {text}",
    "paraphrase": "said, in a paraphrase: {text}",
    "indirect": "said, in reported speech: {text}",
    None: "is recorded as saying: {text}",
}
OWNERSHIP_WORDS = {"state-controlled", "state-funded"}


class Refs:
    """Footnote numbers, given in order of first citation: records, then the outlets they cite."""

    def __init__(self, outlet):
        self._read = outlet
        self._profiles: dict = {}
        self._numbers: dict[tuple[str, str], int] = {}
        self._items: list[dict] = []

    def _add(self, key: tuple[str, str], item: dict) -> int:
        if key not in self._numbers:
            self._numbers[key] = len(self._items) + 1
            self._items.append({"n": self._numbers[key], **item})
        return self._numbers[key]

    def record(self, record: dict) -> int:
        rating = record.get("rating") or {}
        urls = [rating.get("url")] + [o.get("url") for o in record.get("outlets", [])]
        item = {
            "id": record["id"],
            "external_id": record.get("external_id"),
            "kind": record["kind"],
            "label": record_label(record, self),
            "url": next((u for u in urls if u and u.startswith(("http://", "https://"))), None),
        }
        return self._add(("record", record["id"]), item)

    def outlet(self, outlet_id: str) -> int:
        profile = self.profile(outlet_id)
        facts = [profile.name, profile.ownership, profile.country] if profile else [outlet_id]
        label = ", ".join(f for f in facts if f and f != "unknown")
        item = {"id": outlet_id, "external_id": None, "kind": "outlet", "label": label, "url": None}
        return self._add(("outlet", outlet_id), item)

    def profile(self, outlet_id: str):
        if outlet_id not in self._profiles:
            self._profiles[outlet_id] = self._read(outlet_id)
        return self._profiles[outlet_id]

    def outlet_name(self, outlet_id: str) -> str:
        profile = self.profile(outlet_id)
        return profile.name if profile else outlet_id

    def listed(self) -> list[dict]:
        return list(self._items)


def record_label(record: dict, refs: Refs) -> str:
    if record["kind"] == "fact_check":
        rating = record.get("rating") or {}
        parts = [rating.get("reviewer"), rating.get("date") or record.get("date")]
        parts.append(record.get("title") or f'"{record["text"]}"')
    else:
        first = record["outlets"][0]["id"] if record.get("outlets") else None
        parts = [speaker_name(record), record.get("date"), first and refs.outlet_name(first)]
    return ", ".join(p for p in parts if p)


def label_name(label: str) -> str:
    return LABEL_NAMES.get(label, label)


def listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def speaker_name(record: dict) -> str:
    speaker = record.get("speaker")
    return speaker["name"] if speaker else "an unnamed speaker"


def who(record: dict) -> str:
    """The speaker with the role the record gives, e.g. "Choe Son-hui (Foreign Minister ...)"."""
    speaker = record.get("speaker")
    if not speaker:
        return "an unnamed speaker"
    return f"{speaker['name']} ({speaker['role']})" if speaker.get("role") else speaker["name"]


def _ended(text: str) -> str:
    bare = text.rstrip("\"'”’)")
    return text if bare.endswith((".", "!", "?")) else f"{text}."


def said(record: dict, *, dated: bool = True) -> str:
    """One statement as a sentence: (date,) speaker and role, what was said, quoted or not."""
    text = record["text"]
    if record.get("quote") == "direct":
        text = f'"{text}"'
    words = QUOTE_VERBS.get(record.get("quote"), QUOTE_VERBS[None]).format(text=text)
    sentence = f"{who(record)} {words}"
    if dated and record.get("date"):
        sentence = f"On {record['date']}, {sentence}"
    return _ended(sentence[0].upper() + sentence[1:])


def reviewer(record: dict) -> str:
    return (record.get("rating") or {}).get("reviewer") or "an unnamed fact-checker"


def fact_check(record: dict) -> str:
    """A stored fact-check as a sentence: who rated which claim (by whom, when) how."""
    rating = record.get("rating") or {}
    subject = f'the claim "{record["text"]}"'
    if record.get("speaker"):
        subject += f" by {who(record)}"
    if record.get("date"):
        subject += f" ({record['date']})"
    when = f" on {rating['date']}" if rating.get("date") else ""
    text = f'{reviewer(record)} rated {subject} "{rating.get("label", "unrated")}"{when}.'
    return text[0].upper() + text[1:]


def reported(record: dict, refs: Refs) -> tuple[str, list[int]]:
    """ " Reported by A, citing B, and by C." and the outlets' footnotes."""
    phrases, cited = [], []
    for ref in record.get("outlets", []):
        phrase = refs.outlet_name(ref["id"])
        cited.append(refs.outlet(ref["id"]))
        if ref.get("via"):
            phrase += f", citing {refs.outlet_name(ref['via'])}"
            cited.append(refs.outlet(ref["via"]))
        phrases.append(phrase)
    if not phrases:
        return "", []
    if record["kind"] == "fact_check":  # a fact-check's outlets are where the claim appeared
        return " The claim appeared on " + listing(phrases) + ".", cited
    return " Reported by " + ", and by ".join(phrases) + ".", cited


def _cites(record: dict, outlet_id: str) -> bool:
    return any(outlet_id in (o["id"], o.get("via")) for o in record.get("outlets", []))


def outlet_bias(note: dict, matching: list[dict], refs: Refs) -> dict:
    """An outlet's bias note, what our outlet list says of it, and whose words it carried."""
    outlet_id = note["subject"]
    text = note["message"]
    profile = refs.profile(outlet_id)
    if profile is not None and profile.notes:
        text = _ended(f"{text} Our outlet list notes: {profile.notes}")
    carried = [e for e in matching if _cites(e, outlet_id)]
    if carried:
        names = listing(list(dict.fromkeys(speaker_name(e) for e in carried)))
        text += f" It is a source for the words of {names} cited here."
    cited = [refs.outlet(outlet_id)] + [refs.record(e) for e in carried]
    return {"text": text, "refs": sorted(set(cited))}


def interested(note: dict, matching: list[dict], refs: Refs) -> dict:
    """A speaker who is a party to the claim, and the government the record says they serve."""
    theirs = [e for e in matching if e.get("speaker") and e["speaker"]["name"] == note["subject"]]
    text = note["message"]
    affiliation = next((e["speaker"].get("affiliation") for e in theirs), None)
    if affiliation and "an official of" in text:
        text += f" {note['subject']} speaks for the {affiliation}, an interested party."
    return {"text": text, "refs": sorted({refs.record(e) for e in theirs})}


def caveat(result: dict, matching: list[dict], refs: Refs) -> dict | None:
    """The verdict's caveat: who among its sources is interested or state-run."""
    notes = result["context"]
    parties = [n["subject"] for n in notes if n["code"] == "interested_party"]
    outlets = [n for n in notes if n["code"] in ("state_controlled_outlet", "state_funded_outlet")]
    if not parties and not outlets:
        return None
    clauses = []
    if parties:
        are = "is a party" if len(parties) == 1 else "are parties"
        clauses.append(f"{listing(parties)} {are} to the claim")
    for note in outlets:
        kind = "state-controlled" if note["code"] == "state_controlled_outlet" else "state-funded"
        clauses.append(f"{refs.outlet_name(note['subject'])}, which reported it, is {kind}")
    text = "Caveat: the sources are interested. " + "; ".join(clauses) + "."
    if result["verdict"]["basis"] == "attribution":
        text += (
            " The rating records that the words were said, as the claim states; it is not an "
            "independent confirmation of what they say."
        )
    cited = [refs.record(e) for e in matching if (e.get("speaker") or {}).get("name") in parties]
    cited += [refs.outlet(n["subject"]) for n in outlets]
    return {"text": text, "refs": sorted(set(cited))}
