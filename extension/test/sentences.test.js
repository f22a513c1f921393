// The client's sentence count, which only picks /v1/check or /v1/check/batch.

import { test } from "node:test";
import assert from "node:assert/strict";
import { countSentences, isParagraph } from "../src/lib/sentences.js";

const PARAGRAPH =
  "“Russia and North Korea are the closest of countries,” Russian Ambassador Alexandr Matsegora " +
  "told the guests. A military band played folk songs in the hotel courtyard until late in the evening. " +
  "Foreign Minister Choe Son-hui said relations between North Korea and Russia are at the level of a " +
  "“most solid, invincible alliance.” Heavy rain delayed the arrival of several delegations from the " +
  "provinces. Waiters served cold noodles and grilled fish on the terrace.";

const CASES = [
  ["", 0],
  ["  … ” ", 0],
  ["Russia and North Korea are the closest of countries", 1],
  ["“Russia and North Korea are the closest of countries,” Matsegora told the guests.", 1],
  ["It grew 3.5 percent in 2024.", 1],
  ["Trade grew. Prices fell!", 2],
  [PARAGRAPH, 5],
];

for (const [text, count] of CASES) {
  test(`${count} sentence(s): ${JSON.stringify(text.slice(0, 40))}`, () => {
    assert.equal(countSentences(text), count);
    assert.equal(isParagraph(text), count > 1);
  });
}
