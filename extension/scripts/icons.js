// Draws the toolbar icons (a blue disc with a white check mark) into src/icons/; run once by hand.

import { writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encodePng } from "./png.js";

const OUT = fileURLToPath(new URL("../src/icons/", import.meta.url));
const BLUE = [11, 92, 173];
const SAMPLES = 4;

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const t = Math.max(
    0,
    Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

// Coverage of one unit-square pixel, supersampled so the edges are smooth at 16 px.
function shade(x, y, pixel) {
  let disc = 0;
  let tick = 0;
  for (let i = 0; i < SAMPLES; i += 1) {
    for (let j = 0; j < SAMPLES; j += 1) {
      const u = x + ((i + 0.5) / SAMPLES) * pixel;
      const v = y + ((j + 0.5) / SAMPLES) * pixel;
      if (Math.hypot(u - 0.5, v - 0.5) <= 0.48) {
        disc += 1;
        const d = Math.min(
          distanceToSegment(u, v, [0.27, 0.52], [0.43, 0.68]),
          distanceToSegment(u, v, [0.43, 0.68], [0.74, 0.34]),
        );
        if (d <= 0.065) tick += 1;
      }
    }
  }
  const total = SAMPLES * SAMPLES;
  return { alpha: disc / total, white: disc ? tick / disc : 0 };
}

mkdirSync(OUT, { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const { alpha, white } = shade(x / size, y / size, 1 / size);
      const offset = (y * size + x) * 4;
      for (let c = 0; c < 3; c += 1) pixels[offset + c] = Math.round(BLUE[c] + (255 - BLUE[c]) * white);
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  writeFileSync(`${OUT}icon-${size}.png`, encodePng(size, size, pixels));
}
