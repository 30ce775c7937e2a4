/** Lines over the line limit are skipped while streaming, counted and noted with their number. */

import assert from "node:assert/strict";
import { analyzeFile } from "../../src/io/analyze_file.ts";
import { readTail } from "../../src/io/tail_lines.ts";
import { runCli } from "../support/cli.ts";

const FIXTURE = "fixtures/codex-0.153.4/simple.jsonl";
const MIB = 1024 * 1024;

/** The fixture with one event line of `size` bytes inserted after its line `after`. */
async function withLongLine(size: number, after: number): Promise<string> {
  const lines = (await Deno.readTextFile(FIXTURE)).split("\n");
  const head = '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},' +
    '"id":"","msg":{"type":"agent_message_delta","delta":"';
  const tail = '"}}}';
  const long = head + "a".repeat(size - head.length - tail.length) + tail;
  lines.splice(after, 0, long);
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  await Deno.writeTextFile(path, lines.join("\n"));
  return path;
}

Deno.test("analyzeFile skips a line over the limit, counts it and keeps every other line", async () => {
  const plain = (await analyzeFile(FIXTURE)).analysis;
  for (const [size, limit] of [[300_000, 200_000], [12 * MIB, 8 * MIB]]) {
    const path = await withLongLine(size as number, 5);
    try {
      const { analysis } = await analyzeFile(path, { maxLineBytes: limit as number });
      assert.deepEqual(analysis.lines, {
        ...plain.lines,
        total: plain.lines.total + 1,
        tooLong: 1,
      });
      assert.deepEqual(analysis.longLines, [{ line: 6, bytes: size }]);
      assert.deepEqual(analysis.eventCounts, plain.eventCounts);
      assert.deepEqual(analysis.requests.map((r) => r.state), plain.requests.map((r) => r.state));
      const tail = await readTail(path, {
        count: 1000,
        mode: "lines",
        maxLineBytes: limit as number,
      });
      assert.equal(tail.lines.length, plain.lines.total);
      assert.deepEqual(tail.longLines.map(({ line, bytes }) => ({ line, bytes })), [
        { line: 6, bytes: size },
      ]);
    } finally {
      await Deno.remove(path);
    }
  }
});

Deno.test("parse notes a skipped long line on stderr and counts it in the summary", async () => {
  const path = await withLongLine(50_000, 2);
  try {
    const run = await runCli(["parse", "--json", "--max-line-bytes", "40000", path]);
    assert.equal(run.code, 0);
    assert.match(
      run.stderr,
      /line 3 is 50,000 bytes, over the line limit of 40,000 \(--max-line-bytes\): skipped/,
    );
    const summary = JSON.parse(run.stdout.trim().split("\n").at(-1) as string);
    assert.equal(summary.lines.tooLong, 1);
    assert.deepEqual(summary.longLines, [{ line: 3, bytes: 50_000 }]);
    const last = await runCli(["parse", "--last", "1000", "--max-line-bytes", "40000", path]);
    assert.equal(last.code, 0);
    assert.match(last.stderr, /line 3 is 50,000 bytes, over the line limit of 40,000/);
  } finally {
    await Deno.remove(path);
  }
});

// Runs `codexmon ARGS -` with the file at `path` piped to its stdin.
async function runOnPipe(args: string[], path: string): Promise<Deno.CommandOutput> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", "main.ts", ...args, "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const input = (await Deno.open(path)).readable;
  const [output] = await Promise.all([child.output(), input.pipeTo(child.stdin)]);
  return output;
}

Deno.test("parse --last on a pipe notes a skipped long line by its line number", async () => {
  const path = await withLongLine(50_000, 2);
  try {
    const output = await runOnPipe(["parse", "--last", "1000", "--max-line-bytes", "40000"], path);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.match(stderr, /"\(stdin\)" line 3 is 50,000 bytes, over the line limit of 40,000/);
    assert.doesNotMatch(stderr, /at byte/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("parse of a pipe counts, numbers and skips long lines as parse of the file does", async () => {
  // Line 3 is 6 MiB (kept in a temporary file while read, then parsed), line 7 is 12 MiB
  // (over the 8 MiB limit: skipped), so both the spilled and the skipped path run.
  const once = await withLongLine(6 * MIB, 2);
  const path = await withLongLine(12 * MIB, 6);
  const lines = (await Deno.readTextFile(once)).split("\n");
  lines.splice(6, 0, (await Deno.readTextFile(path)).split("\n")[6]!);
  await Deno.writeTextFile(path, lines.join("\n"));
  await Deno.remove(once);
  const args = ["parse", "--json", "--max-line-bytes", String(8 * MIB)];
  try {
    const fromFile = await runCli([...args, path]);
    const output = await runOnPipe(args, path);
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    assert.match(stderr, /line 7 is 12,582,912 bytes, over the line limit of 8,388,608/);
    const summary = (text: string) => JSON.parse(text.trim().split("\n").at(-1) as string);
    const piped = summary(new TextDecoder().decode(output.stdout));
    const read = summary(fromFile.stdout);
    assert.deepEqual(piped.longLines, [{ line: 7, bytes: 12 * MIB }]);
    assert.deepEqual(piped.lines, read.lines);
    assert.equal(piped.lines.tooLong, 1);
    // The 6 MiB delta counts as an event read whole in both.
    assert.deepEqual(piped.eventCounts, read.eventCounts);
    assert.equal(piped.lines.total, read.lines.total);
    const jsonLines = (await Deno.readTextFile(FIXTURE)).split("\n")
      .filter((line) => line.startsWith("{")).length;
    assert.equal(piped.lines.json, jsonLines + 1);
  } finally {
    await Deno.remove(path);
  }
});
