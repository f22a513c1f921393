"""Read outlet profiles from the MBFC, Baly et al., State Media Monitor and our own CSV tables.

The table is recognized from its header (tab or comma separated, judged from the first
line); an unknown header is an error for the whole file. Nothing is invented: a rating has a
URL only when the table gives one. Duplicate domains are yielded as they come
(`Outlet.merged` combines them). MBFC ratings use rater "Media Bias/Fact Check".

idiap `mbfc.csv` (source, country, bias, factual_reporting, press_freedom, ...):
    source             -> id, name, domains (bare domain)
    country            -> country: "(44/180 press freedom)" dropped, title-cased,
                          "usa" -> "United States", "czech republic" -> "Czechia",
                          "unknown" -> None
    bias               -> ratings[0].bias via `normalize_bias`
    factual_reporting  -> ratings[0].factual (url None)
    other columns      -> dropped
Baly et al. `emnlp18_corpus.tsv`, `acl2020_corpus.tsv` (source_url, ..., ref, fact, bias):
    source_url_normalized (else source_url) -> id, name, domains
    fact, ref          -> ratings[0].factual, ratings[0].url
    bias               -> emnlp18: `normalize_bias` (its "center" is MBFC's "least biased");
                          acl2020 (told by file name): as given, a coarser left/center/right
ASD `State_Media_Matrix.csv` (Region, Country, Media company, Main assets, URL, Typology, ...):
    URL                -> id, domains: the full host (francais.rt.com); none: "no URL" error
    Main assets        -> name (else Media company)
    Country            -> country, as given but in one spelling ("United States of America",
                          "UAE", "Palestine territories" -> "United States", "United Arab
                          Emirates", "Palestine")
    Typology           -> ownership: SC, CaPu -> "state-controlled"; CaPr (captured private)
                          -> "private"; ISFM, ISF, ISM, "ISFM?" -> "state-funded"; IP ->
                          "public"; blank or unknown -> "unknown". No rating (a typology is
                          not a bias/factual rating): notes say "State Media Monitor typology
                          SC: state-controlled." plus "Media company: X." when not the name
    Status, Notes, links -> dropped
Ours (id, name[, domains, ownership, country, notes, rater, bias, factual, rating_url]):
    domains            -> split on ";"
    rater, bias, factual, rating_url -> one rating when rater is set (values as given)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from index.importers.jsonl import csv_rows, to_record
from index.records import Outlet, RecordError, normalize_domain

MBFC = "Media Bias/Fact Check"
TYPOLOGY = {  # State Media Monitor code -> (ownership, what the code means)
    "SC": ("state-controlled", "state-controlled"),
    "CaPu": ("state-controlled", "captured public/state-managed media"),
    "CaPr": ("private", "captured private media"),
    "ISFM": ("state-funded", "independent state-funded and state-managed"),
    "ISF": ("state-funded", "independent state-funded"),
    "ISM": ("state-funded", "independent state-managed"),
    "IP": ("public", "independent public"),
}
OWN_COLUMNS = {"id", "name", "domains", "ownership", "country", "notes"} | {
    "rater", "bias", "factual", "rating_url",
}  # fmt: skip
_LEANS = {
    "least": "least biased", "center": "least biased", "left center": "left-center",
    "right center": "right-center", "left": "left", "right": "right",
    "far left": "extreme left", "extreme left": "extreme left",
    "far right": "extreme right", "extreme right": "extreme right",
}  # fmt: skip
# One spelling per country across the tables, the one service.judgement.parties uses.
_COUNTRIES = {
    "usa": "United States", "united states": "United States",
    "united states of america": "United States", "uae": "United Arab Emirates",
    "palestine territories": "Palestine", "czech republic": "Czechia",
    "beligium": "Belgium", "europen union": "European Union",
}  # fmt: skip


def parse(path: Path) -> Iterator[tuple[int, Outlet | RecordError]]:
    """Yield (line number, outlet or error) for each row of an outlet table."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        delimiter = "\t" if "\t" in handle.readline() else ","
    rows = csv_rows(path, delimiter=delimiter)
    _, header = next(rows, (1, None))
    if not isinstance(header, list):
        raise RecordError(f"{path.name}: no header row ({header or 'empty file'})")
    names = [cell.strip().lower() for cell in header]
    build = _table(set(names), path)
    for number, row in rows:
        if isinstance(row, RecordError):
            yield number, row
        elif len(row) != len(names):
            yield number, RecordError(f"expected {len(names)} columns, got {len(row)}")
        else:
            cells = {name: cell.strip() for name, cell in zip(names, row, strict=True)}
            try:
                yield number, to_record({"kind": "outlet", **build(cells)})
            except RecordError as exc:
                yield number, exc


def _table(columns: set[str], path: Path):
    if {"source", "bias", "factual_reporting"} <= columns:
        return _mbfc
    if {"source_url", "ref", "fact", "bias"} <= columns:
        return _baly_acl2020 if "acl2020" in path.name.lower() else _baly
    if {"url", "typology", "media company", "main assets"} <= columns:
        return _state_media
    if {"id", "name"} <= columns and columns <= OWN_COLUMNS:
        return _own
    raise RecordError(f"{path.name}: unrecognized outlet table header: {sorted(columns)}")


def normalize_bias(raw: str | None) -> str | None:
    """Reduce MBFC's ~60 bias spellings to its categories; keep unknown values as given."""
    text = re.sub(r"\(.*?\)", " ", (raw or "").lower())  # "left-center (by saudi standards)"
    words = " ".join(re.sub(r"[^a-z]+", " ", text).split())
    if words in ("", "not rated", "unrated", "unknown"):
        return None
    if "pro science" in words:
        return "pro-science"
    if re.search(r"conspiracy|\bps[a-z]*science|quackery", words):  # misspellings included
        return "conspiracy-pseudoscience"
    for category in ("questionable", "satire"):
        if category in words:
            return category
    lean = " ".join(w for w in words.split() if w not in ("biased", "bias", "leaning"))
    return _LEANS.get(lean, raw.strip())


def _domain(value: str) -> str:
    domain = normalize_domain(value)
    if not domain:
        raise RecordError("no domain")
    return domain


def _mbfc(cells: dict) -> dict:
    if not cells["source"]:
        raise RecordError("source (the domain) is empty")
    domain = _domain(cells["source"])
    bias, factual = normalize_bias(cells["bias"]), cells["factual_reporting"] or None
    country = re.sub(r"\(\s*\d+/\d+ press freedom\s*\)", "", cells.get("country", "").lower())
    country = country.strip(" |")
    if country in ("", "unknown"):
        country = None
    else:
        country = "/".join(_COUNTRIES.get(p.strip(), p.strip().title()) for p in country.split("/"))
    return {
        "id": domain,
        "name": domain,
        "domains": [domain],
        "country": country,
        "ratings": [{"rater": MBFC, "bias": bias, "factual": factual}],
    }


def _baly(cells: dict, bias=normalize_bias) -> dict:
    domain = _domain(cells.get("source_url_normalized") or cells["source_url"])
    rating = {"rater": MBFC, "bias": bias(cells["bias"]), "factual": cells["fact"] or None}
    rating["url"] = cells["ref"] or None  # the MBFC page the label was taken from
    return {"id": domain, "name": domain, "domains": [domain], "ratings": [rating]}


def _baly_acl2020(cells: dict) -> dict:
    return _baly(cells, bias=lambda value: value or None)


def _state_media(cells: dict) -> dict:
    if not cells["url"]:
        raise RecordError("no URL")
    domain = _domain(cells["url"])
    code, company = cells["typology"], cells["media company"]
    ownership, meaning = TYPOLOGY.get(code.rstrip("?"), ("unknown", None))
    notes = []
    if code:
        uncertain = " (marked uncertain)" if code.endswith("?") else ""
        meaning = f"{meaning}{uncertain}" if meaning else "not a known code"
        notes.append(f"State Media Monitor typology {code}: {meaning}.")
    name = cells["main assets"] or company
    if company and company != name:
        notes.append(f"Media company: {company}.")
    return {
        "id": domain,
        "name": name or domain,
        "domains": [domain],
        "ownership": ownership,
        "country": _COUNTRIES.get(cells["country"].lower(), cells["country"]) or None,
        "notes": " ".join(notes) or None,
    }


def _own(cells: dict) -> dict:
    data = {key: cells.get(key) or None for key in ("id", "name", "ownership", "country", "notes")}
    data["domains"] = [d for d in (cells.get("domains") or "").split(";") if d.strip()]
    if cells.get("rater"):
        rating = {key: cells.get(key) or None for key in ("rater", "bias", "factual")}
        data["ratings"] = [{**rating, "url": cells.get("rating_url") or None}]
    return data
