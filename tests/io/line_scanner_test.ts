import assert from "node:assert/strict";
import { type ByteReader, type LinePosition, scanLines } from "../../src/io/line_scanner.ts";
import { lineKernelsMade, type LineSearch } from "../../src/io/line_buffer.ts";
import { FIXTURES, listJsonlFiles } from "../support/fixture_files.ts";

const CRAFTED = new URL("crafted/io/", FIXTURES);
const MIB = 1024 * 1024;

/** Bytes as a string of one char per byte, so `split("\n")` works on any bytes. */
function binary(bytes: Uint8Array): string {
  let text = "";
  for (let at = 0; at < bytes.length; at += 8192) {
    text += String.fromCharCode(...bytes.subarray(at, at + 8192));
  }
  return text;
}

interface SeenLine {
  text: string;
  line: number;
  offset: number;
}

/** The obvious implementation: split on "\n", drop one trailing "\r", last part is the tail. */
function referenceLines(bytes: Uint8Array): { lines: SeenLine[]; tail: string | null } {
  const parts = binary(bytes).split("\n");
  const lines: SeenLine[] = [];
  let offset = 0;
  for (let index = 0; index < parts.length - 1; index++) {
    const part = parts[index]!;
    lines.push({ text: part.replace(/\r$/, ""), line: index + 1, offset });
    offset += part.length + 1;
  }
  const last = parts[parts.length - 1]!;
  return { lines, tail: last === "" ? null : last.replace(/\r$/, "") };
}

/** Collects every line the scanner passes, copied. */
async function collect(reader: ByteReader, options: Parameters<typeof scanLines>[2] = {}) {
  const lines: SeenLine[] = [];
  const result = await scanLines(reader, (bytes, position) => {
    lines.push({ text: binary(bytes), line: position.line, offset: position.offset });
  }, options);
  return { lines, result };
}

/** An in-memory reader that returns at most `chunk` bytes per read and records what it saw. */
class MemoryReader implements ByteReader {
  #bytes: Uint8Array;
  #at: number;
  #chunk: number;
  largestBuffer = 0;
  totalRead = 0;
  reads = 0;

  constructor(bytes: Uint8Array, options: { chunk?: number; at?: number } = {}) {
    this.#bytes = bytes;
    this.#chunk = options.chunk ?? Number.MAX_SAFE_INTEGER;
    this.#at = options.at ?? 0;
  }

  read(buffer: Uint8Array): Promise<number | null> {
    this.reads++;
    this.largestBuffer = Math.max(this.largestBuffer, buffer.buffer.byteLength);
    if (this.#at >= this.#bytes.length) return Promise.resolve(null);
    const count = Math.min(buffer.length, this.#chunk, this.#bytes.length - this.#at);
    buffer.set(this.#bytes.subarray(this.#at, this.#at + count));
    this.#at += count;
    this.totalRead += count;
    return Promise.resolve(count);
  }
}

/** A real file reader that records the largest buffer it was asked to fill into. */
class MeasuringReader implements ByteReader {
  #file: Deno.FsFile;
  largestBuffer = 0;
  totalRead = 0;

  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  async read(buffer: Uint8Array): Promise<number | null> {
    this.largestBuffer = Math.max(this.largestBuffer, buffer.buffer.byteLength);
    const count = await this.#file.read(buffer);
    if (count !== null) this.totalRead += count;
    return count;
  }
}

const BLOCKS_AND_SEARCHES: [number | undefined, LineSearch][] = [
  [7, "js"],
  [64, "wasm"],
  [4096, "js"],
  [4096, "wasm"],
  [undefined, "js"],
  [undefined, "wasm"],
];

Deno.test("scanLines finds the same lines as a split on newline in every fixture, for any block size", async () => {
  const files = await listJsonlFiles();
  assert.ok(
    files.length >= 70,
    `expected the real captures under fixtures/, found ${files.length}`,
  );
  for (const url of files) {
    const bytes = await Deno.readFile(url);
    const expected = referenceLines(bytes);
    for (const [blockSize, search] of BLOCKS_AND_SEARCHES) {
      using file = await Deno.open(url);
      const options = blockSize === undefined ? { search } : { blockSize, search };
      const { lines, result } = await collect(file, options);
      const label = `${url.pathname} with block size ${blockSize ?? "default"}, ${search} search`;
      assert.deepEqual(lines, expected.lines, label);
      assert.equal(result.lines, expected.lines.length, label);
      assert.equal(result.bytes, bytes.length, label);
      assert.equal(
        result.incomplete === null ? null : binary(result.incomplete),
        expected.tail,
        label,
      );
      const tailStart = bytes.lastIndexOf(10) + 1;
      assert.equal(result.endOffset, tailStart, label);
      assert.equal(result.incompleteOffset, tailStart, label);
      assert.equal(result.stopped, false, label);
    }
  }
});

Deno.test("scanLines handles short reads of 1 to 13 bytes like one big read", async () => {
  const text = "first\r\n\r\n\nsecond line\r\nthird\rstill third\n\r\nlast without newline\r";
  const bytes = new TextEncoder().encode(text);
  const expected = referenceLines(bytes);
  for (let chunk = 1; chunk <= 13; chunk++) {
    for (const blockSize of [1, 2, 3, 5, 8, 64]) {
      const { lines, result } = await collect(new MemoryReader(bytes, { chunk }), { blockSize });
      assert.deepEqual(lines, expected.lines, `chunk ${chunk}, block ${blockSize}`);
      assert.equal(binary(result.incomplete!), "last without newline");
    }
  }
  assert.deepEqual(expected.lines.map((line) => line.text), [
    "first",
    "",
    "",
    "second line",
    "third\rstill third",
    "",
  ]);
});

Deno.test("scanLines finds newlines at every alignment among bytes that differ from one by a bit", async () => {
  // Lines of 0 to 40 bytes put newlines at every position within a 4-byte word and a 32-byte
  // SIMD step, next to near-misses (0x0b, 0x09, 0x8a, 0x1a, 0x00, 0xff) no search may take.
  const near = [0x0b, 0x09, 0x8a, 0x1a, 0x00, 0xff, 0x0d];
  const parts: number[] = [];
  for (let length = 0; length <= 40; length++) {
    for (let shift = 0; shift < near.length; shift++) {
      for (let i = 0; i < length; i++) parts.push(near[(i + shift) % near.length]!);
      parts.push(0x0a);
    }
  }
  parts.push(0x0b, 0x8a, 0x09);
  const bytes = new Uint8Array(parts);
  const expected = referenceLines(bytes);
  assert.equal(expected.lines.length, 41 * 7);
  for (const search of ["js", "wasm"] as const) {
    for (const blockSize of [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 31, 33, 4096]) {
      for (const chunk of [1, 3, 4, 5, 32, Number.MAX_SAFE_INTEGER]) {
        const reader = new MemoryReader(bytes, { chunk });
        const { lines, result } = await collect(reader, { blockSize, search });
        const label = `${search} search, block ${blockSize}, chunk ${chunk}`;
        assert.deepEqual(lines, expected.lines, label);
        assert.equal(binary(result.incomplete!), expected.tail, label);
      }
    }
  }
});

Deno.test("scanLines splits each capture into the lines and lengths its timing file records", async () => {
  let checked = 0;
  for (const url of await listJsonlFiles()) {
    if (url.pathname.endsWith(".timing.jsonl") || url.pathname.endsWith(".mock-requests.jsonl")) {
      continue;
    }
    const timingUrl = new URL(url.href.replace(/\.jsonl$/, ".timing.jsonl"));
    let timing: string;
    try {
      timing = await Deno.readTextFile(timingUrl);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      throw error;
    }
    const recorded = timing.trimEnd().split("\n").map((line) => {
      const entry = JSON.parse(line) as { line: number; bytes: number };
      return [entry.line, entry.bytes];
    });
    using file = await Deno.open(url);
    const seen: number[][] = [];
    const result = await scanLines(file, (bytes, { line }) => {
      seen.push([line, bytes.length]);
    });
    assert.deepEqual(seen, recorded, url.pathname);
    assert.equal(result.incomplete, null, url.pathname);
    checked++;
  }
  // 24 captures have a timing file; startup-codex-home-in-tmp.jsonl has none.
  assert.ok(checked >= 24, `expected timing files beside the captures, checked ${checked}`);
});

Deno.test("scanLines returns a torn last line as incomplete and never passes it to the handler", async () => {
  const original = await Deno.readFile(new URL("codex-0.153.4/simple.jsonl", FIXTURES));
  const originalLines = referenceLines(original).lines;
  const realLast = originalLines[originalLines.length - 1]!.text;
  using file = await Deno.open(new URL("torn-last-line.jsonl", CRAFTED));
  const { lines, result } = await collect(file, { blockSize: 4096 });
  assert.equal(lines.length, 50);
  assert.deepEqual(lines, originalLines.slice(0, 50));
  assert.equal(lines.some((line) => line.text.includes(realLast.slice(0, 100))), false);
  assert.ok(result.incomplete !== null);
  assert.equal(binary(result.incomplete), realLast.slice(0, 178));
  assert.throws(() => JSON.parse(binary(result.incomplete!)), SyntaxError);
  assert.equal(result.incompleteOffset, originalLines[50]!.offset);
  assert.equal(result.endOffset, result.incompleteOffset);
  assert.equal(result.bytes, result.incompleteOffset + 178);
});

Deno.test("scanLines reports a complete JSON last line without a newline as incomplete", async () => {
  const original = referenceLines(
    await Deno.readFile(new URL("codex-0.47.0/simple.jsonl", FIXTURES)),
  );
  using file = await Deno.open(new URL("no-final-newline.jsonl", CRAFTED));
  const { lines, result } = await collect(file);
  assert.equal(lines.length, original.lines.length - 1);
  const last = original.lines[original.lines.length - 1]!;
  assert.equal(binary(result.incomplete!), last.text);
  assert.equal(result.incompleteOffset, last.offset);
  assert.equal((JSON.parse(binary(result.incomplete!)) as { id: number }).id, 1);
});

Deno.test("scanLines strips one carriage return from each CRLF line", async () => {
  const original = referenceLines(
    await Deno.readFile(new URL("codex-0.153.4/shell.jsonl", FIXTURES)),
  );
  for (const blockSize of [7, 1000, undefined]) {
    using file = await Deno.open(new URL("crlf.jsonl", CRAFTED));
    const { lines, result } = await collect(file, blockSize === undefined ? {} : { blockSize });
    assert.equal(lines.length, 64);
    // Same text; each earlier line is one byte longer, so line n starts n - 1 bytes later.
    assert.deepEqual(
      lines,
      original.lines.map((line) => ({ ...line, offset: line.offset + line.line - 1 })),
    );
    assert.equal(lines.some((line) => line.text.includes("\r")), false);
    assert.equal(result.incomplete, null);
  }
});

Deno.test("scanLines passes lines with invalid UTF-8 through byte for byte", async () => {
  const bytes = await Deno.readFile(new URL("invalid-utf8.jsonl", CRAFTED));
  using file = await Deno.open(new URL("invalid-utf8.jsonl", CRAFTED));
  const { lines, result } = await collect(file, { blockSize: 16 });
  assert.equal(lines.length, 5);
  assert.ok(lines[1]!.text.endsWith("\xff\xfe\x80 and a cut character \xe2\x82"));
  assert.ok(lines[3]!.text.includes("tiny \xc3\x28 demo \xff project \xe2\x82:"));
  assert.equal(result.bytes, bytes.length);
});

Deno.test("scanLines keeps ANSI-coloured stderr lines and stderr-only files as plain lines", async () => {
  using ansi = await Deno.open(new URL("ansi-stderr.jsonl", CRAFTED));
  const ansiLines = (await collect(ansi)).lines;
  assert.deepEqual(ansiLines.map((line) => line.text.startsWith("{")), [true, false, true, true]);
  assert.ok(ansiLines[1]!.text.startsWith("\x1b[2m2026-"));

  using noise = await Deno.open(new URL("stderr-only.jsonl", CRAFTED));
  const { lines, result } = await collect(noise);
  assert.equal(lines.length, 9);
  assert.equal(lines.some((line) => line.text.startsWith("{")), false);
  assert.equal(result.incomplete, null);
});

Deno.test("scanLines on an empty file calls nothing and returns zero lines", async () => {
  using file = await Deno.open(new URL("empty.jsonl", CRAFTED));
  let calls = 0;
  let progress = 0;
  const result = await scanLines(file, () => {
    calls++;
  }, { onProgress: () => progress++ });
  assert.equal(calls, 0);
  assert.equal(progress, 0);
  assert.deepEqual(result, {
    lines: 0,
    bytes: 0,
    endOffset: 0,
    incomplete: null,
    incompleteOffset: 0,
    stopped: false,
    longLines: 0,
    bufferSize: 1024 * 1024,
    mostHeld: 0,
  });
});

Deno.test("scanLines stops after the handler returns false and a second scan resumes there", async () => {
  const url = new URL("codex-0.153.4/interleaved.jsonl", FIXTURES);
  const expected = referenceLines(await Deno.readFile(url)).lines;
  using file = await Deno.open(url);
  const first: SeenLine[] = [];
  const stopped = await scanLines(file, (bytes, position) => {
    first.push({ text: binary(bytes), line: position.line, offset: position.offset });
    return position.line === 3 ? false : undefined;
  }, { blockSize: 100 });
  assert.deepEqual(first, expected.slice(0, 3));
  assert.equal(stopped.stopped, true);
  assert.equal(stopped.lines, 3);
  assert.equal(stopped.endOffset, expected[3]!.offset);
  assert.equal(stopped.incomplete, null);

  // The file's position is past endOffset now: the scanner must seek back to startOffset.
  const { lines, result } = await collect(file, {
    startOffset: stopped.endOffset,
    startLine: stopped.lines + 1,
  });
  assert.deepEqual(lines, expected.slice(3));
  assert.equal(result.endOffset, (await file.stat()).size);
});

Deno.test("scanLines trusts a reader without seek to be at startOffset and reports absolute offsets", async () => {
  const bytes = await Deno.readFile(new URL("codex-0.47.0/shell.jsonl", FIXTURES));
  const expected = referenceLines(bytes).lines;
  const from = expected[10]!;
  const reader = new MemoryReader(bytes, { at: from.offset, chunk: 50 });
  const { lines, result } = await collect(reader, {
    startOffset: from.offset,
    startLine: 11,
    blockSize: 64,
  });
  assert.deepEqual(lines, expected.slice(10));
  assert.equal(result.bytes, bytes.length - from.offset);
  assert.equal(result.endOffset, bytes.length);
});

Deno.test("scanLines reports growing progress that ends at the bytes read", async () => {
  const url = new URL("codex-0.47.0/stuck-loop.jsonl", FIXTURES);
  const size = (await Deno.stat(url)).size;
  using file = await Deno.open(url);
  const reports: number[] = [];
  const result = await scanLines(file, () => {}, {
    blockSize: 4096,
    onProgress: (read) => reports.push(read),
  });
  assert.ok(reports.length >= Math.floor(size / 4096));
  assert.deepEqual(reports, [...reports].sort((a, b) => a - b));
  assert.equal(reports[reports.length - 1], size);
  assert.equal(result.bytes, size);
});

Deno.test("scanLines rejects with the abort reason once its signal is aborted", async () => {
  const bytes = await Deno.readFile(new URL("codex-0.47.0/stuck-loop.jsonl", FIXTURES));
  const controller = new AbortController();
  const reason = new Error("stop scanning");
  let seen = 0;
  await assert.rejects(
    scanLines(new MemoryReader(bytes), () => {
      if (++seen === 5) controller.abort(reason);
    }, { blockSize: 1024, signal: controller.signal }),
    (error) => error === reason,
  );
  assert.ok(seen >= 5 && seen < 164, `stopped after ${seen} lines`);

  const early = new AbortController();
  early.abort(reason);
  let calls = 0;
  await assert.rejects(
    scanLines(new MemoryReader(bytes), () => {
      calls++;
    }, { signal: early.signal }),
    (error) => error === reason,
  );
  assert.equal(calls, 0);
});

Deno.test("scanLines passes views into one reused buffer and may reuse the position object", async () => {
  const bytes = new TextEncoder().encode("alpha\nbeta\ngamma\n");
  const buffers = new Set<ArrayBufferLike>();
  const positions = new Set<LinePosition>();
  await scanLines(new MemoryReader(bytes), (line, position) => {
    buffers.add(line.buffer);
    positions.add(position);
  });
  assert.equal(buffers.size, 1);
  assert.equal(positions.size, 1);
});

Deno.test("scanLines rejects a block size below 1 or a negative start offset", async () => {
  const reader = new MemoryReader(new Uint8Array(0));
  await assert.rejects(scanLines(reader, () => {}, { blockSize: 0 }), RangeError);
  await assert.rejects(scanLines(reader, () => {}, { blockSize: 1.5 }), RangeError);
  await assert.rejects(scanLines(reader, () => {}, { startOffset: -1 }), RangeError);
});

Deno.test("scanLines reads a 50 MB line once, growing its buffer only to the next power of two", async () => {
  const length = 50 * MIB;
  const directory = await Deno.makeTempDir({ prefix: "codexmon-line-scanner-" });
  try {
    const path = `${directory}/long-line.jsonl`;
    const content = new Uint8Array(length + 7);
    for (let at = 0; at < length; at++) content[at] = 32 + (at % 91);
    content.set(new TextEncoder().encode("\nshort\n"), length);
    await Deno.writeFile(path, content);

    using file = await Deno.open(path);
    const reader = new MeasuringReader(file);
    const seen: { length: number; first: number; last: number; offset: number }[] = [];
    let shortLine = "";
    const result = await scanLines(reader, (bytes, { line, offset }) => {
      seen.push({ length: bytes.length, first: bytes[0]!, last: bytes[bytes.length - 1]!, offset });
      if (line === 2) shortLine = new TextDecoder().decode(bytes);
    });
    assert.deepEqual(seen[0], { length, first: 32, last: 32 + ((length - 1) % 91), offset: 0 });
    assert.equal(shortLine, "short");
    assert.equal(seen[1]!.offset, length + 1);
    assert.equal(result.lines, 2);
    assert.equal(result.bytes, content.length);
    assert.equal(reader.totalRead, content.length);
    assert.equal(result.incomplete, null);
    // 1 MiB doubled until the 50 MB line fits: 64 MiB of data, never more (the WebAssembly
    // memory holding it adds one 64 KiB page for the newline positions).
    assert.ok(reader.largestBuffer >= 64 * MIB && reader.largestBuffer <= 64 * MIB + 65536);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("scans with tiny blocks and many scans in a row reuse one WebAssembly kernel", async () => {
  // Every kernel reserves gigabytes of address space that the collector frees late: a scan
  // that made one per block ran a test process out of address space.
  const parts: number[] = [];
  for (let line = 0; line < 300; line++) parts.push(0x61, 0x62, 0x63, 0x64, 0x0a);
  const bytes = new Uint8Array(parts);
  await collect(new MemoryReader(bytes), { blockSize: 3, search: "wasm" });
  const before = lineKernelsMade();
  for (let scan = 0; scan < 50; scan++) {
    const { lines } = await collect(new MemoryReader(bytes), { blockSize: 3, search: "wasm" });
    assert.equal(lines.length, 300);
  }
  assert.equal(lineKernelsMade() - before, 0);
});
