// Options page: service URL, API key and time limit; asks for host permission; tests the connection.

import { ask } from "./dom.js";
import { DEFAULT_SETTINGS, normalizeServiceUrl, originPattern, resolveSettings } from "../lib/settings.js";

const form = document.getElementById("settings");
const fields = {
  serviceUrl: document.getElementById("service-url"),
  apiKey: document.getElementById("api-key"),
  timeout: document.getElementById("timeout"),
};
const status = document.getElementById("status");

function say(text, tone = "info") {
  status.textContent = text;
  status.dataset.tone = tone;
}

async function load() {
  const settings = resolveSettings(await chrome.storage.local.get(Object.keys(DEFAULT_SETTINGS)));
  fields.serviceUrl.value = settings.serviceUrl;
  fields.apiKey.value = settings.apiKey;
  fields.timeout.value = String(settings.timeoutMs / 1000);
}

function readForm() {
  const serviceUrl = normalizeServiceUrl(fields.serviceUrl.value);
  if (!serviceUrl) return null;
  return resolveSettings({
    serviceUrl,
    apiKey: fields.apiKey.value,
    timeoutMs: Number(fields.timeout.value) * 1000,
  });
}

/**
 * Ask for access to the service host. Must run before any await in the click handler:
 * browsers only show the prompt inside the reader's gesture.
 */
function requestAccess(serviceUrl) {
  return chrome.permissions.request({ origins: [originPattern(serviceUrl)] });
}

async function saveAnd(next, event) {
  event.preventDefault();
  const settings = readForm();
  if (!settings) {
    say("The service URL must start with http:// or https://.", "error");
    fields.serviceUrl.focus();
    return;
  }
  const access = requestAccess(settings.serviceUrl);
  await chrome.storage.local.set(settings);
  if (!(await access.catch(() => false))) {
    say(`Saved, but Veracity has no permission to contact ${settings.serviceUrl}.`, "error");
    return;
  }
  await next(settings);
}

async function saved() {
  say("Saved.", "ok");
}

async function testConnection(settings) {
  say(`Contacting ${settings.serviceUrl}…`);
  const reply = await ask({ type: "veracity:health" });
  if (reply?.ok) {
    const { statements, model } = reply.health ?? {};
    const count = Number.isFinite(statements) ? `${statements} statements` : "ready";
    say(`Connected: ${count}${model ? `, model ${model}` : ""}.`, "ok");
  } else {
    say(`${reply?.error?.title ?? "Failed"}: ${reply?.error?.message ?? "no answer"}`, "error");
  }
}

form.addEventListener("submit", (event) => saveAnd(saved, event));
document.getElementById("test").addEventListener("click", (event) => saveAnd(testConnection, event));
load();
