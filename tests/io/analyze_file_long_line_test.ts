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
      assert.deepEqual(tail.longLines.map((long) => long.bytes), [size]);
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
    assert.match(last.stderr, /a line of 50,000 bytes at byte \d+, over the line limit/);
  } finally {
    await Deno.remove(path);
  }
});
