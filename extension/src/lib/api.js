// HTTP client for the Veracity service: timeout, one retry, API key, error classification.

import { ServiceError, flattenFieldErrors } from "./errors.js";

const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * Call the service and return the parsed JSON body, or throw a ServiceError.
 * A timeout, a network failure or a gateway error is retried once; a 4xx never is,
 * because the same request would be refused again.
 */
export async function requestJson(
  settings,
  method,
  path,
  body,
  { fetchImpl = fetch, attempts = 2, accept = "application/json" } = {},
) {
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      return await requestOnce(settings, method, path, body, { fetchImpl, attempt, accept });
    } catch (error) {
      lastError = error;
      const retryable =
        error.kind === "timeout" || error.kind === "unreachable" || RETRYABLE_STATUS.has(error.status);
      if (!retryable) throw error;
    }
  }
  lastError.attempts = attempts;
  throw lastError;
}

async function requestOnce(settings, method, path, body, { fetchImpl, attempt, accept }) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  const headers = { Accept: accept };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (settings.apiKey) headers["X-API-Key"] = settings.apiKey;
  let response;
  try {
    response = await fetchImpl(`${settings.serviceUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store",
    });
  } catch (error) {
    const kind = controller.signal.aborted ? "timeout" : "unreachable";
    throw new ServiceError(kind, { attempts: attempt, serviceMessage: error?.message ?? null });
  } finally {
    clearTimeout(timer);
  }
  const text = await readText(response);
  // A text answer (Markdown) is taken as it is; errors always come as the JSON error shape.
  if (response.ok && accept !== "application/json") {
    if (text === undefined) throw new ServiceError("bad_response", { status: response.status });
    return text;
  }
  const payload = parseJson(text);
  if (response.ok) {
    if (payload === undefined) throw new ServiceError("bad_response", { status: response.status });
    return payload;
  }
  throw errorFromResponse(response.status, payload);
}

async function readText(response) {
  try {
    return await response.text();
  } catch {
    return undefined;
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Map an HTTP error status and the service's error body onto a ServiceError. */
export function errorFromResponse(status, payload) {
  const serviceMessage = typeof payload?.message === "string" ? payload.message : null;
  const details = flattenFieldErrors(payload?.errors);
  if (status === 401 || status === 403) return new ServiceError("rejected_key", { status, serviceMessage });
  if (status >= 400 && status < 500) return new ServiceError("client", { status, serviceMessage, details });
  return new ServiceError("server", { status, serviceMessage });
}

/**
 * POST /v1/check with the selection, the page URL, its publication day and the selection's
 * surroundings in its paragraph (nothing else).
 */
export function checkClaim(settings, { text, url, date, context }, options) {
  const body = withShared({ text }, { url, date, context });
  return requestJson(settings, "POST", "/v1/check", body, options).then((payload) => {
    if (!isCheckResponse(payload)) throw new ServiceError("bad_response");
    return payload;
  });
}

/**
 * POST /v1/check/batch with a selection of several sentences: the service splits it and
 * answers {results: [one /v1/check response per sentence], sentences}.
 */
export function checkParagraph(settings, { text, url, date, context }, options) {
  const body = withShared({ paragraph: text }, { url, date, context });
  return requestJson(settings, "POST", "/v1/check/batch", body, options).then((payload) => {
    const results = payload?.results;
    if (!Array.isArray(results) || results.length === 0 || !results.every(isCheckResponse)) {
      throw new ServiceError("bad_response");
    }
    return payload;
  });
}

const REPORT_TYPES = { json: "application/json", md: "text/markdown" };

/**
 * POST /v1/report for one claim: the fact-check as JSON sections (format "json"), or its
 * Markdown text (format "md").
 */
export async function getReport(settings, { text, url, date, context }, format = "json", options = {}) {
  if (!Object.hasOwn(REPORT_TYPES, format)) throw new Error(`unknown report format ${format}`);
  const accept = REPORT_TYPES[format];
  const body = withShared({ text, format }, { url, date, context });
  const payload = await requestJson(settings, "POST", "/v1/report", body, { ...options, accept });
  const ok = format === "md" ? typeof payload === "string" : Array.isArray(payload?.sections);
  if (!ok) throw new ServiceError("bad_response");
  return payload;
}

// The page's address, its day and the selection's surroundings: sent only when there are some.
function withShared(body, { url, date, context }) {
  if (url) body.url = url;
  if (date) body.date = date;
  if (context) body.context = context;
  return body;
}

function isCheckResponse(payload) {
  return Boolean(payload && typeof payload === "object" && payload.verdict);
}

/** GET /v1/outlets/<domain>; resolves to null when the service does not know the outlet. */
export async function getOutlet(settings, domain, options) {
  try {
    return await requestJson(
      settings,
      "GET",
      `/v1/outlets/${encodeURIComponent(domain)}`,
      undefined,
      options,
    );
  } catch (error) {
    if (error.kind === "client" && error.status === 404) return null;
    throw error;
  }
}

/** GET /healthz; 503 means loaded but not ready, which the options page shows as such. */
export function getHealth(settings, options) {
  return requestJson(settings, "GET", "/healthz", undefined, { ...options, attempts: 1 });
}
