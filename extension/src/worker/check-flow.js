// One check, from the reader's trigger to the card: read, validate, ask the service, show, record.

import {
  validateSelection,
  cleanSelection,
  pageUrlForCheck,
  pageDateForCheck,
  contextForCheck,
  MAX_SELECTION_CHARS,
} from "../lib/selection.js";
import { checkClaim, checkParagraph } from "../lib/api.js";
import { ServiceError, describeError } from "../lib/errors.js";
import { buildCardModel } from "../lib/card-model.js";
import { buildParagraphModel, withReport } from "../lib/paragraph-model.js";
import { isParagraph } from "../lib/sentences.js";
import { historyEntry, recordCheck } from "../lib/history.js";
import { verdictLabel } from "../lib/verdict.js";
import { loadSettings, ensureHostPermission } from "./settings-store.js";
import { beginInTab, showInTab, flagUnavailable } from "./tab-bridge.js";

/** The model for an error card from a ServiceError (or anything thrown by mistake). */
export function errorModel(error, settings) {
  if (!(error instanceof ServiceError)) {
    console.error("Veracity check failed", error);
    return {
      kind: "error",
      error: describeError("unknown", { serviceMessage: "Something went wrong in Veracity." }),
    };
  }
  return {
    kind: "error",
    error: describeError(error.kind, {
      serviceUrl: settings.serviceUrl,
      timeoutMs: settings.timeoutMs,
      status: error.status,
      serviceMessage: error.serviceMessage,
      details: error.details,
      attempts: error.attempts,
    }),
  };
}

/**
 * Check the selection in a tab and show the card there.
 * `selectionText` is the browser's own copy from a context-menu click, used when the page's
 * selection cannot be read; `quiet` (the popup) shows nothing when there is no selection.
 * Resolves to {status: "result"|"error"|"empty"|"unavailable", ...} for the caller and tests.
 */
export async function checkSelectionInTab(tabId, { frameId = 0, selectionText = "", quiet = false } = {}) {
  const id = crypto.randomUUID();
  let selection;
  try {
    selection = await beginInTab(tabId, frameId, id);
  } catch (error) {
    await flagUnavailable(tabId);
    return { status: "unavailable", message: String(error?.message ?? error) };
  }
  const raw = cleanSelection(selection?.text) ? selection.text : selectionText;
  if (quiet && !cleanSelection(raw)) return { status: "empty" };
  const show = (model) => showInTab(tabId, frameId, id, model);

  const checked = validateSelection(raw);
  if (!checked.ok) {
    const error = describeError(checked.kind, { length: checked.length, limit: MAX_SELECTION_CHARS });
    await show({ kind: "error", error });
    return { status: "error", kind: checked.kind };
  }

  // The loading card renders while the request is in flight; it is awaited before the answer
  // so the answer always lands after it.
  const loadingShown = show({ kind: "loading", query: checked.text });
  const settings = await loadSettings();
  const url = pageUrlForCheck(selection?.url);
  const date = pageDateForCheck(selection?.date);
  // The surroundings belong to the page's selection, not to the menu's copy of it.
  const context = raw === selection?.text ? contextForCheck(selection?.context) : null;
  let model;
  try {
    await ensureHostPermission(settings);
    model = await checkModel(settings, { text: checked.text, url, date, context });
  } catch (error) {
    model = errorModel(error, settings);
  }
  await loadingShown;
  await show(model);
  if (model.kind === "error") return { status: "error", kind: model.error.kind };
  if (model.kind === "paragraph") return recordParagraph(model, checked.text, url);
  await recordCheck(chrome.storage.local, historyEntry({ text: checked.text, url, verdict: model.verdict }));
  return { status: "result", verdict: model.verdict.label };
}

/** One sentence goes to /v1/check; several, by the browser's count, to /v1/check/batch. */
async function checkModel(settings, request) {
  const { url, date, context } = request;
  if (isParagraph(request.text)) {
    return buildParagraphModel(await checkParagraph(settings, request), { url, date, context });
  }
  return withReport(buildCardModel(await checkClaim(settings, request)), request);
}

/** Each matching sentence joins the history, the first one on top; no match, the paragraph. */
async function recordParagraph(model, text, url) {
  const entries = model.matched.length
    ? model.matched.map((sentence) => historyEntry({ text: sentence.text, url, verdict: sentence.verdict }))
    : [historyEntry({ text, url, verdict: verdictLabel("unverified") })];
  for (const entry of entries.reverse()) await recordCheck(chrome.storage.local, entry);
  const verdict = model.matched[0]?.verdict.label ?? "unverified";
  return { status: "result", verdict, sentences: model.sentences, matched: model.matched.length };
}
