// The reader's recent checks, kept only in chrome.storage.local on this device.

export const HISTORY_KEY = "history";
export const HISTORY_LIMIT = 10;
const TEXT_LIMIT = 200;

/** A history entry from a finished check; only what the popup shows is kept. */
export function historyEntry({ text, url, verdict, at = Date.now() }) {
  const clipped = text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT - 1)}…` : text;
  return { text: clipped, url: url ?? null, label: verdict.label, verdict: verdict.text, at };
}

/** Newest first, no repeated text, at most `limit` entries. */
export function addToHistory(history, entry, limit = HISTORY_LIMIT) {
  const rest = (Array.isArray(history) ? history : []).filter((item) => item?.text !== entry.text);
  return [entry, ...rest].slice(0, limit);
}

/** Read the history from a storage area (chrome.storage.local or a stub with the same get/set). */
export async function loadHistory(storage) {
  const stored = await storage.get(HISTORY_KEY);
  return Array.isArray(stored[HISTORY_KEY]) ? stored[HISTORY_KEY] : [];
}

export async function recordCheck(storage, entry) {
  const history = addToHistory(await loadHistory(storage), entry);
  await storage.set({ [HISTORY_KEY]: history });
  return history;
}

/** "just now", "5 min ago", "3 h ago", or the date for anything older than a day. */
export function formatAge(at, now = Date.now()) {
  const minutes = Math.floor((now - at) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toISOString().slice(0, 10);
}
