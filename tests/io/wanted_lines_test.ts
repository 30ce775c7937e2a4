import assert from "node:assert/strict";
import { scanWantedLines, type SyncReader } from "../../src/io/wanted_lines.ts";
import type { LineSearch } from "../../src/io/line_buffer.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An in-memory reader returning at most `chunk` bytes per read. */
class ChunkReader implements SyncReader {
  #bytes: Uint8Array;
  #at = 0;
  #chunk: number;
  constructor(bytes: Uint8Array, chunk: number) {
    this.#bytes = bytes;
    this.#chunk = chunk;
  }
  readSync(buffer: Uint8Array): number | null {
    if (this.#at >= this.#bytes.length) return null;
    const count = Math.min(buffer.length, this.#chunk, this.#bytes.length - this.#at);
    buffer.set(this.#bytes.subarray(this.#at, this.#at + count));
    this.#at += count;
    return count;
  }
}

/** The obvious way: split on "\n", drop one "\r", keep complete lines whose start is wanted. */
function reference(text: string, wants: (prefix: string) => boolean, prefixBytes: number) {
  const parts = text.split("\n").slice(0, -1).map((line) => line.replace(/\r$/, ""));
  return parts.filter((line) => wants(line.slice(0, prefixBytes)));
}

const wantsKeep = (prefix: string) => prefix.startsWith("keep") || prefix.startsWith("{");

/** Lines of every length around the prefix and block sizes, CRs, empty lines, a torn end. */
function sample(): string {
  const lines: string[] = [];
  for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1000, 5000]) {
    for (const start of ["keep", "skip", "{", "ke", ""]) {
      const line = (start + "abcdefghij".repeat(length)).slice(0, Math.max(length, start.length));
      lines.push(line, `${line}\r`, `${line}\r\r`);
    }
  }
  return lines.join("\n") + "\nkeep torn last line";
}

Deno.test("scanWantedLines passes exactly the complete lines whose start is wanted, in order", () => {
  const text = sample();
  const bytes = encoder.encode(text);
  for (const search of ["wasm", "js"] as LineSearch[]) {
    for (
      const [blockSize, chunk] of [[9, 3], [16, 16], [17, 5], [64, 1000], [4096, 4096]] as const
    ) {
      for (const prefixBytes of [4, 8]) {
        const seen: string[] = [];
        const result = scanWantedLines(new ChunkReader(bytes, chunk), {
          prefixBytes,
          blockSize,
          search,
          wants: (prefix) => wantsKeep(decoder.decode(prefix)),
          onLine: (line) => seen.push(decoder.decode(line)),
        });
        const expected = reference(text, wantsKeep, prefixBytes);
        const label = `${search}, block ${blockSize}, chunk ${chunk}, prefix ${prefixBytes}`;
        assert.deepEqual(seen, expected, label);
        assert.equal(result.wanted, expected.length, label);
        assert.equal(result.lines, text.split("\n").length - 1, label);
        assert.equal(result.bytes, bytes.length, label);
      }
    }
  }
});

Deno.test("scanWantedLines scans bytes already read first, then the reader", () => {
  const text = sample();
  const bytes = encoder.encode(text);
  const expected = reference(text, wantsKeep, 8);
  for (let lineStart = 0; lineStart < bytes.length;) {
    const seen: string[] = [];
    const result = scanWantedLines(new ChunkReader(bytes.subarray(lineStart), 7), {
      prefixBytes: 8,
      blockSize: 64,
      initial: bytes.slice(0, lineStart),
      wants: (prefix) => wantsKeep(decoder.decode(prefix)),
      onLine: (line) => seen.push(decoder.decode(line)),
    });
    assert.deepEqual(seen, expected, `first ${lineStart} bytes given`);
    assert.equal(result.bytes, bytes.length);
    // Every 37th line start, up to a few kilobytes past the buffer's size.
    for (let skip = 0; skip < 37 && lineStart < bytes.length; skip++) {
      const newline = bytes.indexOf(0x0a, lineStart);
      lineStart = newline < 0 ? bytes.length : newline + 1;
    }
  }
});

Deno.test("scanWantedLines asks about each line once and passes a wanted line longer than its buffer whole", () => {
  const long = `keep${"y".repeat(100_000)}`;
  const text = `skip${"n".repeat(100_000)}\n${long}\nkeep short\n`;
  const asked: string[] = [];
  const seen: string[] = [];
  scanWantedLines(new ChunkReader(encoder.encode(text), 1000), {
    prefixBytes: 4,
    blockSize: 4096,
    wants: (prefix) => {
      asked.push(decoder.decode(prefix));
      return asked.at(-1) === "keep";
    },
    onLine: (line) => seen.push(decoder.decode(line)),
  });
  assert.deepEqual(asked, ["skip", "keep", "keep"]);
  assert.deepEqual(seen, [long, "keep short"]);
});

Deno.test("scanWantedLines refuses a block no larger than the prefix", () => {
  assert.throws(
    () =>
      scanWantedLines(new ChunkReader(new Uint8Array(0), 1), {
        prefixBytes: 8,
        blockSize: 8,
        wants: () => true,
        onLine: () => {},
      }),
    RangeError,
  );
});
