// URL safety: only absolute http(s) URLs may become links in anything we render.

/** Return the normalised href when `value` is an absolute http(s) URL, else null. */
export function safeHttpUrl(value) {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  let url;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // Credentials in a link are a phishing trick, never a source.
  if (url.username || url.password) return null;
  return url.href;
}

/** A link descriptor for the renderer: `href` is null when the value must stay text. */
export function toLink(text, value) {
  const href = safeHttpUrl(value);
  const label = typeof text === "string" && text.trim() ? text.trim() : (href ?? String(value ?? ""));
  return { text: label, href };
}

/** The host name the reader sees for a link, without a leading "www.". */
export function displayHost(href) {
  try {
    return new URL(href).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}
