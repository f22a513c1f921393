// Talks to the content script in a tab: injects it on demand, then begin/show messages.

const CONTENT_FILES = [
  "content/card-style.js",
  "content/card-parts.js",
  "content/card-paragraph.js",
  "content/card-view.js",
  "content/content.js",
];

async function send(tabId, frameId, message) {
  return chrome.tabs.sendMessage(tabId, message, { frameId });
}

/** Ask the tab for its selection, injecting the content script first if it is not there yet. */
export async function beginInTab(tabId, frameId, id) {
  const message = { type: "veracity:begin", id };
  try {
    const reply = await send(tabId, frameId, message);
    if (reply) return reply;
  } catch {
    // No listener yet: this tab has not been checked since it loaded.
  }
  await chrome.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: CONTENT_FILES });
  return send(tabId, frameId, message);
}

/** Send a card model to the tab; a closed tab or navigated page is not an error here. */
export async function showInTab(tabId, frameId, id, model) {
  try {
    return await send(tabId, frameId, { type: "veracity:show", id, model });
  } catch {
    return { shown: false };
  }
}

/** Mark the toolbar button when a page cannot host the card (browser pages, the web store). */
export async function flagUnavailable(tabId) {
  try {
    await chrome.action.setBadgeBackgroundColor({ tabId, color: "#c62828" });
    await chrome.action.setBadgeText({ tabId, text: "!" });
    await chrome.action.setTitle({ tabId, title: "Veracity cannot show a card on this page" });
  } catch {
    // The tab is gone; nothing to mark.
  }
}
