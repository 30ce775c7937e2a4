/** The scanner's line limit: longer lines are skipped while streaming, counted, never held. */

import assert from "node:assert/strict";
import { type ByteReader, type LongLine, scanLines } from "../../src/io/line_scanner.ts";
import type { LineSearch } from "../../src/io/line_buffer.ts";

/** A reader of `size` bytes made by `byteAt`, never held whole; counts what it hands out. */
function generatedReader(size: number, byteAt: (offset: number) => number): ByteReader {
  let offset = 0;
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (offset >= size) return Promise.resolve(null);
      const count = Math.min(buffer.length, size - offset, 100_000);
      for (let i = 0; i < count; i++) buffer[i] = byteAt(offset + i);
      offset += count;
      return Promise.resolve(count);
    },
  };
}

function bytesReader(bytes: Uint8Array, chunk = 7): ByteReader {
  let offset = 0;
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (offset >= bytes.length) return Promise.resolve(null);
      const count = Math.min(buffer.length, bytes.length - offset, chunk);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return Promise.resolve(count);
    },
  };
}

const encoder = new TextEncoder();
const SEARCHES: LineSearch[] = ["wasm", "js"];

for (const search of SEARCHES) {
  Deno.test(`scanLines (${search}) skips lines over the limit and reports their numbers`, async () => {
    const text = "short\n" + "x".repeat(40) + "\nok\n" + "y".repeat(25) + "\r\nlast\n" +
      "z".repeat(30);
    const seen: string[] = [];
    const long: LongLine[] = [];
    const result = await scanLines(
      bytesReader(encoder.encode(text)),
      (bytes, position) => void seen.push(`${position.line}:${new TextDecoder().decode(bytes)}`),
      { blockSize: 4, maxLineBytes: 20, onLongLine: (line) => long.push({ ...line }), search },
    );
    assert.deepEqual(seen, ["1:short", "3:ok", "5:last"]);
    assert.deepEqual(long, [
      { line: 2, offset: 6, length: 40, complete: true },
      { line: 4, offset: 50, length: 25, complete: true },
      { line: 6, offset: 82, length: 30, complete: false },
    ]);
    assert.equal(result.longLines, 3);
    assert.equal(result.lines, 3);
    assert.equal(result.incomplete, null);
  });
}

Deno.test("scanLines keeps its buffer near the limit while a 200 MB line streams past", async () => {
  const size = 200 * 1024 * 1024 + 12;
  // "a\n", then one line of 200 MiB, then "b\n".
  const reader = generatedReader(size, (offset) => {
    if (offset === 1 || offset === size - 1 || offset === size - 3) return 0x0a;
    return offset === size - 2 ? 0x62 : 0x61;
  });
  const long: LongLine[] = [];
  const seen: number[] = [];
  const before = Deno.memoryUsage().rss;
  const result = await scanLines(reader, (_bytes, position) => void seen.push(position.line), {
    maxLineBytes: 1024 * 1024,
    onLongLine: (line) => long.push({ ...line }),
    search: "js",
  });
  const grown = Deno.memoryUsage().rss - before;
  assert.deepEqual(seen, [1, 3]);
  assert.deepEqual(long, [{ line: 2, offset: 2, length: size - 5, complete: true }]);
  assert.equal(result.longLines, 1);
  assert.ok(grown < 64 * 1024 * 1024, `RSS grew by ${grown} bytes`);
});
