// The report page's model from a /v1/report JSON answer: only strings, numbers and safe links.

import { verdictLabel, tentativeText, formatConfidence } from "./verdict.js";
import { safeHttpUrl } from "./safe-url.js";

const KINDS = { statement: "statement", fact_check: "fact-check", outlet: "outlet" };

/**
 * {title, claim, verdict, sections, references, generated}. A paragraph's footnotes keep only
 * numbers that the references list has, so every marker leads somewhere.
 */
export function buildReportModel(report) {
  const references = (Array.isArray(report?.references) ? report.references : [])
    .filter((ref) => Number.isInteger(ref?.n))
    .map(referenceModel);
  const known = new Set(references.map((ref) => ref.n));
  const sections = (Array.isArray(report?.sections) ? report.sections : [])
    .map((section) => ({
      id: str(section?.id),
      heading: str(section?.heading),
      paragraphs: (Array.isArray(section?.paragraphs) ? section.paragraphs : [])
        .map((paragraph) => ({
          text: str(paragraph?.text),
          refs: (Array.isArray(paragraph?.refs) ? paragraph.refs : []).filter((n) => known.has(n)),
        }))
        .filter((paragraph) => paragraph.text),
    }))
    .filter((section) => section.heading && section.paragraphs.length);
  const verdict = report?.verdict ?? {};
  const label = verdictLabel(verdict.label);
  const tentative = tentativeText(verdict.label, verdict.confident);
  return {
    title: str(report?.title) || `Fact check: “${str(report?.claim)}”`,
    claim: str(report?.claim),
    verdict: {
      label: label.label,
      text: label.text,
      symbol: label.symbol,
      tentative: tentative !== null,
      tentativeText: tentative?.text ?? "",
      confidence: formatConfidence(verdict.confidence),
      explanation: str(verdict.explanation),
    },
    sections,
    references,
    generated: generatedText(report?.generated),
  };
}

/** A footnote: its number, what it is, and a link only for an http(s) address. */
export function referenceModel(ref) {
  const label = str(ref.label) || str(ref.external_id) || str(ref.id) || `Record ${ref.n}`;
  return {
    n: ref.n,
    kind: KINDS[ref.kind] ?? "",
    label,
    id: str(ref.id),
    href: safeHttpUrl(ref.url),
  };
}

/** "Generated 2026-12-03 07:40 UTC" from the ISO timestamp, or "" when there is none. */
export function generatedText(value) {
  const time = typeof value === "string" ? Date.parse(value) : NaN;
  if (!Number.isFinite(time)) return "";
  const iso = new Date(time).toISOString();
  return `Generated ${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function str(value) {
  return typeof value === "string" ? value.trim() : "";
}
