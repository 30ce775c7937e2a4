/**
 * `codexmon mcp` end to end: the MCP SDK's client drives real Codex 0.153.4 (mcp-server) and
 * 0.169.0 (app-server) against the mock Responses API through the tools: start, two prompts,
 * waits with progress, a thread continued, status, digests within budget, approvals approved and
 * denied, steer, a stalled turn waited on and cancelled, stop, and no process left.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { requireCodex } from "../support/codex.ts";
import type { Progress } from "@modelcontextprotocol/sdk/types";
import { callTool, connectMcp, type McpConnection } from "../support/mcp_harness.ts";
import { scriptedModel } from "../support/scripted_model.ts";
import { eventually, SessionHarness, sessionProcessIds } from "../support/session_harness.ts";

interface BackendCase {
  version: "0.153.4" | "0.169.0";
  backend: "mcp-server" | "app-server";
  model: string;
  /** mcp-server ignores notifications/cancelled: a short grace, then codexmon marks it. */
  cancelGrace: number;
}

const CASES: BackendCase[] = [
  { version: "0.153.4", backend: "mcp-server", model: "gpt-5.2", cancelGrace: 2 },
  { version: "0.169.0", backend: "app-server", model: "gpt-5.5", cancelGrace: 20 },
];

for (const testCase of CASES) {
  Deno.test(
    `mcp tools drive real Codex ${testCase.version} (${testCase.backend}) from start to stop`,
    async () => {
      // the steered turn stays running until the test opens this gate
      const sleepGate = Promise.withResolvers<void>();
      const harness = await SessionHarness.create({
        codex: requireCodex(testCase.version),
        model: testCase.model,
        respond: (request) => scriptedModel(request, { sleepGate: sleepGate.promise }),
      });
      const connection = await connectMcp(harness);
      try {
        await runScenario(connection, harness, { ...testCase, sleepGate });
      } finally {
        await connection.client.close();
        await harness.cleanup();
      }
    },
  );
}

async function runScenario(
  mcp: McpConnection,
  harness: SessionHarness,
  testCase: BackendCase & { sleepGate: PromiseWithResolvers<void> },
): Promise<void> {
  const call = (name: string, args: Record<string, unknown>) => callTool(mcp, name, args);
  const ok = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    assert.equal(result.isError, false, `${name}: ${result.text}`);
    return result;
  };

  const started = await ok("codex_start", { codex: harness.codex });
  assert.equal(started.data.codexVersion, testCase.version);
  assert.equal(started.data.backend, testCase.backend);
  assert.equal(started.data.keep, false);
  assert.match(started.text, new RegExp(`^started session "default": Codex ${testCase.version}`));
  const supervisor = (await harness.meta()).supervisor;
  assert.ok(supervisor);
  const again = await call("codex_start", { codex: harness.codex });
  assert.equal(again.isError, true);
  assert.match(again.text, /already running/);

  // two prompts, each returns at once with its id; then both waits, one with progress
  const [first, second] = await Promise.all([
    ok("codex_send", { prompt: "first question" }),
    ok("codex_send", { prompt: "second question" }),
  ]);
  const firstId: number = first.data.request;
  const secondId: number = second.data.request;
  assert.equal(typeof firstId, "number");
  assert.notEqual(firstId, secondId);
  const progress: Progress[] = [];
  const [firstWait, secondWait] = await Promise.all([
    callTool(mcp, "codex_wait", { request: firstId, timeout_seconds: 50 }, {
      onProgress: (update) => progress.push(update),
    }),
    ok("codex_wait", { request: String(secondId), timeout_seconds: 50 }),
  ]);
  assert.equal(firstWait.isError, false, firstWait.text);
  assert.equal(firstWait.data.state, "completed");
  assert.equal(firstWait.data.answer, "Answer to: first question");
  assert.equal(
    firstWait.text,
    "request " + firstId + " completed. Answer:\nAnswer to: first question",
  );
  assert.equal(secondWait.data.answer, "Answer to: second question");
  assert.ok(progress.length > 0, "the wait sent progress notifications");
  for (const [index, update] of progress.entries()) {
    assert.equal(update.total, 50);
    if (index > 0) assert.ok(update.progress > progress[index - 1]!.progress);
  }

  // continue the first thread, by request id and then by thread id
  const reply = await ok("codex_send", { prompt: "follow up", thread: firstId });
  const replyWait = await ok("codex_wait", { request: reply.data.request, timeout_seconds: 50 });
  assert.equal(replyWait.data.answer, "Reply to: follow up (after: first question)");
  const byThread = await ok("codex_send", { prompt: "and more", thread: firstWait.data.threadId });
  assert.equal(byThread.data.threadId, firstWait.data.threadId);
  const byThreadWait = await ok("codex_wait", { request: byThread.data.request });
  assert.equal(byThreadWait.data.answer, "Reply to: and more (after: first question)");
  const settingsOnReply = await call("codex_send", { prompt: "x", thread: firstId, model: "m" });
  assert.equal(settingsOnReply.isError, true);
  assert.match(settingsOnReply.text, /^Cannot set model when continuing a thread/);

  // status and digests
  const status = await ok("codex_status", { session: "default" });
  const report = status.data.sessions[0];
  assert.equal(report.alive, true);
  assert.equal(report.backend, testCase.backend);
  assert.equal(report.managed, true);
  assert.deepEqual(
    report.requests.map((row: { state: string }) => row.state),
    ["completed", "completed", "completed", "completed"],
  );
  assert.ok(report.tokens > 0, "the session counts tokens");
  assert.match(status.text, /^session "default": alive, Codex/);
  const all = await ok("codex_status", {});
  assert.equal(all.data.sessions.length, 1);
  const digest = await ok("codex_digest", { request: firstId, max_chars: 150 });
  assert.ok(digest.text.length <= 150, `${digest.text.length} characters`);
  assert.equal(digest.data.chars, digest.text.length);
  assert.match(digest.text, new RegExp(`^#${firstId} codex completed`, "m"));
  const sessionDigest = await ok("codex_digest", { max_chars: 2000 });
  assert.ok(sessionDigest.text.length <= 2000);
  assert.match(sessionDigest.text, /answer: Answer to: second question/);

  // an id that was never sent is a tool error, not a wait until timeout
  const unknown = await call("codex_wait", { request: 999 });
  assert.equal(unknown.isError, true);
  assert.match(
    unknown.text,
    /^Cannot wait for request 999: no request with that id was sent in session "default"/,
  );

  // an approval: wait stops at it, approve, then the request completes
  const approval = await ok("codex_send", {
    prompt: "Create a marker file",
    approval_policy: "on-request",
    sandbox: "workspace-write",
  });
  const approvalId = approval.data.request;
  const pending = await ok("codex_wait", { request: approvalId, timeout_seconds: 50 });
  assert.equal(pending.data.state, "awaiting_approval", pending.text);
  assert.match(pending.data.pendingApproval, /touch approved\.txt/);
  assert.match(pending.text, /needs approval: .*\nAnswer with codex_approve or codex_deny/);
  const pendingStatus = await ok("codex_status", {});
  assert.deepEqual(
    pendingStatus.data.sessions[0].pendingApprovals.map((row: { request: number }) => row.request),
    [approvalId],
  );
  const approved = await ok("codex_approve", { request: approvalId });
  assert.equal(approved.data.decision, "approved");
  const afterApproval = await ok("codex_wait", { request: approvalId, timeout_seconds: 50 });
  assert.equal(afterApproval.data.answer, "Answer to: Create a marker file");
  await Deno.stat(join(harness.project, "approved.txt"));
  const twice = await call("codex_deny", { request: approvalId });
  assert.equal(twice.isError, true);
  assert.match(twice.text, /no pending approval/);

  // a denied approval: Codex goes on without running the command
  await Deno.remove(join(harness.project, "approved.txt"));
  const denial = await ok("codex_send", {
    prompt: "Create a marker file again",
    approval_policy: "on-request",
    sandbox: "workspace-write",
  });
  const denialWait = await ok("codex_wait", { request: denial.data.request, timeout_seconds: 50 });
  assert.equal(denialWait.data.state, "awaiting_approval", denialWait.text);
  const denied = await ok("codex_deny", { request: denial.data.request });
  assert.equal(denied.data.decision, "denied");
  assert.match(denied.text, /^denied request \d+ \(approval \d+\): .*touch approved\.txt/);
  const afterDenial = await ok("codex_wait", { request: denial.data.request, timeout_seconds: 50 });
  assert.equal(afterDenial.data.state, "completed", afterDenial.text);
  await assert.rejects(Deno.stat(join(harness.project, "approved.txt")), Deno.errors.NotFound);

  // steer: app-server adds input to the running turn; mcp-server says it cannot
  if (testCase.backend === "app-server") {
    const sleeper = await ok("codex_send", { prompt: "please sleep" });
    const sleepId = sleeper.data.request;
    await eventually(async () => {
      const now = await ok("codex_status", {});
      const row = now.data.sessions[0].requests.find((row: { request: number }) =>
        row.request === sleepId
      );
      return row && row.commands > 0 ? true : undefined;
    }, { message: `request ${sleepId} runs its command` });
    const steered = await ok("codex_steer", { request: sleepId, prompt: "Also say bye." });
    assert.equal(typeof steered.data.turnId, "string");
    testCase.sleepGate.resolve();
    const afterSteer = await ok("codex_wait", { request: sleepId, timeout_seconds: 50 });
    assert.equal(afterSteer.data.answer, "Steered: Also say bye.");
  } else {
    const steer = await call("codex_steer", { request: firstId, prompt: "Also say bye." });
    assert.equal(steer.isError, true);
    assert.match(steer.text, /steer needs the app-server backend/);
  }

  // a stalled turn: the wait times out as still running (no error), cancel ends it
  const before = harness.mock.requests.length;
  const stalled = await ok("codex_send", { prompt: "please stall here" });
  const stalledId = stalled.data.request;
  await harness.mock.waitForRequests(before + 1);
  const still = await ok("codex_wait", { request: stalledId, timeout_seconds: 1 });
  assert.equal(still.data.state, "still_running");
  // the time waited is measured: at least the timeout, more on a loaded machine
  const waited = /is still running after (\d+(?:\.\d)?) s \(state running, last activity /
    .exec(still.text);
  assert.ok(waited !== null && Number(waited[1]) >= 1, still.text);
  const cancelled = await ok("codex_cancel", {
    request: stalledId,
    grace_seconds: testCase.cancelGrace,
  });
  assert.equal(cancelled.data.state, "cancelled");
  const waitCancelled = await ok("codex_wait", { request: stalledId, timeout_seconds: 10 });
  assert.equal(waitCancelled.data.state, "cancelled");

  // stop: nothing of the session is left, and the files are kept
  const stopped = await ok("codex_stop", {});
  assert.ok(stopped.data.processes > 0);
  assert.deepEqual(sessionProcessIds(supervisor.sid), []);
  const sessions = await ok("codex_sessions", {});
  const managed = sessions.data.sessions.filter((row: { kind: string }) => row.kind === "codexmon");
  assert.deepEqual(
    managed.map((row: { id: string; state: string; started_here: boolean }) => [
      row.id,
      row.state,
      row.started_here,
    ]),
    [["default", "done", false]],
  );
  const dead = await call("codex_send", { prompt: "hello" });
  assert.equal(dead.isError, true);
  assert.match(dead.text, /^Cannot send: session "default" is not running/);
}
