// Reader-facing words for the service's codes: verdicts, confidence, stance, ownership, dates.

const VERDICTS = {
  true: { text: "True", symbol: "✓" },
  "mostly-true": { text: "Mostly true", symbol: "✓" },
  mixed: { text: "Mixed", symbol: "±" },
  "mostly-false": { text: "Mostly false", symbol: "✗" },
  false: { text: "False", symbol: "✗" },
  unverified: { text: "Unverified", symbol: "?" },
};

const BASIS = {
  fact_check: "based on a published fact-check",
  attribution: "based on who said it, where and when",
  none: "no close match in the record",
};

const STANCE = { supports: "supports", refutes: "refutes", unclear: "unclear" };

const QUOTE = {
  direct: "direct quote",
  partial: "partial quote",
  indirect: "reported speech",
  paraphrase: "paraphrase",
};

const OWNERSHIP = {
  "state-controlled": "state-controlled",
  "state-funded": "state-funded",
  public: "public broadcaster",
  private: "privately owned",
  unknown: "ownership unknown",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** {label, text, symbol}; an unknown label is shown as unverified rather than guessed. */
export function verdictLabel(label) {
  const key = Object.hasOwn(VERDICTS, label) ? label : "unverified";
  return { label: key, ...VERDICTS[key] };
}

const TENTATIVE = { text: "Tentative", hint: "Weak match: check the evidence." };
const DISPUTED_HINT =
  "The checks disagree on whether the fact-check is about this claim: compare the wording.";

/**
 * {text, hint} for a rating the service is not confident of (`confident: false`), else null.
 * `unverified` is never tentative, and a missing `confident` (a service older than the field)
 * counts as confident: only an explicit false marks a rating tentative. `disputed`: the rating
 * rests on a fact-check the service's judges disagree about.
 */
export function tentativeText(label, confident, disputed = false) {
  if (confident !== false || verdictLabel(label).label === "unverified") return null;
  return disputed ? { ...TENTATIVE, hint: DISPUTED_HINT } : { ...TENTATIVE };
}

/** "86% confidence", or "" when the service gave no usable number. */
export function formatConfidence(value) {
  const n = Number(value);
  if (value === null || value === undefined || !Number.isFinite(n)) return "";
  return `${Math.round(Math.min(1, Math.max(0, n)) * 100)}% confidence`;
}

export function basisText(basis) {
  return BASIS[basis] ?? "";
}

export function stanceText(stance) {
  return STANCE[stance] ?? "";
}

export function quoteText(quote) {
  return QUOTE[quote] ?? "";
}

export function ownershipText(ownership) {
  return OWNERSHIP[ownership] ?? OWNERSHIP.unknown;
}

/** Whether an ownership type deserves a warning tone next to the outlet's name. */
export function isStateOwnership(ownership) {
  return ownership === "state-controlled" || ownership === "state-funded";
}

/** "2025-06-20" -> "20 Jun 2025"; partial dates keep what they have; anything else as given. */
export function formatDate(value) {
  if (typeof value !== "string") return "";
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!match) return value;
  const [, year, month, day] = match;
  const monthName = month ? MONTHS[Number(month) - 1] : null;
  if (!monthName) return year;
  return day ? `${Number(day)} ${monthName} ${year}` : `${monthName} ${year}`;
}
