// Toolbar popup: checks the current selection, shows this site's outlet profile and recent checks.

import { h, link, ask } from "./dom.js";
import { verdictLabel } from "../lib/verdict.js";
import { loadHistory, formatAge, HISTORY_KEY } from "../lib/history.js";

const HISTORY_SHOWN = 5;
const SELECTION_MESSAGES = {
  empty:
    "Select a sentence on the page, then click the Veracity button, press Alt+Shift+V, or right-click › Check with Veracity.",
  unavailable: "Veracity cannot read or annotate this page.",
  result: "Checked: the card is on the page.",
  error: "The check did not go through: the card on the page says why.",
};

/** The tab the popup is about: the active tab, or ?tab=<id> when opened as a page in tests. */
async function targetTab() {
  const param = new URLSearchParams(location.search).get("tab");
  if (param) return chrome.tabs.get(Number(param));
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function profileView(profile) {
  const tags = [
    h("span", { class: "tag", "data-tone": profile.stateOwned ? "state" : null }, profile.ownership),
  ];
  if (profile.country) tags.push(h("span", { class: "tag" }, profile.country));
  if (!profile.rated) tags.push(h("span", { class: "tag", "data-tone": "unrated" }, "unrated"));
  const ratings = profile.rated
    ? profile.ratings.map((rating) =>
        h("li", {}, [link(rating.rater.text, rating.rater.href), rating.text ? `: ${rating.text}` : ""]),
      )
    : [];
  return [
    h("p", { class: "outlet-name" }, profile.name),
    h("p", { class: "tags" }, tags),
    ratings.length ? h("ul", { class: "ratings" }, ratings) : "",
  ];
}

async function showOutlet(tab) {
  const box = document.getElementById("outlet");
  let hostname = "";
  try {
    const url = new URL(tab?.url ?? "");
    if (url.protocol === "http:" || url.protocol === "https:") hostname = url.hostname;
  } catch {
    // No readable address: handled below.
  }
  if (!hostname) {
    box.replaceChildren("No outlet profile for this page.");
    return;
  }
  const reply = await ask({ type: "veracity:outlet", hostname });
  if (!reply?.ok) {
    box.replaceChildren(h("p", { class: "error" }, reply?.error?.message ?? "The service did not answer."));
  } else if (!reply.profile) {
    box.replaceChildren(h("p", {}, [h("strong", {}, hostname), " is not in our outlet list."]));
  } else {
    box.replaceChildren(...profileView(reply.profile));
  }
}

async function showHistory() {
  const history = (await loadHistory(chrome.storage.local)).slice(0, HISTORY_SHOWN);
  const list = document.getElementById("history");
  document.getElementById("history-empty").hidden = history.length > 0;
  list.replaceChildren(
    ...history.map((entry) => {
      const verdict = verdictLabel(entry.label);
      return h("li", {}, [
        h("span", { class: "badge", "data-verdict": verdict.label }, verdict.text),
        h("span", { class: "history-text" }, entry.text),
        h("span", { class: "muted" }, formatAge(entry.at)),
      ]);
    }),
  );
}

async function checkSelection(tab) {
  const status = document.getElementById("selection-status");
  if (tab?.id === undefined) {
    status.textContent = SELECTION_MESSAGES.unavailable;
    return;
  }
  status.textContent = "Checking your selection…";
  const result = await ask({ type: "veracity:check-tab", tabId: tab.id });
  status.textContent = SELECTION_MESSAGES[result?.status] ?? SELECTION_MESSAGES.error;
}

async function main() {
  document.getElementById("open-options").addEventListener("click", () => chrome.runtime.openOptionsPage());
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes[HISTORY_KEY]) showHistory();
  });
  const tab = await targetTab().catch(() => null);
  await Promise.all([checkSelection(tab), showOutlet(tab), showHistory()]);
}

main();
