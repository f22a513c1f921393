// Only absolute http(s) URLs may become links.

import { test } from "node:test";
import assert from "node:assert/strict";
import { safeHttpUrl, toLink, displayHost } from "../src/lib/safe-url.js";

const cases = [
  ["https://example.org/a?b=1", "https://example.org/a?b=1"],
  ["http://example.org", "http://example.org/"],
  ["  HTTPS://Example.org/x  ", "https://example.org/x"],
  ["javascript:alert(1)", null],
  ["JaVaScRiPt:alert(1)", null],
  ["data:text/html,<b>x</b>", null],
  ["//example.org/path", null],
  ["/relative/path", null],
  ["ftp://example.org/file", null],
  ["https://user:pass@example.org/", null],
  ["https://", null],
  ["", null],
  [null, null],
  [42, null],
];

for (const [input, expected] of cases) {
  test(`safeHttpUrl(${JSON.stringify(input)})`, () => {
    assert.equal(safeHttpUrl(input), expected);
  });
}

test("toLink keeps unsafe values as text without an href", () => {
  assert.deepEqual(toLink("KCNA", "javascript:alert(1)"), { text: "KCNA", href: null });
  assert.deepEqual(toLink("", "https://a.example/"), {
    text: "https://a.example/",
    href: "https://a.example/",
  });
});

test("displayHost drops www", () => {
  assert.equal(displayHost("https://www.bbc.co.uk/news"), "bbc.co.uk");
  assert.equal(displayHost("not a url"), "");
});
