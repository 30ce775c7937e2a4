/** parse reads standard input under the shipped permissions and refuses devices, by exit code. */

import { decodedRun } from "../support/cli.ts";
import assert from "node:assert/strict";

const FIXTURE = "fixtures/codex-0.153.4/simple.jsonl";

async function parse(args: string[], stdin: Uint8Array | null) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "main.ts", "parse", ...args],
    stdin: stdin === null ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  if (stdin !== null) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const output = await child.output();
  return decodedRun(output);
}

Deno.test("parse /dev/stdin reads a pipe with --allow-read alone, --last included", async () => {
  const bytes = await Deno.readFile(FIXTURE);
  const whole = await parse(["--json", "/dev/stdin"], bytes);
  assert.equal(whole.code, 0, whole.stderr);
  const summary = JSON.parse(whole.stdout.trim().split("\n").at(-1) as string);
  assert.equal(summary.lines.total, 51);
  assert.equal(summary.states.completed, 1);
  const last = await parse(["--last", "1", "/dev/stdin"], bytes);
  assert.equal(last.code, 0, last.stderr);
  assert.match(last.stdout, /result received/);
});

Deno.test("parse /dev/zero exits 1 with a one-line message naming it", async () => {
  const run = await parse(["/dev/zero"], null);
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    'error: Cannot read "/dev/zero": not a regular file (a character device)\n',
  );
  assert.equal(run.stdout, "");
});
