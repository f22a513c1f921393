// Per-browser manifests: each build drops the keys only the other browser uses, which would warn.

/** A copy of the source manifest for "chrome" or "firefox". */
export function manifestFor(source, target) {
  const manifest = structuredClone(source);
  if (target === "chrome") {
    delete manifest.browser_specific_settings;
    delete manifest.background.scripts;
  } else if (target === "firefox") {
    delete manifest.background.service_worker;
  } else {
    throw new Error(`unknown target ${target}`);
  }
  return manifest;
}
