// The HTTP client: headers, timeout with one retry, and the error kinds.

import { test } from "node:test";
import assert from "node:assert/strict";
import { checkClaim, checkParagraph, getReport, getOutlet, getHealth, requestJson } from "../src/lib/api.js";
import { batchResponse, matsegoraResponse, reportResponse } from "./fixtures/responses.js";

const settings = { serviceUrl: "http://127.0.0.1:8000", apiKey: "", timeoutMs: 50 };

function jsonResponse(status, body) {
  return new Response(body === undefined ? "not json" : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

/** A fetch stub that records calls and answers from a list of handlers, one per call. */
function stubFetch(...answers) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, init, body: init.body ? JSON.parse(init.body) : undefined });
    const answer = answers[Math.min(calls.length, answers.length) - 1];
    return answer(init);
  };
  return { calls, fetchImpl };
}

const hang = (init) =>
  new Promise((_resolve, reject) => {
    init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
  });

test("check sends only text and url, as JSON, without an API key by default", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(200, matsegoraResponse()));
  const result = await checkClaim(settings, { text: "claim", url: "https://news.example/a" }, { fetchImpl });
  assert.equal(result.verdict.label, "true");
  assert.equal(calls.length, 1);
  assert.equal(calls[0].url, "http://127.0.0.1:8000/v1/check");
  assert.equal(calls[0].init.method, "POST");
  assert.deepEqual(calls[0].body, { text: "claim", url: "https://news.example/a" });
  assert.equal(calls[0].init.headers["Content-Type"], "application/json");
  assert.equal("X-API-Key" in calls[0].init.headers, false);
  assert.equal(calls[0].init.credentials, "omit");
});

test("the url and the date are left out when there are none", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(200, matsegoraResponse()));
  await checkClaim(settings, { text: "claim", url: null, date: null }, { fetchImpl });
  assert.deepEqual(calls[0].body, { text: "claim" });
});

test("the page's publication day goes as date", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(200, matsegoraResponse()));
  const check = { text: "claim", url: "https://news.example/a", date: "2016-09-27" };
  await checkClaim(settings, check, { fetchImpl });
  assert.deepEqual(calls[0].body, { text: "claim", url: "https://news.example/a", date: "2016-09-27" });
});

test("the selection's surroundings go as context", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(200, matsegoraResponse()));
  const context = { before: "", after: "the ambassador said." };
  await checkClaim(settings, { text: "claim", url: null, date: null, context }, { fetchImpl });
  assert.deepEqual(calls[0].body, { text: "claim", context });
});

test("the API key goes in X-API-Key", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(200, matsegoraResponse()));
  await checkClaim({ ...settings, apiKey: "s3cret" }, { text: "claim" }, { fetchImpl });
  assert.equal(calls[0].init.headers["X-API-Key"], "s3cret");
});

test("a timeout is retried once, then reported as timeout", async () => {
  const { calls, fetchImpl } = stubFetch(hang);
  await assert.rejects(checkClaim(settings, { text: "claim" }, { fetchImpl }), {
    kind: "timeout",
    attempts: 2,
  });
  assert.equal(calls.length, 2);
});

test("a timeout followed by an answer succeeds", async () => {
  const { calls, fetchImpl } = stubFetch(hang, () => jsonResponse(200, matsegoraResponse()));
  const result = await checkClaim(settings, { text: "claim" }, { fetchImpl });
  assert.equal(result.verdict.label, "true");
  assert.equal(calls.length, 2);
});

test("an unreachable service is retried once, then reported", async () => {
  const { calls, fetchImpl } = stubFetch(() => Promise.reject(new TypeError("Failed to fetch")));
  await assert.rejects(checkClaim(settings, { text: "claim" }, { fetchImpl }), { kind: "unreachable" });
  assert.equal(calls.length, 2);
});

test("a 4xx is not retried and carries the service's message and field errors", async () => {
  const body = {
    code: 422,
    status: "Unprocessable Entity",
    message: "Invalid request.",
    errors: { json: { text: ["Too long."] } },
  };
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(422, body));
  await assert.rejects(checkClaim(settings, { text: "claim" }, { fetchImpl }), {
    kind: "client",
    status: 422,
    serviceMessage: "Invalid request.",
    details: ["text: Too long."],
  });
  assert.equal(calls.length, 1);
});

for (const status of [401, 403]) {
  test(`HTTP ${status} means the API key was rejected`, async () => {
    const { fetchImpl } = stubFetch(() => jsonResponse(status, { code: status, message: "Bad key." }));
    await assert.rejects(checkClaim(settings, { text: "claim" }, { fetchImpl }), {
      kind: "rejected_key",
      status,
    });
  });
}

test("a 503 is retried once; a 500 is not", async () => {
  const gateway = stubFetch(() => jsonResponse(503, { code: 503, message: "Loading." }));
  await assert.rejects(requestJson(settings, "GET", "/x", undefined, { fetchImpl: gateway.fetchImpl }), {
    kind: "server",
  });
  assert.equal(gateway.calls.length, 2);
  const broken = stubFetch(() => jsonResponse(500, { code: 500, message: "Boom." }));
  await assert.rejects(requestJson(settings, "GET", "/x", undefined, { fetchImpl: broken.fetchImpl }), {
    kind: "server",
    serviceMessage: "Boom.",
  });
  assert.equal(broken.calls.length, 1);
});

test("a 200 that is not a check response is a bad response", async () => {
  const html = stubFetch(() => jsonResponse(200, undefined));
  await assert.rejects(checkClaim(settings, { text: "c" }, { fetchImpl: html.fetchImpl }), {
    kind: "bad_response",
  });
  const other = stubFetch(() => jsonResponse(200, { hello: "world" }));
  await assert.rejects(checkClaim(settings, { text: "c" }, { fetchImpl: other.fetchImpl }), {
    kind: "bad_response",
  });
});

test("an unknown outlet is null; the domain is escaped into the path", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(404, { code: 404, message: "Unknown outlet." }));
  assert.equal(await getOutlet(settings, "evil.example/../x", { fetchImpl }), null);
  assert.equal(calls[0].url, "http://127.0.0.1:8000/v1/outlets/evil.example%2F..%2Fx");
});

test("health is asked once, without retry", async () => {
  const { calls, fetchImpl } = stubFetch(hang);
  await assert.rejects(getHealth(settings, { fetchImpl }), { kind: "timeout" });
  assert.equal(calls.length, 1);
});

test("a paragraph goes whole to /v1/check/batch with the shared fields", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(200, batchResponse()));
  const context = { before: "", after: "Analysts said." };
  const check = { text: "One. Two. Three.", url: "https://news.example/a", date: "2025-06-21", context };
  const batch = await checkParagraph(settings, check, { fetchImpl });
  assert.equal(batch.results.length, 3);
  assert.equal(calls[0].url, "http://127.0.0.1:8000/v1/check/batch");
  assert.deepEqual(calls[0].body, {
    paragraph: "One. Two. Three.",
    url: "https://news.example/a",
    date: "2025-06-21",
    context,
  });
});

const BAD_BATCHES = [
  ["no results", { sentences: 0 }],
  ["empty results", { results: [], sentences: 0 }],
  ["a result without a verdict", { results: [{ query: { text: "x" } }], sentences: 1 }],
];

for (const [name, body] of BAD_BATCHES) {
  test(`a batch answer with ${name} is a bad response`, async () => {
    const { fetchImpl } = stubFetch(() => jsonResponse(200, body));
    await assert.rejects(checkParagraph(settings, { text: "A. B." }, { fetchImpl }), {
      kind: "bad_response",
    });
  });
}

test("the batch's 422 (too many sentences) carries the service's message", async () => {
  const body = { code: 422, message: "The paragraph has 23 sentences; at most 20 are checked at once." };
  const { fetchImpl } = stubFetch(() => jsonResponse(422, body));
  await assert.rejects(checkParagraph(settings, { text: "A. B." }, { fetchImpl }), {
    kind: "client",
    serviceMessage: body.message,
  });
});

test("the report as JSON: POST /v1/report with format json", async () => {
  const { calls, fetchImpl } = stubFetch(() => jsonResponse(200, reportResponse()));
  const report = await getReport(settings, { text: "claim", date: "2025-06-21" }, "json", { fetchImpl });
  assert.equal(report.sections[0].heading, "What we know");
  assert.equal(calls[0].url, "http://127.0.0.1:8000/v1/report");
  assert.deepEqual(calls[0].body, { text: "claim", format: "json", date: "2025-06-21" });
  assert.equal(calls[0].init.headers.Accept, "application/json");
});

test("the report as Markdown comes back as text", async () => {
  const markdown = "# Fact check: “claim”\n\n## What we know\n";
  const { calls, fetchImpl } = stubFetch(
    () => new Response(markdown, { status: 200, headers: { "Content-Type": "text/markdown" } }),
  );
  assert.equal(await getReport(settings, { text: "claim" }, "md", { fetchImpl }), markdown);
  assert.deepEqual(calls[0].body, { text: "claim", format: "md" });
  assert.equal(calls[0].init.headers.Accept, "text/markdown");
});

test("a failed Markdown report still reads the JSON error", async () => {
  const { fetchImpl } = stubFetch(() => jsonResponse(422, { code: 422, message: "Invalid request." }));
  await assert.rejects(getReport(settings, { text: "claim" }, "md", { fetchImpl }), {
    kind: "client",
    serviceMessage: "Invalid request.",
  });
});

test("a report answer without sections is a bad response; an unknown format is a bug", async () => {
  const { fetchImpl } = stubFetch(() => jsonResponse(200, { title: "x" }));
  await assert.rejects(getReport(settings, { text: "claim" }, "json", { fetchImpl }), {
    kind: "bad_response",
  });
  await assert.rejects(
    getReport(settings, { text: "claim" }, "constructor", { fetchImpl }),
    /unknown report format/,
  );
});
