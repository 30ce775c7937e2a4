/**
 * `--last N --request-id ID` shows the last N events of that request on every format, not the
 * request's share of the file's last N events. Real captures whose chosen request is not the
 * last one in the file.
 */

import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";

const ALL_KINDS = "reasoning,message,command,output,error,event,tokens,approval,patch";

interface Case {
  format: string;
  file: string;
  request: string;
}

/** The lines of every entry of `request`, as the full (forward) read shows them. */
async function requestLines(file: string, request: string): Promise<number[]> {
  const run = await runCli(["parse", "--json", "--types", ALL_KINDS, "-r", request, file]);
  assert.equal(run.code, 0, run.stderr);
  const lines = ndjson(run.stdout).filter((object) => object.type === "entry")
    .map((object) => object.line as number);
  return [...new Set(lines)];
}

async function checkLast(test: Case): Promise<void> {
  const all = await requestLines(test.file, test.request);
  assert.ok(all.length > 3, `${test.format}: the request has more than 3 events`);
  const run = await runCli(["parse", "--last", "3", "--json", "-r", test.request, test.file]);
  assert.equal(run.code, 0, run.stderr);
  const objects = ndjson(run.stdout);
  const lines = [
    ...new Set(objects.filter((object) => object.type === "entry").map((object) => object.line)),
  ];
  assert.deepEqual(lines, all.slice(-3), test.format);
  // the whole file was read, so the summary is whole
  assert.equal(objects.at(-1)?.partial, false);
}

Deno.test("parse --last 3 -r shows the last 3 events of the first turn of an app-server file", async () => {
  await checkLast({
    format: "app-server",
    file: "fixtures/codex-0.169.0/app-server-multi-turn.jsonl",
    request: "2",
  });
});

Deno.test("parse --last 3 -r shows the last 3 events of the first turn of a rollout file", async () => {
  await checkLast({
    format: "rollout",
    file: "fixtures/codex-0.171.0/rollout-multi-turn.jsonl",
    // the short id the table shows
    request: "89ed6e",
  });
});

Deno.test("parse --last 3 -r shows the last 3 events of the first of two exec --json runs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-last-" });
  try {
    // two runs appended to one log, as `codex exec --json ... >> log` does
    const file = `${dir}/two-runs.jsonl`;
    await Deno.writeTextFile(
      file,
      Deno.readTextFileSync("fixtures/codex-0.169.0/exec-shell.jsonl") +
        Deno.readTextFileSync("fixtures/codex-0.169.0/exec-http-500.jsonl"),
    );
    await checkLast({ format: "exec-json", file, request: "a63f2a#1" });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parse --last 3 -r on mcp-server interleaved requests shows the last 3 events of each", async () => {
  const file = "fixtures/codex-0.153.4/interleaved.jsonl";
  for (const request of ["1", "2"]) {
    await checkLast({ format: `mcp-server request ${request}`, file, request });
  }
});
