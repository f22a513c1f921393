// Settings defaults, normalisation and the host-permission pattern for the service URL.

export const DEFAULT_SETTINGS = Object.freeze({
  serviceUrl: "http://127.0.0.1:8000",
  apiKey: "",
  timeoutMs: 8000,
});

// Hosts granted at install time; any other service host is asked for at run time.
export const DEFAULT_HOSTS = Object.freeze(["127.0.0.1", "localhost"]);

const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 60000;

/** Trim the URL and drop trailing slashes; return null when it is not http(s). */
export function normalizeServiceUrl(value) {
  let url;
  try {
    url = new URL(String(value ?? "").trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

/** Merge stored values over the defaults, ignoring anything malformed. */
export function resolveSettings(stored = {}) {
  const serviceUrl = normalizeServiceUrl(stored.serviceUrl) ?? DEFAULT_SETTINGS.serviceUrl;
  const apiKey = typeof stored.apiKey === "string" ? stored.apiKey.trim() : "";
  const timeout = Number(stored.timeoutMs);
  const timeoutMs = Number.isFinite(timeout)
    ? Math.min(MAX_TIMEOUT_MS, Math.max(MIN_TIMEOUT_MS, Math.round(timeout)))
    : DEFAULT_SETTINGS.timeoutMs;
  return { serviceUrl, apiKey, timeoutMs };
}

/** The match pattern that grants fetch access to the service's origin (any port). */
export function originPattern(serviceUrl) {
  const url = new URL(serviceUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** Whether the service host is covered by the install-time host permissions. */
export function isDefaultHost(serviceUrl) {
  const url = new URL(serviceUrl);
  return url.protocol === "http:" && DEFAULT_HOSTS.includes(url.hostname);
}
