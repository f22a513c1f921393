// The selection is checked before anything is sent.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  validateSelection,
  cleanSelection,
  pageUrlForCheck,
  pageDateForCheck,
  contextForCheck,
  CONTEXT_CHARS,
  MAX_SELECTION_CHARS,
} from "../src/lib/selection.js";

test("whitespace is collapsed", () => {
  assert.equal(cleanSelection("  Russia and\n\n North   Korea\t"), "Russia and North Korea");
});

test("empty and whitespace-only selections are refused", () => {
  for (const text of ["", "   \n\t", null, undefined]) {
    assert.deepEqual(validateSelection(text), { ok: false, kind: "empty", length: 0 });
  }
});

test("the limit is inclusive and counted in code points", () => {
  assert.equal(MAX_SELECTION_CHARS, 1000);
  assert.equal(validateSelection("a".repeat(1000)).ok, true);
  assert.deepEqual(validateSelection("a".repeat(1001)), { ok: false, kind: "too_long", length: 1001 });
  assert.equal(validateSelection("😀".repeat(1000)).ok, true);
});

test("pageUrlForCheck keeps http(s) without the fragment", () => {
  assert.equal(pageUrlForCheck("https://news.example/a?b=1#c"), "https://news.example/a?b=1");
  assert.equal(pageUrlForCheck("file:///home/me/a.html"), null);
  assert.equal(pageUrlForCheck("chrome://settings"), null);
  assert.equal(pageUrlForCheck(undefined), null);
});

test("pageDateForCheck keeps the day of an ISO date and drops anything else", () => {
  const cases = [
    ["2016-09-27T01:30:00Z", "2016-09-27"],
    ["2016-09-27", "2016-09-27"],
    [" 2016-09-27 10:00 ", "2016-09-27"],
    ["2016-02-30", null],
    ["2016-13-01", null],
    ["27/09/2016", null],
    ["September 27, 2016", null],
    ["2016-09-27junk", null],
    ["", null],
    [null, null],
    [undefined, null],
  ];
  for (const [value, expected] of cases) assert.equal(pageDateForCheck(value), expected, String(value));
});

test("contextForCheck keeps the nearest words each side, or nothing", () => {
  assert.deepEqual(contextForCheck({ before: "  He said\n it ", after: " Then he left. " }), {
    before: "He said it",
    after: "Then he left.",
  });
  // A side that is only punctuation (the quote mark around a selected quotation) is dropped.
  assert.deepEqual(contextForCheck({ before: "“", after: ",” the ambassador said." }), {
    before: "",
    after: ",” the ambassador said.",
  });
  assert.equal(contextForCheck({ before: " “ ", after: "." }), null);
  assert.equal(contextForCheck(null), null);
  assert.equal(contextForCheck(undefined), null);
});

test("contextForCheck sends at most CONTEXT_CHARS code points each side, nearest first", () => {
  const far = "far ".repeat(200);
  const sent = contextForCheck({ before: `${far}near end`, after: `near start ${far}` });
  assert.equal([...sent.before].length, CONTEXT_CHARS);
  assert.ok(sent.before.endsWith("near end"));
  assert.ok(sent.after.startsWith("near start"));
  assert.equal([...sent.after].length, CONTEXT_CHARS);
  // Emoji count once and are never cut in half.
  const emoji = contextForCheck({ before: "ok 😀 ".repeat(CONTEXT_CHARS), after: "" });
  assert.equal([...emoji.before].length, CONTEXT_CHARS);
  assert.doesNotMatch(emoji.before, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
});
