// Every error kind has a reader-facing title and message.

import { test } from "node:test";
import assert from "node:assert/strict";
import { describeError, flattenFieldErrors } from "../src/lib/errors.js";

const cases = [
  ["empty", {}, /Select a sentence/],
  ["too_long", { length: 1200, limit: 1000 }, /1200 characters; the limit is 1000/],
  ["unreachable", { serviceUrl: "http://127.0.0.1:9" }, /Could not reach .*127\.0\.0\.1:9/],
  ["timeout", { serviceUrl: "http://s", timeoutMs: 300, attempts: 2 }, /within 300 ms, tried 2 times/],
  ["timeout", { serviceUrl: "http://s", timeoutMs: 8000, attempts: 2 }, /within 8 s, tried 2 times/],
  ["timeout", { serviceUrl: "http://s", timeoutMs: 2500 }, /within 2\.5 s/],
  ["rejected_key", { status: 401 }, /refused the API key \(HTTP 401\)/],
  ["no_permission", { serviceUrl: "https://v.example" }, /no permission to contact https:\/\/v\.example/],
  ["client", { status: 422, serviceMessage: "Invalid request." }, /^Invalid request\.$/],
  ["client", { status: 418 }, /HTTP 418/],
  ["server", { status: 500, serviceMessage: "boom" }, /HTTP 500: boom/],
  ["bad_response", {}, /not a Veracity response/],
  ["something-new", {}, /Unknown error/],
];

for (const [kind, info, pattern] of cases) {
  test(`describeError(${kind})`, () => {
    const described = describeError(kind, info);
    assert.equal(described.kind, kind);
    assert.ok(described.title);
    assert.match(described.message, pattern);
  });
}

test("field errors are flattened without the json level", () => {
  const errors = { json: { text: ["Length must be between 1 and 1000."], extra: ["Unknown field."] } };
  assert.deepEqual(flattenFieldErrors(errors), [
    "text: Length must be between 1 and 1000.",
    "extra: Unknown field.",
  ]);
  assert.deepEqual(flattenFieldErrors(undefined), []);
});
