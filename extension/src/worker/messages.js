// Requests from the extension's pages and the card; the worker makes every network call.

import { getOutlet, getHealth } from "../lib/api.js";
import { profileModel } from "../lib/card-model.js";
import { loadSettings, ensureHostPermission } from "./settings-store.js";
import { checkSelectionInTab, errorModel } from "./check-flow.js";
import { openReport, fetchReport } from "./report-flow.js";

const HANDLERS = {
  "veracity:check-tab": ({ tabId }) => checkSelectionInTab(tabId, { quiet: true }),
  "veracity:outlet": ({ hostname }) =>
    withService(async (settings) => {
      const profile = await getOutlet(settings, hostname);
      return { ok: true, profile: profile ? profileModel(profile) : null };
    }),
  "veracity:health": () => withService(async (settings) => ({ ok: true, health: await getHealth(settings) })),
  "veracity:report": ({ request, format }) =>
    withService((settings) => fetchReport(settings, request, format)),
};

// The card (a content script in a page's tab) may only ask for the report page to be opened.
const CARD_HANDLERS = {
  "veracity:open-report": ({ request }, sender) => openReport(request, sender.tab),
};

/** Run `work` with the settings; failures become {ok: false, error} with the reader's message. */
async function withService(work) {
  const settings = await loadSettings();
  try {
    await ensureHostPermission(settings);
    return await work(settings);
  } catch (error) {
    return { ok: false, error: errorModel(error, settings).error };
  }
}

/** The handler a sender may use: the extension's own pages any in HANDLERS, its card only
 * CARD_HANDLERS; web pages and other extensions none. */
function handlerFor(type, sender) {
  if (sender?.id !== chrome.runtime.id) return null;
  const fromOwnPage = Boolean(sender.url?.startsWith(chrome.runtime.getURL("")));
  const table = fromOwnPage ? HANDLERS : sender.tab ? CARD_HANDLERS : {};
  return Object.hasOwn(table, type) ? table[type] : null;
}

export function handleMessage(message, sender, sendResponse) {
  const handler = handlerFor(message?.type, sender);
  if (!handler) return false;
  Promise.resolve(handler(message, sender))
    .then(sendResponse)
    .catch((error) => sendResponse({ ok: false, error: errorModel(error, {}).error }));
  return true;
}
