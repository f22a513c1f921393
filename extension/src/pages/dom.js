// DOM helpers for the extension pages: text goes in as text nodes, never parsed as markup.

const SAFE_LINK = /^https?:\/\//i;

/** Build an element; strings become text nodes and attributes go through setAttribute. */
export function h(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined && child !== false && child !== "") node.append(child);
  }
  return node;
}

/** A link only for http(s) hrefs; anything else stays plain text. */
export function link(text, href) {
  if (typeof href !== "string" || !SAFE_LINK.test(href)) return text;
  return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, text);
}

/** Send a request to the worker; resolves to its reply. */
export function ask(message) {
  return chrome.runtime.sendMessage(message);
}
