import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";
import { eventTypeCounts, lastTotalTokens, resultText } from "../support/captures.ts";

const V47 = "fixtures/codex-0.47.0";
const V153 = "fixtures/codex-0.153.4";

Deno.test("parse shows one row per request with its state and the final answer from the result", async () => {
  const run = await runCli(["parse", `${V47}/shell.jsonl`]);
  assert.equal(run.code, 0);
  const answer = resultText(`${V47}/shell.jsonl`, 1);
  assert.ok(answer);
  const row = run.stdout.split("\n").find((line) => line.startsWith("1 "));
  assert.ok(row, run.stdout);
  assert.match(row, /completed/);
  assert.ok(row.includes(answer.slice(0, 40)), row);
  assert.match(run.stdout, /1 request \(1 completed\)/);
});

Deno.test("parse --json gives request objects with the documented fields and a final summary", async () => {
  for (const file of [`${V47}/interleaved.jsonl`, `${V153}/interleaved.jsonl`]) {
    const run = await runCli(["parse", "--json", file]);
    const objects = ndjson(run.stdout);
    const requests = objects.filter((object) => object.type === "request");
    assert.equal(requests.length, 2);
    for (const request of requests) {
      for (
        const field of [
          "requestId",
          "state",
          "threadId",
          "finalMessage",
          "tokens",
          "sessionTokens",
          "commands",
          "reasoning",
          "errors",
        ]
      ) {
        assert.ok(field in request, `${file}: ${field} missing`);
      }
      assert.equal(request.state, "completed");
      assert.equal(request.finalMessage, resultText(file, request.requestId as number));
      const tokens = request.tokens as Record<string, number>;
      for (const key of ["input", "cachedInput", "output", "reasoningOutput", "total"]) {
        assert.equal(typeof tokens[key], "number");
      }
    }
    const summary = objects.at(-1);
    assert.equal(summary?.type, "summary");
    assert.equal(typeof summary?.skippedLines, "number");
    assert.equal(typeof summary?.incompleteLines, "number");
  }
});

Deno.test("parse --json reports the session total as the capture's last cumulative total", async () => {
  for (const file of [`${V47}/multi-turn.jsonl`, `${V153}/multi-turn.jsonl`]) {
    const run = await runCli(["parse", "--json", file]);
    const requests = ndjson(run.stdout).filter((object) => object.type === "request");
    const last = requests.at(-1)?.sessionTokens as { total: number } | undefined;
    assert.equal(last?.total, lastTotalTokens(file), file);
    const own = requests.map((request) => (request.tokens as { total: number }).total);
    assert.equal(own.reduce((a, b) => a + b, 0), lastTotalTokens(file), file);
  }
});

Deno.test("parse --reasoning prints each reasoning part once", async () => {
  const file = `${V47}/simple.jsonl`;
  const run = await runCli(["parse", "--reasoning", file]);
  const blocks = run.stdout.split("\n").filter((line) => line.startsWith("🧠"));
  assert.equal(blocks.length, eventTypeCounts(file).get("agent_reasoning"));
});

Deno.test("parse --request-id keeps number and string ids apart", async () => {
  const file = "fixtures/crafted/model/string-ids.jsonl";
  const number = ndjson((await runCli(["parse", "--json", "--request-id", "1", file])).stdout);
  const string = ndjson((await runCli(["parse", "--json", "--request-id", '"1"', file])).stdout);
  const numberIds = number.filter((o) => o.type === "request").map((o) => o.requestId);
  const stringIds = string.filter((o) => o.type === "request").map((o) => o.requestId);
  assert.deepEqual(numberIds, [1]);
  assert.deepEqual(stringIds, ["1"]);
});

Deno.test("parse --check-request exits by the request's state", async () => {
  assert.equal((await runCli(["parse", "--check-request", "1", `${V47}/simple.jsonl`])).code, 0);
  assert.equal(
    (await runCli(["parse", "--check-request", "1", `${V153}/approval-noanswer.jsonl`])).code,
    4,
  );
  assert.equal((await runCli(["parse", "--check-request", "1", `${V47}/http-500.jsonl`])).code, 6);
  assert.equal((await runCli(["parse", "--check-request", "99", `${V47}/simple.jsonl`])).code, 1);
});

Deno.test("parse --stuck exits 3 on the loop capture and names the command", async () => {
  const run = await runCli(["parse", "--stuck", `${V47}/stuck-loop.jsonl`]);
  assert.equal(run.code, 3);
  assert.match(run.stdout, /repeated command/);
  assert.match(run.stdout, /echo hi/);
});

Deno.test("parse --stuck exits 0 on healthy captures of both versions", async () => {
  for (const name of ["simple", "shell", "multi-turn", "interleaved"]) {
    for (const dir of [V47, V153]) {
      const run = await runCli(["parse", "--stuck", `${dir}/${name}.jsonl`]);
      assert.equal(run.code, 0, `${dir}/${name}: ${run.stdout}`);
    }
  }
});

Deno.test("parse --stuck --json prints finding objects", async () => {
  const run = await runCli(["parse", "--stuck", "--json", `${V47}/approval-noanswer.jsonl`]);
  assert.equal(run.code, 4);
  const findings = ndjson(run.stdout).filter((object) => object.type === "finding");
  assert.ok(findings.some((finding) => finding.kind === "awaiting_approval"));
});

Deno.test("parse --digest stays within --max-chars", async () => {
  for (const maxChars of [120, 300, 2000]) {
    const run = await runCli([
      "parse",
      "--digest",
      "--max-chars",
      String(maxChars),
      `${V153}/interleaved.jsonl`,
    ]);
    assert.ok(run.stdout.trimEnd().length <= maxChars, run.stdout);
  }
});

Deno.test("parse labels each file when given several", async () => {
  const run = await runCli(["parse", `${V47}/simple.jsonl`, `${V153}/simple.jsonl`]);
  assert.match(run.stdout, /==> fixtures\/codex-0.47.0\/simple.jsonl <==/);
  assert.match(run.stdout, /==> fixtures\/codex-0.153.4\/simple.jsonl <==/);
  assert.match(run.stdout, /codex 0.47.0/);
  assert.match(run.stdout, /codex 0.153.4/);
});

Deno.test("parse colours only on a TTY and never with NO_COLOR", async () => {
  const file = `${V47}/simple.jsonl`;
  assert.ok((await runCli(["parse", file], { tty: true })).stdout.includes("\x1b["));
  assert.ok(!(await runCli(["parse", file], { tty: false })).stdout.includes("\x1b["));
  const noColor = await runCli(["parse", file], { tty: true, env: { NO_COLOR: "1" } });
  assert.ok(!noColor.stdout.includes("\x1b["));
  assert.ok(!(await runCli(["parse", "--no-color", file], { tty: true })).stdout.includes("\x1b["));
});

Deno.test("parse --last N shows only entries from the last N events", async () => {
  const file = `${V47}/simple.jsonl`;
  const run = await runCli(["parse", "--last", "2", "--json", file]);
  const entries = ndjson(run.stdout).filter((object) => object.type === "entry");
  // The last two lines are task_complete and the result.
  assert.ok(entries.length >= 1 && entries.length <= 2, run.stdout);
  // Line numbers are those of a full read: the file's last two lines.
  const total = Deno.readTextFileSync(file).trimEnd().split("\n").length;
  assert.deepEqual(
    [...new Set(entries.map((entry) => entry.line))],
    [total - 1, total].slice(2 - new Set(entries.map((entry) => entry.line)).size),
  );
});

Deno.test("parse --summary counts every event type like a plain count of the file", async () => {
  const file = `${V153}/shell.jsonl`;
  const run = await runCli(["parse", "--summary", file]);
  for (const [type, count] of eventTypeCounts(file)) {
    assert.match(run.stdout, new RegExp(`\\b${type}\\s+${count}\\b`), type);
  }
});

Deno.test("parse --last-of-type message shows only the last agent message", async () => {
  const file = `${V47}/multi-turn.jsonl`;
  const run = await runCli(["parse", "--last-of-type", "message", file]);
  const lines = run.stdout.trim().split("\n");
  assert.equal(lines.length, 1);
  assert.ok(lines[0]?.includes(resultText(file, 2) ?? "missing"));
});

Deno.test("parse rejects unknown entry kinds as a usage error", async () => {
  await assert.rejects(
    () => runCli(["parse", "--types", "reasoning,bogus", `${V47}/simple.jsonl`]),
    /Cannot use "bogus" with --types/,
  );
});

Deno.test("parse --last N shows the same plain view whatever comes before the tail, and numbers it in --json", async () => {
  // The plain view counts no lines before the tail: lines put before it change nothing there,
  // while --json and --timeline still give the file's line numbers.
  const file = `${V153}/interleaved.jsonl`;
  const text = Deno.readTextFileSync(file);
  const padded = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    Deno.writeTextFileSync(padded, "codex starting\n".repeat(5000) + text);
    const plain = await runCli(["parse", "--last", "4", file]);
    const plainPadded = await runCli(["parse", "--last", "4", padded]);
    assert.equal(plainPadded.code, 0);
    assert.equal(plainPadded.stdout, plain.stdout);
    const lines = (run: { stdout: string }) =>
      ndjson(run.stdout).filter((object) => object.type === "entry").map((entry) => entry.line);
    const numbered = lines(await runCli(["parse", "--last", "4", "--json", file]));
    const numberedPadded = lines(await runCli(["parse", "--last", "4", "--json", padded]));
    assert.ok(numbered.length > 0);
    assert.deepEqual(numberedPadded, numbered.map((line) => (line as number) + 5000));
    const timeline = await runCli(["parse", "--last", "4", "--timeline", padded]);
    assert.match(timeline.stdout, new RegExp(`L${(numbered.at(-1) as number) + 5000}\\b`));
  } finally {
    Deno.removeSync(padded);
  }
});
