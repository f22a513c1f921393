// The real background.js under a stub chrome: listeners, menu, and the check flow end to end.

import { test, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createChromeStub, shownModels } from "./fixtures/chrome-stub.js";
import { batchResponse, matsegoraResponse, reportResponse } from "./fixtures/responses.js";

let fetchCalls;
const realFetch = globalThis.fetch;

function useFetch(answer) {
  fetchCalls = [];
  globalThis.fetch = async (url, init) => {
    fetchCalls.push({ url, init, body: init.body && JSON.parse(init.body) });
    return answer(url, init);
  };
}

const ok = () => new Response(JSON.stringify(matsegoraResponse()), { status: 200 });

// background.js registers its listeners once, at import: load it under the first stub.
globalThis.chrome = createChromeStub();
await import("../src/background.js");
const listeners = {
  installed: globalThis.chrome.runtime.onInstalled.listeners,
  menu: globalThis.chrome.contextMenus.onClicked.listeners,
  command: globalThis.chrome.commands.onCommand.listeners,
  message: globalThis.chrome.runtime.onMessage.listeners,
};

beforeEach(() => useFetch(ok));
afterEach(() => {
  globalThis.fetch = realFetch;
});

test("every listener is registered at top level and the handlers are exposed", () => {
  for (const [name, list] of Object.entries(listeners)) assert.equal(list.length, 1, name);
  for (const name of ["checkSelectionInTab", "handleMenuClick", "handleCommand", "handleMessage"]) {
    assert.equal(typeof globalThis.veracity[name], "function", name);
  }
});

test("install creates the selection context-menu item", () => {
  listeners.installed[0]({ reason: "install" });
  assert.deepEqual(globalThis.chrome.calls.menus, [
    { id: "veracity-check", title: "Check with Veracity", contexts: ["selection"] },
  ]);
});

test("the shortcut checks the selection: inject, loading, result, history", async () => {
  globalThis.chrome = createChromeStub({
    selection: "  Russia and North Korea\n are the closest of countries ",
  });
  const result = await globalThis.veracity.handleCommand("check-selection", { id: 3 });
  assert.deepEqual(result, { status: "result", verdict: "true" });
  assert.deepEqual(globalThis.chrome.calls.injected[0].files, [
    "content/card-style.js",
    "content/card-parts.js",
    "content/card-paragraph.js",
    "content/card-view.js",
    "content/content.js",
  ]);
  assert.deepEqual(
    shownModels(globalThis.chrome).map((model) => model.kind),
    ["loading", "result"],
  );
  assert.equal(fetchCalls.length, 1);
  assert.equal(fetchCalls[0].url, "http://127.0.0.1:8000/v1/check");
  assert.deepEqual(fetchCalls[0].body, {
    text: "Russia and North Korea are the closest of countries",
    url: "https://news.example/story",
  });
  const history = globalThis.chrome.storageData.history;
  assert.equal(history.length, 1);
  assert.equal(history[0].label, "true");
});

test("stored settings decide the URL and the key", async () => {
  globalThis.chrome = createChromeStub({ selection: "claim" });
  await globalThis.chrome.storage.local.set({ serviceUrl: "http://localhost:5000/", apiKey: "k1" });
  await globalThis.veracity.checkSelectionInTab(3);
  assert.equal(fetchCalls[0].url, "http://localhost:5000/v1/check");
  assert.equal(fetchCalls[0].init.headers["X-API-Key"], "k1");
});

test("an empty selection shows an error and sends nothing", async () => {
  globalThis.chrome = createChromeStub({ selection: "   " });
  const result = await globalThis.veracity.checkSelectionInTab(3);
  assert.deepEqual(result, { status: "error", kind: "empty" });
  assert.equal(shownModels(globalThis.chrome)[0].error.title, "Nothing selected");
  assert.equal(fetchCalls.length, 0);
});

test("the popup's quiet check shows nothing when there is no selection", async () => {
  globalThis.chrome = createChromeStub({ selection: "" });
  const result = await globalThis.veracity.checkSelectionInTab(3, { quiet: true });
  assert.deepEqual(result, { status: "empty" });
  assert.deepEqual(shownModels(globalThis.chrome), []);
});

test("a selection over 1000 characters is refused before sending", async () => {
  globalThis.chrome = createChromeStub({ selection: "word ".repeat(300) });
  const result = await globalThis.veracity.checkSelectionInTab(3);
  assert.deepEqual(result, { status: "error", kind: "too_long" });
  assert.match(shownModels(globalThis.chrome)[0].error.message, /1499 characters; the limit is 1000/);
  assert.equal(fetchCalls.length, 0);
});

test("a menu click falls back to the browser's selection text and targets the frame", async () => {
  globalThis.chrome = createChromeStub({ selection: "" });
  const info = { menuItemId: "veracity-check", selectionText: "text in a frame", frameId: 4 };
  const result = await globalThis.veracity.handleMenuClick(info, { id: 3 });
  assert.equal(result.status, "result");
  assert.equal(fetchCalls[0].body.text, "text in a frame");
  assert.deepEqual(globalThis.chrome.calls.injected[0].target, { tabId: 3, frameIds: [4] });
  assert.equal(globalThis.chrome.calls.sent[0].options.frameId, 4);
});

test("other menu items and commands are ignored", async () => {
  assert.equal(await globalThis.veracity.handleMenuClick({ menuItemId: "other" }, { id: 3 }), null);
  assert.equal(await globalThis.veracity.handleCommand("other", { id: 3 }), null);
});

test("without host permission nothing is sent and the card says so", async () => {
  globalThis.chrome = createChromeStub({ selection: "claim", granted: false });
  const result = await globalThis.veracity.checkSelectionInTab(3);
  assert.deepEqual(result, { status: "error", kind: "no_permission" });
  assert.equal(fetchCalls.length, 0);
});

test("a 422 shows the service's message", async () => {
  useFetch(() => new Response(JSON.stringify({ code: 422, message: "Text is too long." }), { status: 422 }));
  globalThis.chrome = createChromeStub({ selection: "claim" });
  const result = await globalThis.veracity.checkSelectionInTab(3);
  assert.deepEqual(result, { status: "error", kind: "client" });
  assert.equal(shownModels(globalThis.chrome).at(-1).error.message, "Text is too long.");
});

test("a page that cannot host the card marks the toolbar button", async () => {
  globalThis.chrome = createChromeStub({ selection: "claim" });
  globalThis.chrome.scripting.executeScript = async () => {
    throw new Error("Cannot access a chrome:// URL");
  };
  const result = await globalThis.veracity.checkSelectionInTab(3);
  assert.equal(result.status, "unavailable");
  assert.deepEqual(globalThis.chrome.calls.badge, [{ tabId: 3, text: "!" }]);
});

test("messages from content scripts or web pages are ignored", () => {
  globalThis.chrome = createChromeStub();
  const reply = () => assert.fail("must not answer");
  const fromPage = { id: "veracity-test", url: "https://news.example/story", tab: { id: 3 } };
  assert.equal(globalThis.veracity.handleMessage({ type: "veracity:health" }, fromPage, reply), false);
  const otherExtension = { id: "someone-else", url: "chrome-extension://someone-else/x.html" };
  assert.equal(globalThis.veracity.handleMessage({ type: "veracity:health" }, otherExtension, reply), false);
});

test("the popup gets an outlet profile, or null for an unknown outlet", async () => {
  globalThis.chrome = createChromeStub();
  const popup = { id: "veracity-test", url: "chrome-extension://veracity-test/pages/popup.html" };
  const ask = (message) =>
    new Promise((resolve) => assert.equal(globalThis.veracity.handleMessage(message, popup, resolve), true));
  useFetch(() => new Response(JSON.stringify({ code: 404, message: "Unknown outlet." }), { status: 404 }));
  assert.deepEqual(await ask({ type: "veracity:outlet", hostname: "127.0.0.1" }), {
    ok: true,
    profile: null,
  });
  assert.equal(fetchCalls[0].url, "http://127.0.0.1:8000/v1/outlets/127.0.0.1");
  const kcna = {
    id: "kcna",
    name: "KCNA",
    ownership: "state-controlled",
    country: "North Korea",
    rated: false,
    ratings: [],
  };
  useFetch(() => new Response(JSON.stringify(kcna), { status: 200 }));
  const reply = await ask({ type: "veracity:outlet", hostname: "kcna.kp" });
  assert.equal(reply.profile.name, "KCNA");
  assert.equal(reply.profile.rated, false);
});

test("a selection of several sentences is checked in one batch and shown as a paragraph", async () => {
  useFetch(() => new Response(JSON.stringify(batchResponse()), { status: 200 }));
  globalThis.chrome = createChromeStub({
    selection: "Russia and North Korea are close. Bands played. It rained.",
  });
  const result = await globalThis.veracity.checkSelectionInTab(3);
  assert.deepEqual(result, { status: "result", verdict: "true", sentences: 3, matched: 1 });
  assert.equal(fetchCalls.length, 1);
  assert.equal(fetchCalls[0].url, "http://127.0.0.1:8000/v1/check/batch");
  assert.deepEqual(fetchCalls[0].body, {
    paragraph: "Russia and North Korea are close. Bands played. It rained.",
    url: "https://news.example/story",
  });
  const model = shownModels(globalThis.chrome).at(-1);
  assert.equal(model.kind, "paragraph");
  assert.equal(model.matched[0].report.url, "https://news.example/story");
  const history = globalThis.chrome.storageData.history;
  assert.deepEqual(
    history.map((entry) => [entry.text, entry.label]),
    [["Russia and North Korea are the closest of countries", "true"]],
  );
});

test("a single card carries the request its Full report needs", async () => {
  globalThis.chrome = createChromeStub({ selection: "Russia and North Korea are the closest of countries" });
  await globalThis.veracity.checkSelectionInTab(3);
  assert.deepEqual(shownModels(globalThis.chrome).at(-1).report, {
    text: "Russia and North Korea are the closest of countries",
    url: "https://news.example/story",
    date: null,
    context: null,
  });
});

const fromCard = { id: "veracity-test", url: "https://news.example/story", tab: { id: 3, index: 2 } };
const fromReportPage = {
  id: "veracity-test",
  url: "chrome-extension://veracity-test/pages/report.html?text=claim",
  tab: { id: 9, index: 3 },
};
const send = (message, sender) =>
  new Promise((resolve) => assert.equal(globalThis.veracity.handleMessage(message, sender, resolve), true));

test("the card's Full report opens the report page next to its tab, the claim in the address", async () => {
  globalThis.chrome = createChromeStub();
  const request = { text: "the claim", url: "https://news.example/story", date: "2025-06-21", context: null };
  const reply = await send({ type: "veracity:open-report", request }, fromCard);
  assert.deepEqual(reply, { ok: true, tabId: 99 });
  assert.deepEqual(globalThis.chrome.calls.created, [
    {
      url:
        "chrome-extension://veracity-test/pages/report.html?text=the+claim" +
        "&url=https%3A%2F%2Fnews.example%2Fstory&date=2025-06-21",
      openerTabId: 3,
      index: 3,
    },
  ]);
  assert.equal(fetchCalls.length, 0, "opening the page sends nothing");
});

test("the card may only open reports; a blank claim opens nothing", async () => {
  globalThis.chrome = createChromeStub();
  const reply = () => assert.fail("must not answer");
  const ask = { type: "veracity:report", request: { text: "claim" }, format: "json" };
  assert.equal(globalThis.veracity.handleMessage(ask, fromCard, reply), false);
  const blank = await send({ type: "veracity:open-report", request: { text: "  " } }, fromCard);
  assert.equal(blank.ok, false);
  assert.deepEqual(globalThis.chrome.calls.created, []);
});

test("the report page gets the report as JSON, and as Markdown to copy", async () => {
  globalThis.chrome = createChromeStub();
  useFetch(() => new Response(JSON.stringify(reportResponse()), { status: 200 }));
  const request = { text: "claim", url: "javascript:alert(1)", date: "2025-06-21", context: null };
  const reply = await send({ type: "veracity:report", request, format: "json" }, fromReportPage);
  assert.equal(reply.ok, true);
  assert.equal(reply.report.sections[0].id, "what-we-know");
  assert.deepEqual(fetchCalls[0].body, { text: "claim", format: "json", date: "2025-06-21" });

  useFetch(() => new Response("# Fact check", { status: 200, headers: { "Content-Type": "text/markdown" } }));
  const markdown = await send({ type: "veracity:report", request, format: "md" }, fromReportPage);
  assert.deepEqual(markdown, { ok: true, markdown: "# Fact check" });
  assert.equal(fetchCalls[0].init.headers.Accept, "text/markdown");
});

test("the report page hears the reader's message when the service refuses", async () => {
  globalThis.chrome = createChromeStub();
  useFetch(() => new Response(JSON.stringify({ code: 422, message: "Invalid request." }), { status: 422 }));
  const reply = await send({ type: "veracity:report", request: { text: "claim" } }, fromReportPage);
  assert.equal(reply.ok, false);
  assert.equal(reply.error.kind, "client");
  assert.equal(reply.error.message, "Invalid request.");
});

test("a batch that comes back as one sentence shows the ordinary card", async () => {
  const single = { results: [matsegoraResponse()], sentences: 1 };
  useFetch(() => new Response(JSON.stringify(single), { status: 200 }));
  globalThis.chrome = createChromeStub({ selection: "Dr. Matsegora spoke. At the reception." });
  const result = await globalThis.veracity.checkSelectionInTab(3);
  assert.deepEqual(result, { status: "result", verdict: "true" });
  assert.equal(fetchCalls[0].url, "http://127.0.0.1:8000/v1/check/batch");
  const model = shownModels(globalThis.chrome).at(-1);
  assert.equal(model.kind, "result");
  assert.equal(model.report.text, "Russia and North Korea are the closest of countries");
  assert.equal(globalThis.chrome.storageData.history[0].text, "Dr. Matsegora spoke. At the reception.");
});
