// Validation of the selected text before anything is sent to the service.

export const MAX_SELECTION_CHARS = 1000;

/** Collapse runs of whitespace so line breaks in the page do not count against the limit. */
export function cleanSelection(text) {
  return String(text ?? "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Check a selection; returns {ok: true, text} or {ok: false, kind, length}.
 * `kind` is "empty" or "too_long", both mapped to reader messages in errors.js.
 */
export function validateSelection(text) {
  const cleaned = cleanSelection(text);
  if (!cleaned) return { ok: false, kind: "empty", length: 0 };
  // Count code points, as the service does, so emoji are not double-counted.
  const length = [...cleaned].length;
  if (length > MAX_SELECTION_CHARS) return { ok: false, kind: "too_long", length };
  return { ok: true, text: cleaned };
}

/** The page URL to send with a check: http(s) only, without the fragment. */
export function pageUrlForCheck(href) {
  try {
    const url = new URL(href);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    url.hash = "";
    return url.href;
  } catch {
    return null;
  }
}

/**
 * The page's publication day to send with a check, as YYYY-MM-DD, or null. Pages state it in
 * meta tags as ISO 8601 ("2016-09-27T01:30:00Z"); the day is all the service uses (statements
 * made near it rank a little higher). Anything else is dropped rather than sent.
 */
export function pageDateForCheck(value) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(String(value ?? "").trim());
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return match.slice(1).join("-");
}

// Characters of the selection's surroundings sent each side: the service searches the nearest
// 200 (VERACITY_CONTEXT_CHARS) with the claim, and needs no more of the page than that.
export const CONTEXT_CHARS = 300;

const HAS_WORDS = /[\p{L}\p{N}]/u;

/**
 * The text around the selection to send as context, {before, after}, or null when there is
 * none: whitespace collapsed, the nearest CONTEXT_CHARS code points each side, and a side
 * with no words at all (a quote mark, a comma) dropped.
 */
export function contextForCheck(context) {
  const before = [...cleanSelection(context?.before)].slice(-CONTEXT_CHARS).join("");
  const after = [...cleanSelection(context?.after)].slice(0, CONTEXT_CHARS).join("");
  const sent = { before: HAS_WORDS.test(before) ? before : "", after: HAS_WORDS.test(after) ? after : "" };
  return sent.before || sent.after ? sent : null;
}
