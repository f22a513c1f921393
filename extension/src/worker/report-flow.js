// The "Full report": open the report page for a card's claim, and fetch the report for it.

import { getReport } from "../lib/api.js";
import { reportRequest, reportQuery } from "../lib/report-request.js";
import { describeError } from "../lib/errors.js";

export const REPORT_PAGE = "pages/report.html";

/** Open the report page next to the tab the card is in; the claim travels in its address. */
export async function openReport(request, tab) {
  const clean = reportRequest(request);
  if (!clean) return { ok: false, error: describeError("empty") };
  const url = chrome.runtime.getURL(`${REPORT_PAGE}?${reportQuery(clean)}`);
  const placement = tab?.id >= 0 ? { openerTabId: tab.id, index: tab.index + 1 } : {};
  const created = await chrome.tabs.create({ url, ...placement });
  return { ok: true, tabId: created?.id ?? null };
}

/** The report for a claim as JSON (`format` "json") or Markdown ("md"), checked again here. */
export async function fetchReport(settings, request, format) {
  const clean = reportRequest(request);
  if (!clean) return { ok: false, error: describeError("empty") };
  const report = await getReport(settings, clean, format === "md" ? "md" : "json");
  return format === "md" ? { ok: true, markdown: report } : { ok: true, report };
}
