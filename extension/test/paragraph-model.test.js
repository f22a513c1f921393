// A paragraph's card: the matching sentences with their verdicts, the rest counted and folded.

import { test } from "node:test";
import assert from "node:assert/strict";
import { buildParagraphModel, hasMatch, sourceLine, withReport } from "../src/lib/paragraph-model.js";
import { buildCardModel } from "../src/lib/card-model.js";
import { batchResponse, matsegoraResponse, unverifiedResponse } from "./fixtures/responses.js";

const SHARED = { url: "https://news.example/story", date: "2025-06-21", context: null };

const MATCHES = [
  ["a rating", { verdict: { label: "mixed" }, evidence: [] }, true],
  [
    "unverified with a matching record",
    { verdict: { label: "unverified" }, evidence: [{ match: "matching" }] },
    true,
  ],
  [
    "unverified, only related records",
    { verdict: { label: "unverified" }, evidence: [{ match: "related" }] },
    false,
  ],
  ["nothing at all", {}, false],
  ["evidence that is not a list", { verdict: { label: "unverified" }, evidence: "matching" }, false],
];

for (const [name, response, expected] of MATCHES) {
  test(`hasMatch: ${name}`, () => assert.equal(hasMatch(response), expected));
}

test("several sentences: the matching ones listed with verdict and source, the rest folded", () => {
  const model = buildParagraphModel(batchResponse(), SHARED);
  assert.equal(model.kind, "paragraph");
  assert.equal(model.sentences, 3);
  assert.equal(model.summary, "1 of 3 sentences match something on record.");
  assert.deepEqual(model.matched, [
    {
      text: "Russia and North Korea are the closest of countries",
      verdict: {
        label: "true",
        text: "True",
        symbol: "✓",
        tentative: false,
        tentativeText: "",
        tentativeHint: "",
        confidence: "86% confidence",
      },
      line: "Alexandr Matsegora · 20 Jun 2025 · Korea JoongAng Daily, Korean Central News Agency (KCNA)",
      report: { text: "Russia and North Korea are the closest of countries", ...SHARED },
    },
  ]);
  assert.deepEqual(model.unmatched, ["A military band played folk songs.", "Waiters served cold noodles."]);
  assert.equal(model.foldText, "2 more sentences with no match");
});

test("a tentative rating keeps its mark in the list", () => {
  const batch = batchResponse();
  batch.results[0].verdict = { ...batch.results[0].verdict, confident: false, confidence: 0.4 };
  const [sentence] = buildParagraphModel(batch, SHARED).matched;
  assert.equal(sentence.verdict.tentative, true);
  assert.equal(sentence.verdict.tentativeText, "Tentative");
  assert.equal(sentence.verdict.confidence, "40% confidence");
});

test("no sentence matches: every one folded, the summary says so", () => {
  const batch = batchResponse();
  batch.results[0] = unverifiedResponse();
  const model = buildParagraphModel(batch, SHARED);
  assert.deepEqual(model.matched, []);
  assert.equal(model.summary, "None of the 3 sentences matches anything on record.");
  assert.equal(model.foldText, "3 sentences with no match");
});

test("one sentence back from the service is the ordinary card, with its report request", () => {
  const model = buildParagraphModel({ results: [matsegoraResponse()], sentences: 1 }, SHARED);
  assert.deepEqual(model, withReport(buildCardModel(matsegoraResponse()), SHARED));
  assert.equal(model.kind, "result");
  assert.deepEqual(model.report, { text: "Russia and North Korea are the closest of countries", ...SHARED });
});

test("the report request falls back to the checked text when the answer has no query", () => {
  const response = { ...matsegoraResponse(), query: {} };
  const model = withReport(buildCardModel(response), { text: "the selection", ...SHARED });
  assert.equal(model.report.text, "the selection");
});

test("a fact-check's line names its reviewer and rating", () => {
  const [item] = buildCardModel(unverifiedResponse(), { maxEvidence: 0 }).related;
  assert.equal(sourceLine(item), "PolitiFact · rated “pants-fire” · 30 Oct 2019");
  assert.equal(sourceLine(undefined), "");
});
