// Error kinds shared by the worker and the pages, and the reader-facing message for each.

/** A failure talking to the service, classified so the card can say what to do about it. */
export class ServiceError extends Error {
  constructor(kind, { status = null, serviceMessage = null, details = [], attempts = 1 } = {}) {
    super(`${kind}${status ? ` (${status})` : ""}${serviceMessage ? `: ${serviceMessage}` : ""}`);
    this.name = "ServiceError";
    this.kind = kind;
    this.status = status;
    this.serviceMessage = serviceMessage;
    this.details = details;
    this.attempts = attempts;
  }
}

const TITLES = {
  empty: "Nothing selected",
  too_long: "Selection too long",
  unreachable: "Service unreachable",
  timeout: "Service too slow",
  rejected_key: "API key rejected",
  no_permission: "Permission needed",
  client: "The service refused this check",
  server: "The service had a problem",
  bad_response: "Unexpected answer",
};

/**
 * Turn an error description into {kind, title, message, hint} for the card.
 * `info` carries whatever the kind needs: serviceUrl, timeoutMs, length, limit, status...
 */
export function describeError(kind, info = {}) {
  const title = TITLES[kind] ?? "Something went wrong";
  const where = info.serviceUrl ?? "the service";
  switch (kind) {
    case "empty":
      return {
        kind,
        title,
        message: "Select a sentence on the page, then check it again.",
        hint: "",
      };
    case "too_long":
      return {
        kind,
        title,
        message: `Your selection has ${info.length} characters; the limit is ${info.limit}.`,
        hint: "Select a single claim or sentence and try again.",
      };
    case "unreachable":
      return {
        kind,
        title,
        message: `Could not reach the Veracity service at ${where}.`,
        hint: "Check that the service is running and the URL in the options is right.",
      };
    case "timeout":
      return {
        kind,
        title,
        message: `No answer from ${where} within ${seconds(info.timeoutMs)}, tried ${info.attempts ?? 2} times.`,
        hint: "The service may be busy or still loading its index. Try again in a moment.",
      };
    case "rejected_key":
      return {
        kind,
        title,
        message: `The service refused the API key (HTTP ${info.status}).`,
        hint: "Set a valid key in the Veracity options.",
      };
    case "no_permission":
      return {
        kind,
        title,
        message: `Veracity has no permission to contact ${where}.`,
        hint: "Open the options and save the service URL to grant access.",
      };
    case "client":
      return {
        kind,
        title,
        message: info.serviceMessage || `The service answered HTTP ${info.status}.`,
        hint: (info.details ?? []).join(" "),
      };
    case "server":
      return {
        kind,
        title,
        message: `HTTP ${info.status}${info.serviceMessage ? `: ${info.serviceMessage}` : ""}.`,
        hint: "Try again later; if it persists, check the service's log.",
      };
    case "bad_response":
      return {
        kind,
        title,
        message: `The answer from ${where} was not a Veracity response.`,
        hint: "Check that the service URL points at a Veracity service.",
      };
    default:
      return { kind, title, message: info.serviceMessage || "Unknown error.", hint: "" };
  }
}

/** Flatten the service's 422 `errors` object into short "field: message" lines. */
export function flattenFieldErrors(errors) {
  const lines = [];
  const walk = (node, path) => {
    if (Array.isArray(node)) {
      for (const item of node) {
        if (typeof item === "string") lines.push(path ? `${path}: ${item}` : item);
        else walk(item, path);
      }
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        // The "json" level names the body location, which means nothing to a reader.
        walk(value, key === "json" && !path ? "" : path ? `${path}.${key}` : key);
      }
    }
  };
  walk(errors, "");
  return lines.slice(0, 3);
}

function seconds(ms) {
  const n = Number(ms);
  if (!Number.isFinite(n)) return "the time limit";
  return n < 1000 ? `${Math.round(n)} ms` : `${Number((n / 1000).toFixed(1))} s`;
}
