// Build the plain-data card model from a /v1/check response; the renderer only copies it out.

import { safeHttpUrl, toLink, displayHost } from "./safe-url.js";
import {
  verdictLabel,
  tentativeText,
  formatConfidence,
  basisText,
  stanceText,
  quoteText,
  ownershipText,
  isStateOwnership,
  formatDate,
} from "./verdict.js";

const WARNING_NOTES = new Set([
  "state_controlled_outlet",
  "state_funded_outlet",
  "interested_party",
  "low_factual_outlet",
  "refuted_by_evidence",
]);

const MAX_TEXT = 600;

/** The card model for a successful check. Every field is a string, number, bool, array or null. */
export function buildCardModel(response, { maxEvidence = 3, maxRelated = 3 } = {}) {
  const verdict = response?.verdict ?? {};
  const label = verdictLabel(verdict.label);
  const evidence = Array.isArray(response?.evidence) ? response.evidence : [];
  const disputed = evidence.some((item) => item?.match !== "related" && item?.relation_disputed === true);
  const tentative = tentativeText(verdict.label, verdict.confident, disputed);
  // A fact-check of the opposite claim is what the verdict rests on: shown, labelled as such.
  const matching = evidence
    .filter((item) => item?.match !== "related" || item?.relation === "opposite")
    .slice(0, maxEvidence);
  const related =
    label.label === "unverified"
      ? evidence
          .filter((item) => item?.match === "related" && item?.relation !== "opposite")
          .slice(0, maxRelated)
      : [];
  const evidenceModels = matching.map(evidenceModel);
  const relatedModels = related.map(evidenceModel);
  return {
    kind: "result",
    query: str(response?.query?.text),
    verdict: {
      label: label.label,
      text: label.text,
      symbol: label.symbol,
      // A rating below the service's confidence cutoff: shown, but marked as a weak match.
      tentative: tentative !== null,
      tentativeText: tentative?.text ?? "",
      tentativeHint: tentative?.hint ?? "",
      confidence: formatConfidence(verdict.confidence),
      basis: basisText(verdict.basis),
      explanation: str(verdict.explanation),
    },
    evidence: evidenceModels,
    related: relatedModels,
    notes: notesModel(response?.context),
    sources: collectSources([...evidenceModels, ...relatedModels]),
    pageOutlet: response?.page_outlet ? profileModel(response.page_outlet) : null,
  };
}

/** One evidence item: who said what, when, where, and who reported it. */
export function evidenceModel(item) {
  const disputed = item?.relation_disputed === true;
  const speaker = item?.speaker ?? {};
  const rating = item?.rating && typeof item.rating === "object" ? item.rating : null;
  return {
    kind: item?.kind === "fact_check" ? "fact_check" : "statement",
    text: clip(str(item?.text)),
    quote: quoteText(item?.quote),
    stance: stanceText(item?.stance),
    speaker: {
      name: str(speaker.name),
      role: str(speaker.role),
      affiliation: str(speaker.affiliation),
      country: str(speaker.country),
    },
    date: formatDate(item?.date),
    event: str(item?.event),
    outlets: (Array.isArray(item?.outlets) ? item.outlets : []).map(outletModel),
    factCheck: rating
      ? {
          reviewer: str(rating.reviewer),
          rating: str(rating.label),
          scale: str(rating.scale_label),
          date: formatDate(rating.date),
          link: toLink(str(rating.reviewer) || "fact-check", rating.url),
          // Rated the opposite of the checked claim: the card says so, with the claim rated.
          opposite: item?.relation === "opposite",
          // The service's two judges disagree on whether this is the claim checked: the card
          // puts the rated claim beside the rating, for the reader to compare.
          disputed,
          claim: item?.relation === "opposite" || disputed ? clip(str(item?.text)) : "",
        }
      : null,
  };
}

/** A reporting outlet: the report's link plus the outlet's profile (null when unknown). */
export function outletModel(outlet) {
  const profile = outlet?.profile ? profileModel(outlet.profile) : null;
  const name = profile?.name || str(outlet?.id) || "unknown outlet";
  const href = safeHttpUrl(outlet?.url);
  return {
    name,
    report: outlet?.url ? { text: href ? displayHost(href) || name : str(outlet.url), href } : null,
    via: str(outlet?.via),
    profile,
  };
}

/** An outlet profile: ownership, country and each rating with its rater named and linked. */
export function profileModel(profile) {
  const ratings = (Array.isArray(profile?.ratings) ? profile.ratings : []).map((rating) => ({
    rater: toLink(str(rating?.rater) || "rater", rating?.url),
    text: [rating?.bias && `bias: ${str(rating.bias)}`, rating?.factual && `factual: ${str(rating.factual)}`]
      .filter(Boolean)
      .join(", "),
  }));
  return {
    id: str(profile?.id),
    name: str(profile?.name) || str(profile?.id),
    ownership: ownershipText(profile?.ownership),
    stateOwned: isStateOwnership(profile?.ownership),
    country: str(profile?.country),
    // Only trust "rated" when ratings came with it; show "unrated" otherwise, never neutral.
    rated: profile?.rated !== false && ratings.length > 0,
    ratings,
  };
}

function notesModel(context) {
  return (Array.isArray(context) ? context : [])
    .filter((note) => note && typeof note.message === "string" && note.message.trim())
    .map((note) => ({
      code: str(note.code),
      tone: WARNING_NOTES.has(note.code) ? "warning" : "info",
      message: clip(note.message),
    }));
}

// Only http(s) URLs become sources; an outlet line still shows any other value as plain text.
function collectSources(items) {
  const seen = new Set();
  const sources = [];
  const add = (text, href) => {
    if (seen.has(href)) return;
    seen.add(href);
    sources.push({ text, href });
  };
  for (const item of items) {
    for (const outlet of item.outlets) {
      if (outlet.report?.href) add(`${outlet.name} (${outlet.report.text})`, outlet.report.href);
    }
    if (item.factCheck?.link.href) {
      add(`${item.factCheck.reviewer || "Fact-check"} fact-check`, item.factCheck.link.href);
    }
  }
  return sources;
}

function str(value) {
  return typeof value === "string"
    ? value.trim()
    : value === null || value === undefined
      ? ""
      : String(value);
}

function clip(text) {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
