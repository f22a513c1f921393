// Recent checks: newest first, no duplicates, capped, stored locally.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  addToHistory,
  historyEntry,
  recordCheck,
  loadHistory,
  formatAge,
  HISTORY_LIMIT,
} from "../src/lib/history.js";

const verdict = { label: "true", text: "True" };

function memoryStorage() {
  const data = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => Object.assign(data, structuredClone(items)),
  };
}

test("entries keep only what the popup shows", () => {
  const entry = historyEntry({ text: "a".repeat(300), url: "https://x.example/", verdict, at: 5 });
  assert.deepEqual(Object.keys(entry).sort(), ["at", "label", "text", "url", "verdict"]);
  assert.equal(entry.text.length, 200);
});

test("newest first, a repeated text moves to the top, capped", () => {
  let history = [];
  for (let i = 0; i < HISTORY_LIMIT + 3; i += 1)
    history = addToHistory(history, historyEntry({ text: `t${i}`, verdict, at: i }));
  assert.equal(history.length, HISTORY_LIMIT);
  assert.equal(history[0].text, `t${HISTORY_LIMIT + 2}`);
  history = addToHistory(history, historyEntry({ text: "t5", verdict, at: 99 }));
  assert.equal(history[0].text, "t5");
  assert.equal(history.filter((item) => item.text === "t5").length, 1);
});

test("recordCheck round-trips through storage", async () => {
  const storage = memoryStorage();
  assert.deepEqual(await loadHistory(storage), []);
  await recordCheck(storage, historyEntry({ text: "one", verdict, at: 1 }));
  await recordCheck(storage, historyEntry({ text: "two", verdict, at: 2 }));
  assert.deepEqual(
    (await loadHistory(storage)).map((item) => item.text),
    ["two", "one"],
  );
});

test("formatAge", () => {
  const now = Date.UTC(2025, 5, 20, 12, 0, 0);
  assert.equal(formatAge(now - 10_000, now), "just now");
  assert.equal(formatAge(now - 5 * 60_000, now), "5 min ago");
  assert.equal(formatAge(now - 3 * 3600_000, now), "3 h ago");
  assert.equal(formatAge(now - 3 * 86400_000, now), "2025-06-17");
});
