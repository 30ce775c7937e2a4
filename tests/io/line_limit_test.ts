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
const decoder = new TextDecoder();
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

/** A pipe: `chunk` bytes per read, no `seek`, and `readSync` only when `sync` is set. */
function pipeReader(bytes: Uint8Array, chunk: number, sync: boolean): ByteReader {
  let offset = 0;
  const readSync = (buffer: Uint8Array): number | null => {
    if (offset >= bytes.length) return null;
    const count = Math.min(buffer.length, bytes.length - offset, chunk);
    buffer.set(bytes.subarray(offset, offset + count));
    offset += count;
    return count;
  };
  const read = (buffer: Uint8Array) => Promise.resolve(readSync(buffer));
  return sync ? { read, readSync } : { read };
}

/** "a\n", a line of `long` bytes (CRLF), "b\n", a line of `long` bytes again, "c" (torn). */
function pipeInput(long: number): Uint8Array {
  const bytes = new Uint8Array(2 + long + 2 + 2 + long + 1 + 1).fill(0x78);
  bytes.set(encoder.encode("a\n"), 0);
  bytes.set(encoder.encode("\r\nb\n"), 2 + long);
  bytes.set(encoder.encode("\nc"), 2 + long + 4 + long);
  return bytes;
}

for (const search of SEARCHES) {
  for (const sync of [true, false]) {
    const reads = sync ? "read synchronously" : "awaited";
    Deno.test(`scanLines (${search}, ${reads}) holds at most the limit and one block of a long line from a pipe`, async () => {
      const maxLineBytes = 10_000;
      const blockSize = 1_000;
      const long = 1_000_000;
      const seen: string[] = [];
      const longLines: LongLine[] = [];
      const result = await scanLines(
        pipeReader(pipeInput(long), 100, sync),
        (bytes, { line, offset }) => void seen.push(`${line}@${offset}:${decoder.decode(bytes)}`),
        { blockSize, maxLineBytes, search, onLongLine: (line) => longLines.push({ ...line }) },
      );
      assert.ok(result.bufferSize <= maxLineBytes + blockSize, `buffer of ${result.bufferSize}`);
      assert.ok(result.mostHeld <= maxLineBytes + blockSize, `held ${result.mostHeld} bytes`);
      // The lines after each skipped line keep their numbers and offsets.
      assert.deepEqual(seen, ["1@0:a", `3@${long + 4}:b`]);
      assert.deepEqual(longLines, [
        { line: 2, offset: 2, length: long, complete: true },
        { line: 4, offset: long + 6, length: long, complete: true },
      ]);
      assert.equal(decoder.decode(result.incomplete!), "c");
      assert.equal(result.lines + result.longLines + 1, 5);
      assert.equal(result.bytes, 2 * long + 8);
    });
  }
}

Deno.test("scanLines still passes a line just under the limit whole from a pipe", async () => {
  const maxLineBytes = 10_000;
  const bytes = new Uint8Array(maxLineBytes + 3).fill(0x79);
  bytes.set(encoder.encode("\nz\n"), maxLineBytes);
  const lengths: number[] = [];
  const result = await scanLines(
    pipeReader(bytes, 100, true),
    (line) => void lengths.push(line.length),
    {
      blockSize: 1_000,
      maxLineBytes,
    },
  );
  assert.deepEqual(lengths, [maxLineBytes, 1]);
  assert.equal(result.longLines, 0);
  assert.ok(result.mostHeld <= maxLineBytes + 1_000);
});

for (const sync of [true, false]) {
  const reads = sync ? "read synchronously" : "awaited";
  Deno.test(`scanLines (${reads}) keeps a long line from a pipe in a temporary file, not in memory`, async () => {
    const spillAfter = 2_000;
    const maxLineBytes = 10_000;
    const blockSize = 1_000;
    // Lines: "a", 6,000 bytes ending in CR (kept), 1 MB (skipped), "b", 8,000 bytes torn.
    const kept = "k".repeat(5_999) + "\r";
    const text = "a\n" + kept + "\n" + "x".repeat(1_000_000) + "\nb\n" + "t".repeat(8_000);
    const seen: string[] = [];
    const longLines: LongLine[] = [];
    const result = await scanLines(
      pipeReader(encoder.encode(text), 100, sync),
      (bytes, { line, offset }) => void seen.push(`${line}@${offset}:${decoder.decode(bytes)}`),
      {
        blockSize,
        maxLineBytes,
        spillAfter,
        onLongLine: (line) => longLines.push({ ...line }),
      },
    );
    assert.deepEqual(seen, ["1@0:a", `2@2:${kept.slice(0, -1)}`, `4@${1_006_004}:b`]);
    assert.deepEqual(longLines, [{ line: 3, offset: 6_003, length: 1_000_000, complete: true }]);
    assert.equal(decoder.decode(result.incomplete!), "t".repeat(8_000));
    assert.equal(result.incompleteOffset, 1_006_006);
    assert.equal(result.lines + result.longLines, 4);
    // The buffer never held more than the spill threshold and two blocks.
    assert.ok(result.mostHeld <= spillAfter + 2 * blockSize, `held ${result.mostHeld} bytes`);
    assert.ok(result.bufferSize <= maxLineBytes + blockSize);
  });
}

Deno.test("scanLines skips a torn long line kept in a temporary file once it passes the limit", async () => {
  const text = "a\n" + "y".repeat(30_000);
  const longLines: LongLine[] = [];
  const result = await scanLines(pipeReader(encoder.encode(text), 300, true), () => {}, {
    blockSize: 1_000,
    maxLineBytes: 10_000,
    spillAfter: 2_000,
    onLongLine: (line) => longLines.push({ ...line }),
  });
  assert.deepEqual(longLines, [{ line: 2, offset: 2, length: 30_000, complete: false }]);
  assert.equal(result.incomplete, null);
  assert.equal(result.endOffset, 2);
});
