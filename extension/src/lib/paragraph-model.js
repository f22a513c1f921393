// The card model for a checked paragraph: the sentences that match something, the rest folded.

import { buildCardModel } from "./card-model.js";

/** Whether a /v1/check response found something: a rating, or at least one matching record. */
export function hasMatch(response) {
  const label = response?.verdict?.label;
  if (typeof label === "string" && label !== "unverified") return true;
  const evidence = Array.isArray(response?.evidence) ? response.evidence : [];
  return evidence.some((item) => item?.match === "matching");
}

/**
 * The card for a claim with what its "Full report" needs: the sentence the card is about and
 * the page's address, day and surroundings it was checked with.
 */
export function withReport(model, { text = "", url = null, date = null, context = null } = {}) {
  return { ...model, report: { text: model.query || text, url, date, context } };
}

/**
 * The model for a /v1/check/batch answer. One sentence is the ordinary card; several list the
 * ones that match, each with its verdict and who said it, and count the rest.
 */
export function buildParagraphModel(batch, shared = {}) {
  const results = Array.isArray(batch?.results) ? batch.results : [];
  if (results.length === 1) return withReport(buildCardModel(results[0]), shared);
  const matched = [];
  const unmatched = [];
  for (const response of results) {
    const card = withReport(buildCardModel(response), shared);
    if (hasMatch(response)) matched.push(sentenceModel(card));
    else unmatched.push(card.query);
  }
  return {
    kind: "paragraph",
    sentences: results.length,
    summary: summaryText(matched.length, results.length),
    matched,
    unmatched,
    foldText: `${unmatched.length}${matched.length ? " more" : ""} ${plural(unmatched.length)} with no match`,
  };
}

/** One matching sentence: its text, its verdict, the first speaker/outlet line, its report. */
export function sentenceModel(card) {
  const { label, text, symbol, tentative, tentativeText, tentativeHint, confidence } = card.verdict;
  return {
    text: card.query,
    verdict: { label, text, symbol, tentative, tentativeText, tentativeHint, confidence },
    line: sourceLine(card.evidence[0]),
    report: card.report,
  };
}

/** "Alexandr Matsegora · 20 Jun 2025 · Korea JoongAng Daily"; a fact-check names its reviewer. */
export function sourceLine(item) {
  if (!item) return "";
  if (item.factCheck) {
    const rated = item.factCheck.rating ? `rated “${item.factCheck.rating}”` : "";
    return joinDot([item.factCheck.reviewer, rated, item.factCheck.date]);
  }
  const outlets = item.outlets.slice(0, 2).map((outlet) => outlet.name);
  return joinDot([item.speaker.name, item.date, outlets.join(", ")]);
}

function summaryText(matched, total) {
  if (matched === 0) return `None of the ${total} sentences matches anything on record.`;
  return `${matched} of ${total} sentences match something on record.`;
}

function plural(count) {
  return count === 1 ? "sentence" : "sentences";
}

function joinDot(parts) {
  return parts.filter(Boolean).join(" · ");
}
