// Reader-facing words for the service's codes.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  verdictLabel,
  tentativeText,
  formatConfidence,
  basisText,
  ownershipText,
  isStateOwnership,
  formatDate,
  quoteText,
} from "../src/lib/verdict.js";

const labels = [
  ["true", "True"],
  ["mostly-true", "Mostly true"],
  ["mixed", "Mixed"],
  ["mostly-false", "Mostly false"],
  ["false", "False"],
  ["unverified", "Unverified"],
];

for (const [label, text] of labels) {
  test(`verdict ${label} reads "${text}"`, () => {
    assert.equal(verdictLabel(label).text, text);
    assert.equal(verdictLabel(label).label, label);
  });
}

test("an unknown or inherited label falls back to unverified", () => {
  assert.equal(verdictLabel("pants-fire").label, "unverified");
  assert.equal(verdictLabel("toString").label, "unverified");
  assert.equal(verdictLabel(undefined).label, "unverified");
});

test("a rating the service is not confident of reads tentative, with the weak-match hint", () => {
  assert.deepEqual(tentativeText("false", false), {
    text: "Tentative",
    hint: "Weak match: check the evidence.",
  });
  assert.equal(tentativeText("mostly-true", false).text, "Tentative");
});

test("confident, missing (an older service) or non-boolean confident is not tentative", () => {
  assert.equal(tentativeText("false", true), null);
  assert.equal(tentativeText("false", undefined), null);
  assert.equal(tentativeText("false", null), null);
  assert.equal(tentativeText("false", "false"), null);
  assert.equal(tentativeText("false", 0), null);
});

test("unverified, or an unknown label shown as unverified, is never tentative", () => {
  assert.equal(tentativeText("unverified", false), null);
  assert.equal(tentativeText("pants-fire", false), null);
  assert.equal(tentativeText(undefined, false), null);
});

test("confidence is a rounded, clamped percentage", () => {
  assert.equal(formatConfidence(0.86), "86% confidence");
  assert.equal(formatConfidence(0.005), "1% confidence");
  assert.equal(formatConfidence(1.7), "100% confidence");
  assert.equal(formatConfidence(null), "");
  assert.equal(formatConfidence("x"), "");
});

test("basis, quote and ownership words", () => {
  assert.match(basisText("fact_check"), /fact-check/);
  assert.equal(basisText("weird"), "");
  assert.equal(quoteText("direct"), "direct quote");
  assert.equal(ownershipText("state-controlled"), "state-controlled");
  assert.equal(ownershipText(undefined), "ownership unknown");
  assert.equal(isStateOwnership("state-funded"), true);
  assert.equal(isStateOwnership("public"), false);
});

test("dates are written out; partial and odd dates survive", () => {
  assert.equal(formatDate("2025-06-20"), "20 Jun 2025");
  assert.equal(formatDate("2025-06"), "Jun 2025");
  assert.equal(formatDate("2025"), "2025");
  assert.equal(formatDate("last week"), "last week");
  assert.equal(formatDate(null), "");
});
