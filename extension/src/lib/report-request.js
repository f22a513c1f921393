// The claim a "Full report" is about, carried from the card to the report page in its address.

import { validateSelection, pageUrlForCheck, pageDateForCheck, contextForCheck } from "./selection.js";

/**
 * A clean report request {text, url, date, context} from untrusted parts, or null when the text
 * is not a valid claim. Every field passes the same checks as a check's own fields.
 */
export function reportRequest({ text, url, date, context } = {}) {
  const checked = validateSelection(text);
  if (!checked.ok) return null;
  return {
    text: checked.text,
    url: pageUrlForCheck(url),
    date: pageDateForCheck(date),
    context: contextForCheck(context),
  };
}

/** The report page's query string for a request (only the fields it has). */
export function reportQuery(request) {
  const params = new URLSearchParams({ text: request.text });
  if (request.url) params.set("url", request.url);
  if (request.date) params.set("date", request.date);
  if (request.context?.before) params.set("before", request.context.before);
  if (request.context?.after) params.set("after", request.context.after);
  return params.toString();
}

/** The request back from the report page's query string, or null when it names no claim. */
export function requestFromQuery(search) {
  const params = new URLSearchParams(search);
  return reportRequest({
    text: params.get("text"),
    url: params.get("url"),
    date: params.get("date"),
    context: { before: params.get("before") ?? "", after: params.get("after") ?? "" },
  });
}
