/** What a new user tries first: ids copied from a table, views, several inputs, bad inputs. */

import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";
import { jsonLines } from "../support/captures.ts";

const V47 = "fixtures/codex-0.47.0";
const V153 = "fixtures/codex-0.153.4";
const V169 = "fixtures/codex-0.169.0";

/** The REQ column of the default table. */
function tableIds(stdout: string): string[] {
  const lines = stdout.split("\n");
  const header = lines.findIndex((line) => line.startsWith("REQ "));
  return lines.slice(header + 1).filter((line) =>
    /^\S+\s+(completed|failed|running|cancelled)/.test(line)
  )
    .map((line) => line.split(/\s+/)[0] as string);
}

for (
  const file of [
    `${V47}/multi-turn.jsonl`,
    `${V169}/app-server-multi-turn.jsonl`,
    `${V169}/exec-shell.jsonl`,
    `${V169}/rollout-multi-turn.jsonl`,
  ]
) {
  Deno.test(`every id the table of ${file} shows selects its request`, async () => {
    const table = await runCli(["parse", file]);
    const ids = tableIds(table.stdout);
    assert.ok(ids.length >= 1, table.stdout);
    const json = ndjson((await runCli(["parse", "--json", file])).stdout)
      .filter((object) => object.type === "request");
    for (const [index, id] of ids.entries()) {
      const expected = json[index]!;
      assert.ok(id.length <= 12, `short id ${id}`);
      assert.equal(expected.shortId, id);
      const forms = [id, String(expected.key), String(expected.requestId)];
      if (typeof expected.turnId === "string") forms.push(expected.turnId);
      for (const form of forms) {
        const run = await runCli(["parse", "--check-request", form, "--json", file]);
        assert.equal(run.stderr, "", `${form}: ${run.stderr}`);
        assert.equal(ndjson(run.stdout)[0]!.key, expected.key, form);
        const view = await runCli(["parse", "--request-id", form, "--commands", "--json", file]);
        assert.equal(view.stderr, "", `${form}: ${view.stderr}`);
        for (const entry of ndjson(view.stdout).filter((object) => object.type === "entry")) {
          assert.equal(entry.key, expected.key);
        }
      }
    }
  });
}

Deno.test("an absent request id says so on stderr with exit 1, for --request-id and --check-request", async () => {
  for (const flag of ["--request-id", "--check-request"]) {
    const run = await runCli(["parse", flag, "9", `${V169}/exec-shell.jsonl`]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, `error: No request "9" in "${V169}/exec-shell.jsonl"\n`);
  }
});

Deno.test("a prefix two rollout turns share is a usage error listing both", async () => {
  const file = `${V169}/rollout-multi-turn.jsonl`;
  const run = await runCli(["parse", "-r", "01a20db7", file]);
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /^error: Cannot choose a request for "01a20db7": it matches 2 requests: /,
  );
  const turns = jsonLines(file).filter((line) => line.type === "turn_context")
    .map((line) => (line.payload as { turn_id: string }).turn_id);
  for (const turn of turns) assert.ok(run.stderr.includes(turn));
});

Deno.test("--last-lines N prints the last N physical lines, JSON or not, numbered as in the file", async () => {
  const file = `${V47}/rust-log-info.jsonl`;
  const total = Deno.readTextFileSync(file).trimEnd().split("\n");
  const run = await runCli(["parse", "--last-lines", "3", file]);
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 3);
  assert.deepEqual(lines.map((line) => Number(line.trim().split(/\s+/)[0])), [
    total.length - 2,
    total.length - 1,
    total.length,
  ]);
  assert.ok(lines[0]!.endsWith(total.at(-3)!));
  assert.match(lines[2]!, /stdout writer exited/);
  assert.ok(!run.stdout.includes("\x1b"));
  const json = ndjson((await runCli(["parse", "--last-lines", "3", "--json", file])).stdout);
  assert.deepEqual(json.map((object) => object.text), total.slice(-3));
});

Deno.test("--stderr adds the non-JSON lines to --last instead of replacing it", async () => {
  const file = `${V47}/rust-log-info.jsonl`;
  const plain = ndjson((await runCli(["parse", "-n", "2", "--json", file])).stdout)
    .filter((object) => object.type === "entry");
  const withText = ndjson((await runCli(["parse", "-n", "2", "--stderr", "--json", file])).stdout)
    .filter((object) => object.type === "entry");
  assert.ok(plain.length >= 2 && plain.every((entry) => entry.kind !== "text"));
  assert.deepEqual(withText.filter((entry) => entry.kind !== "text"), plain);
  assert.equal(withText.filter((entry) => entry.kind === "text").length, 2);
});

Deno.test("the summary of --last is marked partial and leaves out the totals it did not read", async () => {
  const file = `${V169}/exec-shell.jsonl`;
  const summary = ndjson((await runCli(["parse", "-n", "1", "--json", file])).stdout).at(-1)!;
  assert.equal(summary.type, "summary");
  assert.equal(summary.partial, true);
  assert.equal(summary.tokens, null);
  assert.equal(summary.requests, null);
  const whole = ndjson((await runCli(["parse", "-n", "1000", "--json", file])).stdout).at(-1)!;
  assert.equal(whole.partial, false);
  assert.equal((whole.tokens as { total: number }).total, 5335);
});

Deno.test("text --commands shows each command's exit code and duration", async () => {
  const run = await runCli(["parse", "--commands", `${V47}/shell.jsonl`]);
  const codes = jsonLines(`${V47}/shell.jsonl`)
    .map((line) => ((line.params as { msg?: { type?: string; exit_code?: number } })?.msg))
    .filter((msg) => msg?.type === "exec_command_end").map((msg) => msg!.exit_code);
  assert.ok(codes.includes(0) && codes.some((code) => code !== 0));
  assert.deepEqual([...run.stdout.matchAll(/-> exit (\d+)/g)].map((m) => Number(m[1])), codes);
  // Each end carries the duration Codex reported, as watch shows it.
  const json = ndjson((await runCli(["parse", "--json", `${V47}/shell.jsonl`])).stdout);
  const durations = (json[0]!.commands as { durationMs: number }[]).map((c) => c.durationMs);
  assert.deepEqual(
    [...run.stdout.matchAll(/-> exit \d+ \((\d+)ms\)/g)].map((m) => Number(m[1])),
    durations.map(Math.round),
  );
});

Deno.test("an unreadable input is reported and the others are still read, exit 1 at the end", async () => {
  const run = await runCli([
    "parse",
    `${V47}/simple.jsonl`,
    "nosuch.jsonl",
    `${V169}/exec-shell.jsonl`,
  ]);
  assert.equal(run.code, 1);
  assert.equal(run.stderr, 'error: Cannot read "nosuch.jsonl": file not found\n');
  assert.match(run.stdout, /==> fixtures\/codex-0.169.0\/exec-shell.jsonl <==\nexec-json/);
  assert.match(run.stdout, /\ntotal: 2 files · 2 requests \(2 completed\)/);
});

Deno.test("a directory is read as the Codex files in it, side files skipped, with a note", async () => {
  const run = await runCli(["parse", "--json", V153]);
  const files = [...Deno.readDirSync(V153)].map((entry) => entry.name);
  const codex = files.filter((name) => !/\.(md|timing\.jsonl|mock-requests\.jsonl)$/.test(name));
  const summaries = ndjson(run.stdout).filter((object) => object.type === "summary");
  assert.equal(summaries.length, codex.length);
  assert.ok(summaries.every((summary) => summary.format === "mcp-server"));
  assert.equal(
    run.stderr,
    `note: reading ${codex.length} files in "${V153}" (${
      files.length - codex.length
    } side files skipped)\n`,
  );
  const total = ndjson(run.stdout).at(-1)!;
  assert.equal(total.type, "total");
  assert.equal(total.files, codex.length);
});

Deno.test("an input without Codex output says so with exit 7: empty, text, binary", async () => {
  const empty = await Deno.makeTempFile({ suffix: ".jsonl" });
  try {
    const cases: [string, RegExp][] = [
      [empty, /: it is empty$/],
      ["fixtures/CAPTURES.md", /: 0 of \d+ lines are JSON$/],
      [Deno.execPath(), /lines are JSON$/],
    ];
    for (const [file, detail] of cases) {
      const run = await runCli(["parse", file]);
      assert.equal(run.code, 7, file);
      assert.equal(run.stdout, "");
      assert.match(run.stderr.trimEnd(), new RegExp(`^error: No Codex output in "${file}"`));
      assert.match(run.stderr.trimEnd(), detail);
    }
  } finally {
    await Deno.remove(empty);
  }
});

Deno.test("the verdict counts an approval once, not again as a warning", async () => {
  const run = await runCli(["parse", "--stuck", `${V47}/approval-noanswer.jsonl`]);
  assert.equal(run.code, 4);
  assert.match(
    run.stdout,
    /verdict: 0 requests stuck, 1 needing approval, 0 warnings, 0 info \(exit 4\)/,
  );
});

Deno.test("--color=always|never and FORCE_COLOR decide colours; NO_COLOR beats FORCE_COLOR", async () => {
  const file = `${V47}/simple.jsonl`;
  const colored = async (args: string[], env: Record<string, string> = {}, tty = false) =>
    (await runCli(["parse", ...args, file], { env, tty })).stdout.includes("\x1b[");
  assert.equal(await colored(["--color=always"]), true);
  assert.equal(await colored(["--color", "never"], {}, true), false);
  assert.equal(await colored(["--color=auto"], {}, true), true);
  assert.equal(await colored([], { FORCE_COLOR: "1" }), true);
  assert.equal(await colored([], { FORCE_COLOR: "0" }), false);
  assert.equal(await colored([], { FORCE_COLOR: "1", NO_COLOR: "1" }), false);
  assert.equal(await colored(["--color=always"], { NO_COLOR: "1" }), true);
  await assert.rejects(
    runCli(["parse", "--color=sometimes", file]),
    (error: Error & { code?: string }) => error.code === "commander.invalidArgument",
  );
});

Deno.test("the digest names rollout turns by the short ids the table shows", async () => {
  const file = `${V169}/rollout-multi-turn.jsonl`;
  const ids = tableIds((await runCli(["parse", file])).stdout);
  const digest = (await runCli(["parse", "--digest", file])).stdout;
  for (const id of ids) assert.match(digest, new RegExp(`^#${id} `, "m"));
  assert.ok(!digest.includes(":01a20db7"));
});

Deno.test("a folder of codexmon sessions is read as the output of each session, state files left out", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const session = `${dir}/default`;
    const previous = `${session}/previous/2026-12-04T10-00-00`;
    await Deno.mkdir(previous, { recursive: true });
    for (const folder of [session, previous]) {
      await Deno.writeTextFile(`${folder}/session.json`, "{}\n");
      await Deno.writeTextFile(`${folder}/supervisor.log`, "started\n");
      await Deno.writeTextFile(`${folder}/buffer.jsonl`, '{"jsonrpc":"2.0","id":1}\n');
    }
    await Deno.copyFile(`${V47}/simple.jsonl`, `${session}/output.json`);
    await Deno.copyFile(`${V47}/shell.jsonl`, `${previous}/output.json`);
    const run = await runCli(["parse", "--json", dir]);
    assert.equal(run.code, 0, run.stderr);
    const summaries = ndjson(run.stdout).filter((object) => object.type === "summary");
    assert.deepEqual(summaries.map((summary) => summary.file), [
      `${session}/output.json`,
      `${previous}/output.json`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a request id over several inputs shows the inputs that have it, like grep", async () => {
  // The app-server and rollout captures of 0.169.0 recorded the same session: the same turn.
  const run = await runCli(["parse", "--check-request", "2fe262", V169]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual([...run.stdout.matchAll(/^==> (.*) <==$/gm)].map((m) => m[1]), [
    `${V169}/app-server-multi-turn.jsonl`,
    `${V169}/rollout-multi-turn.jsonl`,
  ]);
  assert.ok(!run.stderr.includes("error"), run.stderr);
  const none = await runCli(["parse", "--check-request", "zzzzzz", V169]);
  assert.equal(none.code, 1);
  assert.equal(none.stdout, "");
  assert.match(none.stderr, /\nerror: No request "zzzzzz" in any of the \d+ inputs\n$/);
});
