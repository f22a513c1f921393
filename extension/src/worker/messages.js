// Requests from the extension's own pages (popup, options); the worker makes every network call.

import { getOutlet, getHealth } from "../lib/api.js";
import { profileModel } from "../lib/card-model.js";
import { loadSettings, ensureHostPermission } from "./settings-store.js";
import { checkSelectionInTab, errorModel } from "./check-flow.js";

const HANDLERS = {
  "veracity:check-tab": ({ tabId }) => checkSelectionInTab(tabId, { quiet: true }),
  "veracity:outlet": ({ hostname }) =>
    withService(async (settings) => {
      const profile = await getOutlet(settings, hostname);
      return { ok: true, profile: profile ? profileModel(profile) : null };
    }),
  "veracity:health": () => withService(async (settings) => ({ ok: true, health: await getHealth(settings) })),
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

/** Only the extension's own pages may ask; content scripts and other extensions are ignored. */
export function handleMessage(message, sender, sendResponse) {
  const handler = HANDLERS[message?.type];
  const fromOwnPage = sender?.id === chrome.runtime.id && sender?.url?.startsWith(chrome.runtime.getURL(""));
  if (!handler || !fromOwnPage) return false;
  Promise.resolve(handler(message))
    .then(sendResponse)
    .catch((error) => sendResponse({ ok: false, error: errorModel(error, {}).error }));
  return true;
}
