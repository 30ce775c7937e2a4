import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { endedSession } from "../support/dead_session.ts";
import { ndjson, runCli } from "../support/cli.ts";
import { CONFIG_GPT_5_5, withPricingConfig } from "../support/pricing_config.ts";

const HOME = fileURLToPath(new URL("../../fixtures/crafted/home/", import.meta.url));
const ENV = { CODEX_HOME: HOME, CODEXMON_STATE_DIR: "/nonexistent-codexmon-state" };

Deno.test("ls prints one row per session with id, state, model, version, turns, tokens and prompt", async () => {
  const run = await runCli(["ls", "--state", "done,interrupted"], { env: ENV });
  assert.equal(run.code, 0);
  assert.equal(run.stderr, "");
  const lines = run.stdout.trimEnd().split("\n");
  assert.match(
    lines[0]!,
    /^ID\s+STARTED \(UTC\)\s+ACTIVE\s+STATE\s+MODEL\s+CODEX\s+SOURCE\s+TURNS\s+TOKENS\s+COST/,
  );
  assert.equal(lines.length, 5);
  assert.match(
    lines[1]!,
    /^01a20db7\s+2026-11-24 13:21\s+\d+d\s+interrupted\s+gpt-5\.5\s+0\.169\.0\s+vscode\s+2\s+2\.1K\s+\$0\.01/,
  );
  assert.match(lines[4]!, /done .* 2\s+8\.5K\s+\$0\.03.*Say hi with the shell\.$/);
});

Deno.test("ls --json writes one session object per line and a listing object last", async () => {
  const run = await runCli(["ls", "--json", "--limit", "2"], { env: ENV });
  assert.equal(run.code, 0);
  const objects = ndjson(run.stdout);
  assert.deepEqual(objects.map((object) => object.type), ["session", "session", "listing"]);
  assert.deepEqual(Object.keys(objects[0]!), [
    "type",
    "id",
    "path",
    "kind",
    "source",
    "state",
    "started_at",
    "last_activity",
    "cwd",
    "model",
    "cli_version",
    "turns",
    "turns_exact",
    "tokens",
    "cost_usd",
    "context_fill",
    "context_window",
    "rate_limits",
    "rate_limits_at",
    "first_prompt",
    "size",
    "problem",
  ]);
  assert.equal(objects[0]!.id, "01a20db7-9c79-7511-a05c-63a55f38abe0");
  assert.equal(objects[2]!.found, 9);
  assert.equal(objects[2]!.sessions, 2);
});

Deno.test("ls --since, --until and --cwd filter by time and folder", async () => {
  const since = ndjson(
    (await runCli(["ls", "--json", "--since", "2026-11-24T13:21:00Z"], { env: ENV })).stdout,
  );
  // Two sessions were active after 13:21; files that give no session count by their mtime (now).
  assert.equal(since.filter((object) => object.type === "session" && object.id !== null).length, 2);
  const until = ndjson(
    (await runCli(["ls", "--json", "--until", "2026-11-23"], { env: ENV })).stdout,
  );
  assert.equal(until.at(-1)!.sessions, 0);
  const cwd = ndjson((await runCli(["ls", "--json", "--cwd", "/home/demo"], { env: ENV })).stdout);
  assert.equal(cwd.at(-1)!.sessions, 6);
});

Deno.test("ls --cwd finds codexmon sessions, and a session record that cannot be read is unreadable", async () => {
  const stateDir = await Deno.makeTempDir();
  try {
    await endedSession(stateDir, "review", {
      output: await Deno.readFile("fixtures/codex-0.153.4/simple.jsonl"),
      backend: "mcp-server",
      codexVersion: "0.153.4",
      cwd: "/home/demo/project",
    });
    await Deno.mkdir(join(stateDir, "broken"), { mode: 0o700 });
    await Deno.writeTextFile(join(stateDir, "broken", "session.json"), "{ torn", { mode: 0o600 });
    const env = { CODEX_HOME: HOME, CODEXMON_STATE_DIR: stateDir };
    const rows = ndjson(
      (await runCli(["ls", "--json", "--cwd", "/home/demo/project"], { env })).stdout,
    );
    const review = rows.find((row) => row.kind === "codexmon");
    assert.equal(review?.id, "review");
    assert.equal(review?.cwd, "/home/demo/project");
    assert.equal(review?.model, "gpt-5.2");
    assert.equal(review?.turns, 1);
    assert.equal((review?.tokens as { total_tokens: number }).total_tokens, 2490);
    const text = (await runCli(["ls", "--state", "unreadable"], { env })).stdout;
    assert.match(text, /^broken .* unreadable .*Cannot read session record/m);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
});

Deno.test("ls without a Codex home says so on stderr and exits 0 with no rows", async () => {
  const run = await runCli(["ls"], { env: { ...ENV, CODEX_HOME: "/nonexistent-codex-home" } });
  assert.equal(run.code, 0);
  assert.equal(run.stdout, "");
  assert.equal(
    run.stderr,
    'No Codex sessions in "/nonexistent-codex-home": "/nonexistent-codex-home/sessions" does not exist\n',
  );
});

Deno.test("ls rejects an unknown state and a bad time with a usage error", async () => {
  await assert.rejects(
    () => runCli(["ls", "--state", "sleeping"], { env: ENV }),
    /Cannot use "sleeping" with --state/,
  );
  await assert.rejects(
    () => runCli(["ls", "--since", "yesterday"], { env: ENV }),
    /Cannot use "yesterday" with --since/,
  );
});

Deno.test("parse takes a session id prefix as FILE", async () => {
  const run = await runCli(["parse", "01a20db7-7d9a", "--json"], { env: ENV });
  assert.equal(run.code, 0, run.stderr);
  const summary = ndjson(run.stdout).find((object) => object.type === "summary");
  assert.ok(summary, "a summary object");
});

Deno.test("usage --session prints each session's last cumulative total and its cost", async () => {
  const run = await runCli(["usage", "--session", "--timezone", "UTC"], { env: ENV });
  assert.equal(run.code, 0);
  assert.match(run.stderr, /^Skipped 3 files that are no rollout or cannot be read\n$/);
  const lines = run.stdout.trimEnd().split("\n");
  assert.match(
    lines[0]!,
    /^SESSION\s+INPUT\s+CACHED INPUT\s+OUTPUT\s+REASONING\s+TOTAL\s+COST\s+MODELS$/,
  );
  assert.ok(
    lines.some((line) =>
      /^01a20db7-8ddb-\S+\s+2,000\s+0\s+100\s+0\s+2,100\s+\$0\.01\s+gpt-5\.5$/.test(line)
    ),
  );
  assert.match(lines.at(-1)!, /^total\s+/);
});

Deno.test("usage prices a model from the config file", async () => {
  await withPricingConfig(async (config) => {
    const run = await runCli([
      "usage",
      "--model",
      "--json",
      "--config",
      config,
      "--timezone",
      "UTC",
    ], { env: ENV });
    const report = JSON.parse(run.stdout);
    const row = report.rows[0];
    const { input, cachedInput, output } = CONFIG_GPT_5_5;
    const expected = ((row.input_tokens - row.cached_input_tokens) * input +
      row.cached_input_tokens * cachedInput + row.output_tokens * output) / 1e6;
    assert.equal(row.key, "gpt-5.5");
    assert.ok(Math.abs(row.cost_usd - expected) < 1e-12);
  });
});

Deno.test("ls and usage read the rollouts of Codex 0.171.0 as those of 0.169.0", async () => {
  const files = [
    "fixtures/codex-0.171.0/rollout-exec-shell.jsonl",
    "fixtures/codex-0.171.0/rollout-http-500.jsonl",
    "fixtures/codex-0.171.0/rollout-multi-turn.jsonl",
    "fixtures/codex-0.171.0/rollout-steer-interrupt.jsonl",
  ];
  const listed = ndjson((await runCli(["ls", "--json", ...files], { env: ENV })).stdout)
    .filter((object) => object.type === "session");
  assert.deepEqual(
    listed.map((
      object,
    ) => [
      object.cli_version,
      object.state,
      object.turns,
      (object.tokens as { total_tokens: number } | null)?.total_tokens ?? null,
    ]).sort(),
    [
      ["0.171.0", "done", 1, 5335],
      ["0.171.0", "done", 2, 8455],
      ["0.171.0", "failed", 1, null],
      ["0.171.0", "interrupted", 2, 2100],
    ],
  );
  const usage = JSON.parse(
    (await runCli(["usage", "--json", "--timezone", "UTC", ...files], { env: ENV })).stdout,
  );
  assert.equal(usage.totals.total_tokens, 5335 + 8455 + 2100);
  assert.equal(usage.sessions, 4);
});

Deno.test("ls run with the shebang's permissions sees a live session (Deno reads /proc only with all of them)", async () => {
  const path = join(
    HOME,
    "sessions/2026/11/24/rollout-2026-11-24T13-20-58-01a20db7-7d9a-7eb1-8a4f-9310b44771ec.jsonl",
  );
  const holder = new Deno.Command("sh", {
    args: ["-c", 'exec 3<"$1"; echo ready; exec sleep 30', "sh", path],
    stdout: "piped",
  }).spawn();
  try {
    const reader = holder.stdout.getReader();
    await reader.read();
    reader.releaseLock();
    const main = fileURLToPath(new URL("../../main.ts", import.meta.url));
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-run",
        "--allow-env",
        "--allow-net=127.0.0.1",
        main,
        "ls",
        "--json",
        path,
      ],
      env: ENV,
      stdin: "null",
    }).output();
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    const text = new TextDecoder().decode(output.stdout);
    const objects = text.trim().split("\n").map((line) => JSON.parse(line));
    const session = objects.find((object) => object.id?.startsWith("01a20db7-7d9a"));
    assert.equal(session?.state, "idle", text);
  } finally {
    holder.kill("SIGKILL");
    await holder.status;
    await holder.stdout.cancel();
  }
});
