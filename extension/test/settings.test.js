// Settings defaults, URL normalisation and host permission patterns.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  DEFAULT_SETTINGS,
  normalizeServiceUrl,
  resolveSettings,
  originPattern,
  isDefaultHost,
} from "../src/lib/settings.js";

test("defaults when nothing is stored", () => {
  assert.deepEqual(resolveSettings({}), { ...DEFAULT_SETTINGS });
  assert.equal(DEFAULT_SETTINGS.serviceUrl, "http://127.0.0.1:8000");
});

test("normalizeServiceUrl trims and drops trailing slashes", () => {
  assert.equal(normalizeServiceUrl(" https://veracity.example/api/ "), "https://veracity.example/api");
  assert.equal(normalizeServiceUrl("http://127.0.0.1:8000/"), "http://127.0.0.1:8000");
});

test("normalizeServiceUrl rejects other schemes, credentials and queries", () => {
  for (const bad of [
    "ftp://x.example",
    "javascript:alert(1)",
    "http://u:p@x.example",
    "http://x.example/?a=1",
    "nope",
    "",
  ]) {
    assert.equal(normalizeServiceUrl(bad), null, bad);
  }
});

test("resolveSettings clamps the timeout and ignores junk", () => {
  assert.equal(resolveSettings({ timeoutMs: 5 }).timeoutMs, 100);
  assert.equal(resolveSettings({ timeoutMs: 1e9 }).timeoutMs, 60000);
  assert.equal(resolveSettings({ timeoutMs: "abc" }).timeoutMs, DEFAULT_SETTINGS.timeoutMs);
  assert.equal(resolveSettings({ serviceUrl: "javascript:x" }).serviceUrl, DEFAULT_SETTINGS.serviceUrl);
  assert.equal(resolveSettings({ apiKey: "  k  " }).apiKey, "k");
  assert.equal(resolveSettings({ apiKey: 7 }).apiKey, "");
});

test("originPattern covers every port of the host", () => {
  assert.equal(originPattern("http://127.0.0.1:8000"), "http://127.0.0.1/*");
  assert.equal(originPattern("https://veracity.example:8443/base"), "https://veracity.example/*");
});

test("isDefaultHost only for plain-http loopback names", () => {
  assert.equal(isDefaultHost("http://127.0.0.1:8000"), true);
  assert.equal(isDefaultHost("http://localhost:5000"), true);
  assert.equal(isDefaultHost("https://localhost:5000"), false);
  assert.equal(isDefaultHost("http://veracity.example"), false);
});
