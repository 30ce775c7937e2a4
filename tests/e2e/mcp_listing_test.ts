/**
 * `codex_sessions` and the cost and rate limits of `codex_status`, over stdio with the MCP
 * SDK's own client, without Codex: a crafted Codex home, and codexmon sessions whose output is
 * a real capture (their Codex has exited).
 */

import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { DEFAULT_PRICE_TABLE } from "../../src/core/pricing/mod.ts";
import type { SessionBackend } from "../../src/session/metadata.ts";
import { jsonLines } from "../support/captures.ts";
import { ndjson } from "../support/cli.ts";
import { endedSession as writeEndedSession } from "../support/dead_session.ts";
import { callTool, connectMcp, type McpConnection } from "../support/mcp_harness.ts";
import { SessionHarness } from "../support/session_harness.ts";

const HOME = resolve("fixtures/crafted/home");
const PRICED = "fixtures/codex-0.153.4/simple.jsonl"; // gpt-5.2, in the price table
const APP_SERVER = "fixtures/codex-0.169.0/app-server-multi-turn.jsonl"; // gpt-5.5
// A model name no price table has, put in place of the capture's gpt-5.5.
const UNKNOWN_MODEL = "mock-model-without-price";

interface Capture {
  text: string;
  backend: SessionBackend;
  codexVersion: string;
}

// A codexmon session whose Codex ran and exited, with `capture` as its output.
async function endedSession(harness: SessionHarness, name: string, capture: Capture) {
  await writeEndedSession(harness.stateDir, name, {
    output: new TextEncoder().encode(capture.text),
    backend: capture.backend,
    codexVersion: capture.codexVersion,
    cwd: harness.project,
  });
}

async function withServer(
  run: (connection: McpConnection, harness: SessionHarness) => Promise<void>,
): Promise<void> {
  const harness = await SessionHarness.create({
    codex: "codex",
    respond: () => ({ kind: "stall" }),
  });
  const connection = await connectMcp(harness);
  try {
    await run(connection, harness);
  } finally {
    await connection.client.close();
    await harness.cleanup();
  }
}

async function ok(connection: McpConnection, name: string, args: Record<string, unknown>) {
  const result = await callTool(connection, name, args);
  assert.equal(result.isError, false, `${name}: ${result.text}`);
  return result;
}

// What `codexmon ls --json` prints for the same homes and state folder.
async function lsObjects(
  harness: SessionHarness,
  flags: string[],
): Promise<Record<string, unknown>[]> {
  const run = await harness.run([
    "ls",
    "--json",
    "--codex-home",
    HOME,
    "--state-dir",
    harness.stateDir,
    ...flags,
  ]);
  assert.equal(run.code, 0, run.stderr);
  return ndjson(run.stdout);
}

// The session objects of `ls --json`.
async function lsJson(harness: SessionHarness, flags: string[]): Promise<unknown[]> {
  return (await lsObjects(harness, flags)).filter((row) => row.type === "session");
}

function withoutServerFields(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map(({ started_here: _here, keep: _keep, ...row }) => row);
}

Deno.test("codex_sessions lists what codexmon ls lists, with the same filters", async () => {
  await withServer(async (connection, harness) => {
    await endedSession(harness, "review", {
      text: await Deno.readTextFile(PRICED),
      backend: "mcp-server",
      codexVersion: "0.153.4",
    });
    const all = await ok(connection, "codex_sessions", { codex_home: [HOME] });
    const expected = await lsJson(harness, []);
    assert.ok(expected.length >= 9, "the crafted home has 8 files and one codexmon session");
    assert.deepEqual(withoutServerFields(all.data.sessions), expected);
    const managed = all.data.sessions.find((row: { kind: string }) => row.kind === "codexmon");
    assert.equal(managed.id, "review");
    assert.equal(managed.started_here, false);
    assert.equal(all.data.listing.found, expected.length);
    // the listing object is ls's, plus the state folder
    const lsListing = (await lsObjects(harness, [])).find((row) => row.type === "listing");
    // live_checked differs by permissions: the server runs with the shebang's, ls here with all
    assert.deepEqual(
      { ...all.data.listing, live_checked: null },
      { ...lsListing, live_checked: null, state_dir: harness.stateDir },
    );
    assert.deepEqual(all.data.listing.codex_homes, [HOME]);
    // the text is one compact row per session, in the same order
    const lines = all.text.split("\n");
    assert.equal(lines.length, expected.length);
    assert.match(
      lines[0]!,
      /^review done active (now|\d+s ago) gpt-5\.2 0\.153\.4 codexmon 1 turn 2\.5K tok \$0\.0055 in /,
    );
    assert.ok(
      lines.some((line) =>
        /^01a20db7 done .* gpt-5\.5 0\.169\.0 exec 1 turn [\d.]+K? tok \$[\d.]+ /.test(line)
      ),
      all.text,
    );
    assert.ok(
      lines.some((line) =>
        /^0badf11e empty active .*: empty file: .*0badf11e-0000-7000-8000-000000000001\.jsonl$/
          .test(line)
      ),
      all.text,
    );

    const done = await ok(connection, "codex_sessions", { codex_home: [HOME], state: ["done"] });
    assert.deepEqual(
      withoutServerFields(done.data.sessions),
      await lsJson(harness, ["--state", "done"]),
    );
    assert.match(done.text, /\(\d+ of \d+ sessions shown \(filters, limit\)\)$/);
    const since = await ok(connection, "codex_sessions", {
      codex_home: [HOME],
      since: "2026-11-24T13:21:00Z",
      until: "2026-11-24T23:59Z",
      limit: 2,
    });
    const sinceExpected = await lsJson(harness, [
      "--since",
      "2026-11-24T13:21:00Z",
      "--until",
      "2026-11-24T23:59Z",
      "--limit",
      "2",
    ]);
    assert.equal(sinceExpected.length, 2);
    assert.deepEqual(since.data.sessions, sinceExpected);
    const cwd = expected.map((row) => (row as { cwd: string | null }).cwd).find((path) =>
      path && path !== harness.project
    );
    assert.ok(cwd, "a crafted rollout names its working folder");
    const inFolder = await ok(connection, "codex_sessions", { codex_home: [HOME], cwd });
    assert.ok(inFolder.data.sessions.length > 0);
    assert.deepEqual(inFolder.data.sessions, await lsJson(harness, ["--cwd", cwd]));
    // codexmon sessions are found by the folder their record names
    const here = await ok(connection, "codex_sessions", {
      codex_home: [HOME],
      cwd: harness.project,
    });
    assert.deepEqual(here.data.sessions.map((row: { id: string }) => row.id), ["review"]);

    const badTime = await callTool(connection, "codex_sessions", { since: "yesterday-ish" });
    assert.equal(badTime.isError, true);
    assert.match(badTime.text, /^Cannot use "yesterday-ish" with since: expected a date/);
    const badState = await callTool(connection, "codex_sessions", { state: ["sleeping"] });
    assert.equal(badState.isError, true);
    assert.match(badState.text, /Invalid arguments for tool codex_sessions/);
    const missing = await ok(connection, "codex_sessions", {
      codex_home: [join(harness.root, "none")],
    });
    assert.match(missing.text, /no Codex sessions in ".*none" \(no sessions folder\)/);
    assert.deepEqual(missing.data.listing.missing_homes, [join(harness.root, "none")]);
  });
});

Deno.test("codex_status prices each request and the session, and unknown models stay unknown", async () => {
  await withServer(async (connection, harness) => {
    await endedSession(harness, "priced", {
      text: await Deno.readTextFile(PRICED),
      backend: "mcp-server",
      codexVersion: "0.153.4",
    });
    await endedSession(harness, "unpriced", {
      text: (await Deno.readTextFile(APP_SERVER)).replaceAll('"gpt-5.5"', `"${UNKNOWN_MODEL}"`),
      backend: "app-server",
      codexVersion: "0.169.0",
    });
    // the capture's own token count at the documented gpt-5.2 prices
    const usage = lastTokenUsage(PRICED);
    const price = DEFAULT_PRICE_TABLE["gpt-5.2"]!;
    const [input, cached, output] = [
      usage.input_tokens ?? 0,
      usage.cached_input_tokens ?? 0,
      usage.output_tokens ?? 0,
    ];
    const expected =
      ((input - cached) * price.input + cached * price.cachedInput + output * price.output) / 1e6;
    assert.ok(expected > 0);

    const priced = await ok(connection, "codex_status", { session: "priced" });
    const report = priced.data.sessions[0];
    assert.ok(Math.abs(report.costUsd - expected) < 1e-12, `${report.costUsd} vs ${expected}`);
    assert.ok(Math.abs(report.requests[0].costUsd - expected) < 1e-12);
    assert.match(priced.text, new RegExp(`${report.tokens} tokens, \\$${expected.toFixed(4)}\\b`));
    // the capture's rate limits (12% and 3%): reported, no warning
    assert.deepEqual(
      report.rateLimits.map((
        window: { window: string; usedPercent: number },
      ) => [window.window, window.usedPercent]),
      [["primary", 12], ["secondary", 3]],
    );
    assert.deepEqual(report.findings, []);
    assert.match(
      priced.text,
      /\n {2}rate limits: primary 12% of 5h \(resets .* UTC\), secondary 3% of 7d/,
    );
    assert.doesNotMatch(priced.text, /warning rate_limit/);

    const digest = await ok(connection, "codex_digest", { session: "priced" });
    assert.ok(Math.abs(digest.data.costUsd - expected) < 1e-12);
    assert.match(digest.text, new RegExp(`^mcp-server .* \\| \\$${expected.toFixed(4)}\n`));

    const unpriced = await ok(connection, "codex_status", { session: "unpriced" });
    const unknown = unpriced.data.sessions[0];
    assert.ok(unknown.tokens > 0);
    assert.equal(unknown.costUsd, null);
    assert.ok(unknown.requests.every((row: { costUsd: number | null }) => row.costUsd === null));
    assert.match(unpriced.text, /tokens, cost unknown/);
    const noCostDigest = await ok(connection, "codex_digest", { session: "unpriced" });
    assert.equal(noCostDigest.data.costUsd, null);
    assert.doesNotMatch(noCostDigest.text.split("\n")[0]!, /\$/);

    // a config price for the model applies at the next call
    await Deno.writeTextFile(
      join(harness.project, "codexmon.jsonc"),
      JSON.stringify({ pricing: { [UNKNOWN_MODEL]: { input: 5, cachedInput: 0.5, output: 30 } } }),
    );
    const overridden = await ok(connection, "codex_status", { session: "unpriced" });
    const withPrice = overridden.data.sessions[0];
    assert.ok(withPrice.costUsd > 0, overridden.text);
    const unknownDigest = await ok(connection, "codex_digest", { session: "unpriced" });
    assert.equal(unknownDigest.data.costUsd, withPrice.costUsd);
    assert.match(unknownDigest.text, new RegExp(`\\$${withPrice.costUsd.toFixed(4)}`));
    const sum = withPrice.requests.reduce(
      (total: number, row: { costUsd: number | null }) => total + (row.costUsd ?? 0),
      0,
    );
    assert.ok(Math.abs(withPrice.costUsd - sum) < 1e-12, `${withPrice.costUsd} vs ${sum}`);
  });
});

Deno.test("codex_status warns about a rate-limit window used 90% or more", async () => {
  await withServer(async (connection, harness) => {
    // the real capture with its primary window raised to 91%
    const text = (await Deno.readTextFile(PRICED)).replaceAll(
      '"primary":{"used_percent":12.0',
      '"primary":{"used_percent":91.0',
    );
    assert.ok(text.includes('"used_percent":91.0'));
    await endedSession(harness, "limited", {
      text,
      backend: "mcp-server",
      codexVersion: "0.153.4",
    });
    const status = await ok(connection, "codex_status", {});
    const report = status.data.sessions[0];
    assert.equal(report.rateLimits[0].usedPercent, 91);
    assert.deepEqual(
      report.findings.map((
        finding: { kind: string; severity: string },
      ) => [finding.kind, finding.severity]),
      [["rate_limit", "warning"]],
    );
    assert.match(report.findings[0].reason, /^primary rate-limit window 91% used \(5h window\)/);
    assert.match(status.text, /\n {2}! warning rate_limit #1: primary rate-limit window 91% used/);
    const digest = await ok(connection, "codex_digest", { session: "limited" });
    assert.match(digest.text, /warning rate_limit: primary rate-limit window 91% used/);
  });
});

function lastTokenUsage(path: string): Record<string, number> {
  let usage: Record<string, number> | null = null;
  for (const line of jsonLines(path)) {
    const info = (line as {
      params?: { msg?: { type?: string; info?: { total_token_usage?: Record<string, number> } } };
    })
      .params?.msg;
    if (info?.type === "token_count" && info.info?.total_token_usage) {
      usage = info.info.total_token_usage;
    }
  }
  assert.ok(usage, `${path} has a token count`);
  return usage;
}
