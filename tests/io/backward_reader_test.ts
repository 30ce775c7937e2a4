import assert from "node:assert/strict";
import { type BackwardLine, readLinesBackward } from "../../src/io/backward_reader.ts";
import { scanLines } from "../../src/io/line_scanner.ts";
import { FIXTURES, listJsonlFiles } from "../support/fixture_files.ts";

const CRAFTED = new URL("crafted/io/", FIXTURES);

interface PlainLine {
  bytes: string;
  offset: number;
  complete: boolean;
}

/** Bytes as a string of one char per byte: any bytes, compared fast. */
function binary(bytes: Uint8Array): string {
  let text = "";
  for (let at = 0; at < bytes.length; at += 8192) {
    text += String.fromCharCode(...bytes.subarray(at, at + 8192));
  }
  return text;
}

function plain(line: BackwardLine): PlainLine {
  return { bytes: binary(line.bytes), offset: line.offset, complete: line.complete };
}

/** What the forward scanner sees in `bytes`, last line first, the torn tail (if any) on top. */
async function forwardReversed(bytes: Uint8Array): Promise<PlainLine[]> {
  let at = 0;
  const reader = {
    read(buffer: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      const count = Math.min(buffer.length, bytes.length - at);
      buffer.set(bytes.subarray(at, at + count));
      at += count;
      return Promise.resolve(count);
    },
  };
  const lines: PlainLine[] = [];
  const result = await scanLines(reader, (line, { offset }) => {
    lines.push({ bytes: binary(line), offset, complete: true });
  });
  if (result.incomplete !== null) {
    lines.push({
      bytes: binary(result.incomplete),
      offset: result.incompleteOffset,
      complete: false,
    });
  }
  return lines.reverse();
}

async function readAllBackward(
  file: Deno.FsFile,
  options: Parameters<typeof readLinesBackward>[1] = {},
): Promise<PlainLine[]> {
  const lines: PlainLine[] = [];
  for await (const line of readLinesBackward(file, options)) lines.push(plain(line));
  return lines;
}

/** A real file that counts the bytes read through it. */
class CountingFile {
  #file: Deno.FsFile;
  bytesRead = 0;

  constructor(file: Deno.FsFile) {
    this.#file = file;
  }

  seek(offset: number, whence: Deno.SeekMode): Promise<number> {
    return this.#file.seek(offset, whence);
  }

  stat(): Promise<Deno.FileInfo> {
    return this.#file.stat();
  }

  async read(buffer: Uint8Array): Promise<number | null> {
    const count = await this.#file.read(buffer);
    if (count !== null) this.bytesRead += count;
    return count;
  }
}

Deno.test("readLinesBackward gives exactly the forward lines in reverse for every fixture and block size", async () => {
  const files = await listJsonlFiles();
  assert.ok(
    files.length >= 70,
    `expected the real captures under fixtures/, found ${files.length}`,
  );
  for (const url of files) {
    const bytes = await Deno.readFile(url);
    const expected = await forwardReversed(bytes);
    // Each block costs a seek and a read: 7-byte blocks below 20 KB, 61 bytes above.
    for (const blockSize of [bytes.length > 20_000 ? 61 : 7, 4096, undefined]) {
      using file = await Deno.open(url);
      const lines = await readAllBackward(file, blockSize === undefined ? {} : { blockSize });
      assert.deepEqual(
        lines,
        expected,
        `${url.pathname} with block size ${blockSize ?? "default"}`,
      );
    }
  }
});

Deno.test("readLinesBackward agrees with forward reading on CR, LF and empty lines for block sizes 1 to 12", async () => {
  const cases = [
    "",
    "\n",
    "\n\n",
    "\r\n",
    "a",
    "a\r",
    "\nabc\n",
    "one\r\ntwo\r\n\r\nthree\rx\nfour",
    "x\n\r\n\n\ry\r\r\n",
  ];
  for (const text of cases) {
    const bytes = new TextEncoder().encode(text);
    const expected = await forwardReversed(bytes);
    const directory = await Deno.makeTempDir({ prefix: "codexmon-backward-" });
    try {
      await Deno.writeFile(`${directory}/case.txt`, bytes);
      for (let blockSize = 1; blockSize <= 12; blockSize++) {
        using file = await Deno.open(`${directory}/case.txt`);
        assert.deepEqual(
          await readAllBackward(file, { blockSize }),
          expected,
          JSON.stringify(text),
        );
      }
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  }
});

Deno.test("readLinesBackward yields a torn tail first, marked incomplete", async () => {
  const original = await Deno.readFile(new URL("codex-0.153.4/simple.jsonl", FIXTURES));
  const originalLines = new TextDecoder().decode(original).trimEnd().split("\n");
  using file = await Deno.open(new URL("torn-last-line.jsonl", CRAFTED));
  const lines: BackwardLine[] = [];
  for await (const line of readLinesBackward(file)) lines.push(line);
  assert.equal(lines.length, 51);
  assert.equal(lines[0]!.complete, false);
  assert.equal(new TextDecoder().decode(lines[0]!.bytes), originalLines[50]!.slice(0, 178));
  assert.equal(lines.slice(1).every((line) => line.complete), true);
  assert.equal(new TextDecoder().decode(lines[1]!.bytes), originalLines[49]);
  assert.equal(lines[50]!.offset, 0);
});

Deno.test("readLinesBackward yields nothing for an empty file", async () => {
  using file = await Deno.open(new URL("empty.jsonl", CRAFTED));
  assert.deepEqual(await readAllBackward(file), []);
});

Deno.test("readLinesBackward strips the carriage return of CRLF lines", async () => {
  const original = new TextDecoder().decode(
    await Deno.readFile(new URL("codex-0.153.4/shell.jsonl", FIXTURES)),
  );
  using file = await Deno.open(new URL("crlf.jsonl", CRAFTED));
  const texts: string[] = [];
  for await (const line of readLinesBackward(file, { blockSize: 333 })) {
    texts.push(new TextDecoder().decode(line.bytes));
  }
  assert.deepEqual(texts, original.trimEnd().split("\n").reverse());
});

Deno.test("readLinesBackward stops at endOffset, mid-line or at a line end", async () => {
  const url = new URL("codex-0.47.0/shell.jsonl", FIXTURES);
  const bytes = await Deno.readFile(url);
  const lineEnd = bytes.indexOf(10, 2000) + 1;
  for (const endOffset of [lineEnd, lineEnd + 40, 0, 1]) {
    using file = await Deno.open(url);
    assert.deepEqual(
      await readAllBackward(file, { endOffset, blockSize: 64 }),
      await forwardReversed(bytes.subarray(0, endOffset)),
      `endOffset ${endOffset}`,
    );
  }
});

Deno.test("readLinesBackward reads only the end of a file for its last lines", async () => {
  // big-output.jsonl is 901,267 bytes; its last 3 lines are short.
  const url = new URL("codex-0.47.0/big-output.jsonl", FIXTURES);
  const size = (await Deno.stat(url)).size;
  using real = await Deno.open(url);
  const counting = new CountingFile(real);
  const lines: BackwardLine[] = [];
  for await (const line of readLinesBackward(counting as unknown as Deno.FsFile)) {
    lines.push(line);
    if (lines.length === 3) break;
  }
  assert.equal(lines.length, 3);
  assert.ok(counting.bytesRead <= 64 * 1024, `read ${counting.bytesRead} of ${size} bytes`);
  const text = new TextDecoder().decode(await Deno.readFile(url)).trimEnd().split("\n");
  assert.deepEqual(
    lines.map((line) => new TextDecoder().decode(line.bytes)),
    text.slice(-3).reverse(),
  );
});

Deno.test("readLinesBackward assembles a 5 MB line from many blocks", async () => {
  const length = 5 * 1024 * 1024;
  const directory = await Deno.makeTempDir({ prefix: "codexmon-backward-" });
  try {
    // "head\n", the long line, "\r\n", then a torn "tail".
    const bytes = new Uint8Array(5 + length + 6);
    bytes.set(new TextEncoder().encode("head\n"));
    for (let at = 5; at < length + 5; at++) bytes[at] = 33 + (at % 89);
    bytes.set(new TextEncoder().encode("\r\ntail"), length + 5);
    await Deno.writeFile(`${directory}/long.jsonl`, bytes);
    using file = await Deno.open(`${directory}/long.jsonl`);
    const lines: BackwardLine[] = [];
    for await (const line of readLinesBackward(file)) lines.push(line);
    assert.deepEqual(lines.map((line) => [line.offset, line.complete, line.bytes.length]), [
      [length + 7, false, 4],
      [5, true, length],
      [0, true, 4],
    ]);
    assert.deepEqual(lines[1]!.bytes, bytes.subarray(5, length + 5));
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("readLinesBackward rejects a block size below 1 and a negative end offset", async () => {
  using file = await Deno.open(new URL("empty.jsonl", CRAFTED));
  await assert.rejects(readAllBackward(file, { blockSize: 0 }), RangeError);
  await assert.rejects(readAllBackward(file, { endOffset: -5 }), RangeError);
});
