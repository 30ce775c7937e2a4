/** Files parse cannot stream safely are refused with their path; pipes and stdin are read. */

import assert from "node:assert/strict";
import { CodexmonError } from "../../src/core/errors.ts";
import { analyzeFile } from "../../src/io/analyze_file.ts";
import { openForReading } from "../../src/io/open_file.ts";
import { readTail } from "../../src/io/tail_lines.ts";

const FIXTURE = "fixtures/codex-0.153.4/simple.jsonl";

async function refusal(promise: Promise<unknown>): Promise<CodexmonError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof CodexmonError, String(error));
    return error;
  }
  throw new Error("expected a refusal");
}

async function makeFifo(): Promise<string> {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/pipe`;
  const made = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(made.success);
  return path;
}

Deno.test("openForReading refuses a device that never ends, naming it", async () => {
  const error = await refusal(openForReading("/dev/zero"));
  assert.equal(error.message, 'Cannot read "/dev/zero": not a regular file (a character device)');
  assert.equal(error.exitCode, 1);
});

Deno.test({
  name: "openForReading gives up on a named pipe that no writer opens",
  // The abandoned open finishes when the test opens the pipe for writing; it is closed then.
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const fifo = await makeFifo();
    const error = await refusal(openForReading(fifo, { fifoTimeoutMs: 50 }));
    assert.equal(error.message, `Cannot read "${fifo}": a named pipe with no writer after 0.05 s`);
    const writer = await Deno.open(fifo, { write: true });
    writer.close();
  },
});

Deno.test("a named pipe with a writer is analysed, and --last reads it through", async () => {
  const fifo = await makeFifo();
  // Another process writes, as in real use: reads of a pipe block this thread.
  const write = () =>
    new Deno.Command("sh", { args: ["-c", 'cat "$0" > "$1"', FIXTURE, fifo] }).output();
  const [result] = await Promise.all([analyzeFile(fifo, { arrivalTimes: false }), write()]);
  const plain = await analyzeFile(FIXTURE);
  assert.deepEqual(result.analysis.lines, plain.analysis.lines);
  const [tail] = await Promise.all([readTail(fifo, { count: 2, mode: "lines" }), write()]);
  const fileTail = await readTail(FIXTURE, { count: 2, mode: "lines" });
  assert.deepEqual(tail.lines, fileTail.lines);
});

Deno.test("a side file of arrival times that is a directory is an error naming it", async () => {
  const dir = await Deno.makeTempDir();
  const output = `${dir}/out.jsonl`;
  await Deno.copyFile(FIXTURE, output);
  await Deno.mkdir(`${output}.times.jsonl`);
  const error = await refusal(analyzeFile(output));
  assert.equal(error.message, `Cannot read "${output}.times.jsonl": is a directory`);
});
