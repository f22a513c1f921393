// The report page's model: the contract's sections and footnotes, strings as given, safe links.

import { test } from "node:test";
import assert from "node:assert/strict";
import { buildReportModel, generatedText } from "../src/lib/report-model.js";
import { reportResponse, XSS_IMG, XSS_SCRIPT } from "./fixtures/responses.js";

test("title, claim and verdict", () => {
  const model = buildReportModel(reportResponse());
  assert.equal(model.title, "Fact check: “Russia and North Korea are the closest of countries”");
  assert.equal(model.claim, "Russia and North Korea are the closest of countries");
  assert.deepEqual(model.verdict, {
    label: "true",
    text: "True",
    symbol: "✓",
    tentative: false,
    tentativeText: "",
    confidence: "86% confidence",
    explanation: "Two officials said so.",
  });
  assert.equal(model.generated, "Generated 2026-12-03 07:40 UTC");
});

test("sections keep their order; empty ones and blank paragraphs are dropped", () => {
  const { sections } = buildReportModel(reportResponse());
  assert.deepEqual(
    sections.map((section) => section.heading),
    ["What we know", "Analysis", "Conclusion"],
  );
  assert.deepEqual(sections[0].paragraphs, [
    { text: "On 20 June 2025, Alexandr Matsegora said it.", refs: [1] },
  ]);
  assert.equal(sections[1].paragraphs[0].text, `KCNA is state-run. ${XSS_IMG}`, "markup stays text");
});

test("references: numbered, labelled, and linked only to http(s)", () => {
  const { references } = buildReportModel(reportResponse());
  assert.deepEqual(references, [
    {
      n: 1,
      kind: "statement",
      label: "Alexandr Matsegora, 2025-06-20, Korea JoongAng Daily",
      id: "3f1c9a",
      href: "https://koreajoongangdaily.joins.com/news/2025-06-20/matsegora",
    },
    { n: 2, kind: "outlet", label: XSS_SCRIPT, id: "kcna", href: null },
  ]);
});

test("a report with nothing usable still has a title and an unverified verdict", () => {
  const model = buildReportModel({
    claim: "x",
    verdict: { label: "bogus" },
    sections: "no",
    references: [{}],
  });
  assert.equal(model.title, "Fact check: “x”");
  assert.equal(model.verdict.label, "unverified");
  assert.deepEqual(model.sections, []);
  assert.deepEqual(model.references, []);
  assert.equal(model.generated, "");
});

test("generated time: ISO in, minutes in UTC out", () => {
  assert.equal(generatedText("2026-12-03T09:40:12+02:00"), "Generated 2026-12-03 07:40 UTC");
  assert.equal(generatedText("yesterday"), "");
  assert.equal(generatedText(null), "");
});
