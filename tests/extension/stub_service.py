"""A stand-in Veracity service answering in the docs/api.md shapes, with switchable failures.

Used when `service.app` is not importable, and for error paths the real service cannot be
made to show on demand (a slow answer, a rejected key, a chosen 4xx).
"""

from __future__ import annotations

import re
import time

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from tests.extension.records import CHOE, MATSEGORA, RECORDS
from tests.extension.stub_report import report_json, report_markdown, split_sentences

STATUS_TEXT = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
}

OUTLETS = {
    "joongang-daily": {
        "id": "joongang-daily",
        "name": "Korea JoongAng Daily",
        "domains": ["koreajoongangdaily.joins.com"],
        "ownership": "private",
        "country": "South Korea",
        "ratings": [],
    },
    "yonhap": {
        "id": "yonhap",
        "name": "Yonhap News Agency",
        "domains": ["en.yna.co.kr"],
        "ownership": "public",
        "country": "South Korea",
        "ratings": [],
    },
    "kcna": {
        "id": "kcna",
        "name": "Korean Central News Agency (KCNA)",
        "domains": ["kcna.kp"],
        "ownership": "state-controlled",
        "country": "North Korea",
        "ratings": [],
    },
}

SEED = [
    {
        "kind": "statement",
        "text": "Russia and North Korea are the closest of countries.",
        "speaker": MATSEGORA,
        "date": "2025-06-20",
        "event": "Reception marking the first anniversary of the Comprehensive Strategic "
        "Partnership treaty between North Korea and Russia",
        "language": "en",
        "quote": "direct",
        "outlets": [{"id": "joongang-daily", "url": None, "via": None}],
        "external_id": "seed-matsegora-2025-06-20",
    },
    {
        "kind": "statement",
        "text": "Relations between North Korea and Russia are at the level of a "
        '"most solid, invincible alliance."',
        "speaker": CHOE,
        "date": "2025-06-20",
        "event": "Reception marking the first anniversary of the Comprehensive Strategic "
        "Partnership treaty between North Korea and Russia",
        "language": "en",
        "quote": "partial",
        "outlets": [
            {"id": "yonhap", "url": None, "via": "kcna"},
            {"id": "kcna", "url": None, "via": None},
        ],
        "external_id": "seed-choe-2025-06-20-alliance",
    },
]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _profile(outlet: dict | None) -> dict | None:
    if outlet is None:
        return None
    profile = {k: v for k, v in outlet.items() if k != "kind"}
    profile["rated"] = bool(profile.get("ratings"))
    return profile


def _error(status: int, message: str, errors: dict | None = None):
    body = {"code": status, "status": STATUS_TEXT.get(status, "Error"), "message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), status


class StubService:
    """Records requests; `delay`, `fail` and `api_keys` switch on the failure modes."""

    def __init__(self, *, delay: float = 0.0, fail: tuple[int, dict] | None = None, api_keys=()):
        self.delay = delay
        self.fail = fail
        self.api_keys = set(api_keys)
        self.requests: list[dict] = []
        self.outlets = dict(OUTLETS)
        self.statements = list(SEED)
        self.add_records(RECORDS)

    def add_records(self, records: list[dict]) -> None:
        for record in records:
            if record.get("kind") == "outlet":
                self.outlets[record["id"]] = record
            else:
                self.statements.append(record)

    def check(self, text: str, url: str | None) -> dict:
        query = _words(text)

        # How much of a stored statement the selection contains: a quote plus attribution
        # still matches the bare quote.
        def score(statement):
            words = _words(statement["text"])
            return len(query & words) / max(len(words), 1)

        ranked = sorted(self.statements, key=score, reverse=True)
        matching = [s for s in ranked if score(s) >= 0.6]
        related = [s for s in ranked if 0.2 <= score(s) < 0.6]
        evidence = [self._evidence(s, score(s), "matching") for s in matching]
        evidence += [self._evidence(s, score(s), "related") for s in related][: 5 - len(evidence)]
        context = self._notes(matching)
        if matching:
            speaker = matching[0]["speaker"]["name"]
            verdict = {
                "label": "true",
                "rating": 5,
                "confidence": 0.86,
                "basis": "attribution",
                "explanation": f"{speaker} said this on {matching[0]['date']}.",
            }
        else:
            verdict = {
                "label": "unverified",
                "rating": None,
                "confidence": 0.2,
                "basis": "none",
                "explanation": "Nothing stored matches this claim closely enough.",
            }
            message = "No stored statement matches this claim."
            context.append({"code": "no_match", "subject": None, "message": message})
        return {
            "query": {"text": text, "claim_type": "attribution"},
            "verdict": verdict,
            "evidence": evidence,
            "context": context,
            "page_outlet": None,
            "took_ms": 1.0,
        }

    def _evidence(self, statement: dict, score: float, match: str) -> dict:
        item = {k: v for k, v in statement.items() if k != "kind"}
        item.update(
            id=statement.get("external_id"),
            kind="statement",
            match=match,
            stance="supports" if match == "matching" else "unclear",
            score=round(score, 4),
            rating=None,
            outlets=[
                {**ref, "profile": _profile(self.outlets.get(ref["id"]))}
                for ref in statement["outlets"]
            ],
        )
        return item

    def _notes(self, matching: list[dict]) -> list[dict]:
        notes, seen = [], set()
        for statement in matching:
            for ref in statement["outlets"]:
                outlet = self.outlets.get(ref["id"])
                if not outlet or outlet["id"] in seen:
                    continue
                seen.add(outlet["id"])
                if outlet["ownership"] == "state-controlled":
                    code = "state_controlled_outlet"
                    message = f"{outlet['name']} is state-controlled ({outlet['country']})."
                elif not outlet.get("ratings"):
                    code = "unrated_outlet"
                    message = f"{outlet['name']} has no rating from an independent rater."
                else:
                    continue
                notes.append({"code": code, "subject": outlet["id"], "message": message})
        # Like the real service: the most telling notes first.
        return sorted(notes, key=lambda note: note["code"] != "state_controlled_outlet")

    def create_app(self) -> Flask:
        app = Flask("veracity-stub")

        @app.before_request
        def gate():
            body = request.get_json(silent=True)
            self.requests.append(
                {"path": request.path, "headers": dict(request.headers), "json": body}
            )
            if self.delay:
                time.sleep(self.delay)
            if self.fail:
                status, body = self.fail
                return jsonify(body), status
            if self.api_keys and request.headers.get("X-API-Key") not in self.api_keys:
                return _error(401, "Missing or invalid API key.")
            return None

        @app.post("/v1/check")
        def check():
            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                return _error(400, "The body must be a JSON object.")
            unknown = set(body) - {"text", "url", "top_k", "date", "context"}
            text = str(body.get("text", "")).strip()
            if unknown or not 1 <= len(text) <= 1000:
                errors = {k: ["Unknown field."] for k in unknown}
                if not 1 <= len(text) <= 1000:
                    errors["text"] = ["Length must be between 1 and 1000."]
                return _error(422, "Invalid request.", {"json": errors})
            return jsonify(self.check(text, body.get("url")))

        @app.post("/v1/check/batch")
        def check_batch():
            body = request.get_json(silent=True)
            if not isinstance(body, dict) or ("paragraph" in body) == ("texts" in body):
                errors = {"json": {"paragraph": ["Give a paragraph or texts."]}}
                return _error(422, "Invalid request.", errors)
            texts = body.get("texts") or split_sentences(str(body["paragraph"]))
            if not 1 <= len(texts) <= 20:
                return _error(422, f"{len(texts)} sentences; at most 20 are checked at once.")
            results = [self.check(str(text), body.get("url")) for text in texts]
            return jsonify({"results": results, "sentences": len(results)})

        @app.post("/v1/report")
        def report():
            body = request.get_json(silent=True)
            if not isinstance(body, dict) or not str(body.get("text", "")).strip():
                return _error(422, "Invalid request.", {"json": {"text": ["Missing data."]}})
            checked = self.check(str(body["text"]).strip(), body.get("url"))
            if body.get("format", request.args.get("format")) == "md":
                markdown = {"Content-Type": "text/markdown; charset=utf-8"}
                return report_markdown(checked), 200, markdown
            return jsonify(report_json(checked))

        @app.get("/v1/outlets/<domain>")
        def outlet(domain):
            for candidate in self.outlets.values():
                if domain in candidate.get("domains", []):
                    return jsonify(_profile(candidate))
            return _error(404, f"No outlet profile for {domain}.")

        @app.get("/healthz")
        def healthz():
            return jsonify({"status": "ok", "statements": len(self.statements), "model": "stub"})

        @app.errorhandler(HTTPException)
        def http_error(exc):
            return _error(exc.code, exc.description)

        return app
