// Builds dist/chrome/ and dist/firefox/ (unpacked) and their zips from the one source in src/.

import { readFileSync, writeFileSync, readdirSync, rmSync, mkdirSync, statSync } from "node:fs";
import { join, relative, dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { createZip } from "./zip.js";
import { manifestFor } from "./manifest-targets.js";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const DIST = fileURLToPath(new URL("../../dist/", import.meta.url));

function listFiles(dir) {
  return readdirSync(dir)
    .filter((name) => !name.startsWith("."))
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

function build(target) {
  const outDir = join(DIST, target);
  rmSync(outDir, { recursive: true, force: true });
  const source = JSON.parse(readFileSync(join(SRC, "manifest.json"), "utf8"));
  const entries = listFiles(SRC).map((path) => {
    const name = relative(SRC, path).split(sep).join("/");
    const data =
      name === "manifest.json"
        ? Buffer.from(`${JSON.stringify(manifestFor(source, target), null, 2)}\n`)
        : readFileSync(path);
    return { name, data };
  });
  for (const { name, data } of entries) {
    const out = join(outDir, name);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, data);
  }
  const zipPath = join(DIST, `veracity-${target}.zip`);
  writeFileSync(zipPath, createZip(entries));
  console.log(`built ${relative(process.cwd(), zipPath)} (${entries.length} files)`);
}

mkdirSync(DIST, { recursive: true });
for (const target of ["chrome", "firefox"]) build(target);
