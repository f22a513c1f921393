// The report page's address carries the claim; every field is checked on the way in and out.

import { test } from "node:test";
import assert from "node:assert/strict";
import { reportRequest, reportQuery, requestFromQuery } from "../src/lib/report-request.js";

const FULL = {
  text: "Russia and North Korea are the closest of countries",
  url: "https://news.example/story",
  date: "2025-06-21",
  context: { before: "At the reception,", after: "the ambassador said." },
};

test("a request survives the trip through the page's address", () => {
  const query = reportQuery(FULL);
  assert.match(query, /^text=Russia\+and\+North/);
  assert.deepEqual(requestFromQuery(`?${query}`), FULL);
});

test("only the fields there are travel", () => {
  const bare = { text: "claim", url: null, date: null, context: null };
  assert.equal(reportQuery(bare), "text=claim");
  assert.deepEqual(requestFromQuery("?text=claim"), bare);
});

const BAD = [
  ["no text", {}, null],
  ["blank text", { text: "   " }, null],
  ["too long", { text: "word ".repeat(300) }, null],
];

for (const [name, request, expected] of BAD) {
  test(`refused: ${name}`, () => assert.equal(reportRequest(request), expected));
}

test("unsafe or malformed parts are dropped, the claim kept", () => {
  const request = reportRequest({
    text: "  a\n claim ",
    url: "javascript:alert(1)",
    date: "2025-02-30",
    context: { before: "”", after: "" },
  });
  assert.deepEqual(request, { text: "a claim", url: null, date: null, context: null });
});
