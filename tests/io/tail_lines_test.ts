import assert from "node:assert/strict";
import { readTail, readTailForward } from "../../src/io/tail_lines.ts";
import type { ByteReader } from "../../src/io/line_scanner.ts";
import { isSideFile } from "../../src/io/inputs.ts";
import { listJsonlFiles } from "../support/fixture_files.ts";

const decoder = new TextDecoder();

Deno.test("reading a tail backwards and forwards gives the same lines and line numbers", async () => {
  let compared = 0;
  for (const url of await listJsonlFiles()) {
    if (isSideFile(url.pathname)) continue;
    const physical = Deno.readTextFileSync(url).split("\n");
    for (const mode of ["events", "lines"] as const) {
      for (const count of [1, 3, 50]) {
        for (const keepText of [false, true]) {
          const options = { count, mode, keepText };
          const backward = await readTail(url.pathname, options);
          using file = await Deno.open(url);
          const forward = await readTailForward(file, options);
          const label = `${url.pathname} ${mode} ${count} ${keepText}`;
          assert.deepEqual(
            forward.lines.map(({ line, bytes }) => [line, decoder.decode(bytes)]),
            backward.lines.map(({ line, bytes }) => [line, decoder.decode(bytes)]),
            label,
          );
          assert.equal(forward.reachedStart, backward.reachedStart, label);
          // Line numbers are those of the file: each line is the file's line of that number.
          for (const { line, bytes } of backward.lines) {
            assert.equal(decoder.decode(bytes), physical[line - 1]!.replace(/\r$/, ""), label);
          }
          compared += 1;
        }
      }
    }
  }
  assert.ok(compared > 300, `${compared} comparisons`);
});

/** A pipe: no seek, 64 KiB per read, like `cat file | codexmon parse --last N -`. */
function pipeOf(bytes: Uint8Array): ByteReader {
  let offset = 0;
  const readSync = (buffer: Uint8Array): number | null => {
    if (offset >= bytes.length) return null;
    const count = Math.min(buffer.length, bytes.length - offset, 65_536);
    buffer.set(bytes.subarray(offset, offset + count));
    offset += count;
    return count;
  };
  return { read: (buffer) => Promise.resolve(readSync(buffer)), readSync };
}

Deno.test("a tail read from a pipe numbers the lines after skipped and kept long lines as the file does", async () => {
  const MIB = 1024 * 1024;
  // A 6 MiB line (kept: passes the spill threshold, not the limit) and a 20 MiB one (skipped).
  const kept = `{"n":"${"k".repeat(6 * MIB)}"}`;
  const lines = ['{"n":1}', kept, "x".repeat(20 * MIB), '{"n":2}', "text", '{"n":3}'];
  const bytes = new TextEncoder().encode(lines.join("\n") + "\n");
  const tail = await readTailForward(pipeOf(bytes), {
    count: 3,
    mode: "events",
    maxLineBytes: 8 * MIB,
  });
  assert.deepEqual(
    tail.lines.map(({ line, bytes }) => [line, bytes.length]),
    [[2, kept.length], [4, 7], [6, 7]],
  );
  assert.equal(decoder.decode(tail.lines[0]!.bytes), kept);
  assert.deepEqual(tail.longLines, [{ line: 3, offset: 8 + kept.length + 1, bytes: 20 * MIB }]);
});

Deno.test("a tail read without line numbers gives the same lines, numbered from the first line read", async () => {
  let uncounted = 0;
  for (const url of await listJsonlFiles()) {
    if (isSideFile(url.pathname)) continue;
    const options = { count: 3, mode: "events" as const, keepText: true };
    const numbered = await readTail(url.pathname, options);
    const plain = await readTail(url.pathname, { ...options, lineNumbers: false });
    const label = url.pathname;
    assert.deepEqual(
      plain.lines.map(({ bytes }) => decoder.decode(bytes)),
      numbered.lines.map(({ bytes }) => decoder.decode(bytes)),
      label,
    );
    assert.equal(numbered.numbered, true, label);
    // A tail that reached the file's start is numbered anyway: nothing was left to count.
    assert.equal(plain.numbered, plain.reachedStart, label);
    if (plain.numbered) {
      assert.deepEqual(plain.lines, numbered.lines, label);
      continue;
    }
    // Uncounted numbers are the file's numbers shifted by the lines before the first one read.
    const shift = numbered.lines[0]!.line - plain.lines[0]!.line;
    assert.ok(shift > 0, label);
    assert.deepEqual(
      plain.lines.map(({ line }) => line + shift),
      numbered.lines.map(({ line }) => line),
      label,
    );
    uncounted += 1;
  }
  assert.ok(uncounted > 20, `${uncounted} tails read without counting`);
});
