// The build's ZIP writer produces archives whose entries read back byte for byte.

import { test } from "node:test";
import assert from "node:assert/strict";
import { inflateRawSync, crc32 } from "node:zlib";
import { createZip } from "../scripts/zip.js";

/** Read entries back through the central directory, as unzip does. */
function readZip(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    assert.equal(buffer.readUInt32LE(at), 0x02014b50);
    const size = buffer.readUInt32LE(at + 20);
    const crc = buffer.readUInt32LE(at + 16);
    const nameLength = buffer.readUInt16LE(at + 28);
    const name = buffer.toString("utf8", at + 46, at + 46 + nameLength);
    const local = buffer.readUInt32LE(at + 42);
    const localName = buffer.readUInt16LE(local + 26);
    const start = local + 30 + localName;
    const data = inflateRawSync(buffer.subarray(start, start + size));
    assert.equal(crc32(data) >>> 0, crc);
    entries.push({ name, data: data.toString("utf8") });
    at += 46 + nameLength;
  }
  return entries;
}

test("round trip", () => {
  const entries = [
    { name: "manifest.json", data: Buffer.from('{"a": 1}\n') },
    { name: "content/card.js", data: Buffer.from("x".repeat(5000)) },
    { name: "empty.txt", data: Buffer.alloc(0) },
  ];
  const read = readZip(createZip(entries));
  assert.deepEqual(
    read,
    entries.map(({ name, data }) => ({ name, data: data.toString("utf8") })),
  );
});

test("the same input gives the same bytes", () => {
  const entries = [{ name: "a.txt", data: Buffer.from("same") }];
  assert.deepEqual(createZip(entries), createZip(entries));
});
