// Manifest invariants: least privilege, strict CSP, both browsers from one source.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { manifestFor } from "../scripts/manifest-targets.js";

const manifest = JSON.parse(readFileSync(new URL("../src/manifest.json", import.meta.url), "utf8"));

test("MV3 with a module worker that Firefox can run as a script", () => {
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.background, {
    service_worker: "background.js",
    scripts: ["background.js"],
    type: "module",
  });
});

test("install-time hosts are only the loopback names; others are asked for at run time", () => {
  assert.deepEqual(manifest.host_permissions, ["http://127.0.0.1/*", "http://localhost/*"]);
  assert.deepEqual(manifest.optional_host_permissions, ["http://*/*", "https://*/*"]);
  assert.deepEqual(manifest.permissions.sort(), ["activeTab", "contextMenus", "scripting", "storage"]);
  assert.equal(manifest.content_scripts, undefined, "the content script is injected only on request");
});

test("the extension pages CSP allows only the extension's own scripts", () => {
  const csp = manifest.content_security_policy.extension_pages;
  assert.match(csp, /script-src 'self';/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
});

test("the keyboard shortcut and Firefox settings", () => {
  assert.equal(manifest.commands["check-selection"].suggested_key.default, "Alt+Shift+V");
  const gecko = manifest.browser_specific_settings.gecko;
  assert.equal(gecko.strict_min_version, "142.0");
  assert.ok(gecko.id);
  assert.ok(gecko.data_collection_permissions.required.includes("websiteContent"));
});

test("each build keeps only its browser's keys and leaves the source alone", () => {
  const chrome = manifestFor(manifest, "chrome");
  assert.equal(chrome.browser_specific_settings, undefined);
  assert.deepEqual(chrome.background, { service_worker: "background.js", type: "module" });
  const firefox = manifestFor(manifest, "firefox");
  assert.deepEqual(firefox.background, { scripts: ["background.js"], type: "module" });
  assert.ok(firefox.browser_specific_settings.gecko);
  assert.ok(manifest.background.service_worker && manifest.background.scripts);
  assert.throws(() => manifestFor(manifest, "safari"));
});

test("the report page loads only the extension's own files and is not open to web pages", () => {
  const html = readFileSync(new URL("../src/pages/report.html", import.meta.url), "utf8");
  const assets = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
  assert.deepEqual(assets.sort(), ["pages.css", "report.css", "report.js"]);
  for (const asset of assets) {
    assert.ok(existsSync(new URL(`../src/pages/${asset}`, import.meta.url)), asset);
  }
  // The worker opens it with tabs.create; a web page has no way in.
  assert.equal(manifest.web_accessible_resources, undefined);
});
