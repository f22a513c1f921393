// Reads the settings from chrome.storage.local and checks the service host permission.

import { DEFAULT_SETTINGS, resolveSettings, originPattern } from "../lib/settings.js";
import { ServiceError } from "../lib/errors.js";

export async function loadSettings() {
  return resolveSettings(await chrome.storage.local.get(Object.keys(DEFAULT_SETTINGS)));
}

/** Throw a no_permission error when the reader has not granted access to the service host. */
export async function ensureHostPermission(settings) {
  const granted = await chrome.permissions.contains({ origins: [originPattern(settings.serviceUrl)] });
  if (!granted) throw new ServiceError("no_permission");
}
