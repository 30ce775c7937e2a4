/**
 * `codexmon session` end to end against real Codex 0.47.0 and 0.153.4 (installed by
 * scripts/setup_codex.ts) and the mock Responses API: start, two prompts at once, wait, reply,
 * approve, cancel, SIGKILL and status, stop, and no process left.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { requireCodex } from "../support/codex.ts";
import { scriptedModel } from "../support/scripted_model.ts";
import {
  descendantPids,
  eventually,
  SessionHarness,
  sessionProcessIds,
} from "../support/session_harness.ts";

interface VersionCase {
  version: "0.47.0" | "0.153.4";
  model?: string;
  approvalPolicy: string;
  replyArgument: string;
}

const CASES: VersionCase[] = [
  { version: "0.47.0", approvalPolicy: "untrusted", replyArgument: "conversationId" },
  { version: "0.153.4", model: "gpt-5.2", approvalPolicy: "on-request", replyArgument: "threadId" },
];

for (const testCase of CASES) {
  Deno.test(`session drives real Codex ${testCase.version} from start to stop`, async () => {
    const harness = await SessionHarness.create({
      codex: requireCodex(testCase.version),
      ...(testCase.model ? { model: testCase.model } : {}),
      respond: scriptedModel,
    });
    try {
      await runScenario(harness, testCase);
    } finally {
      await harness.cleanup();
    }
  });
}

async function runScenario(harness: SessionHarness, testCase: VersionCase): Promise<void> {
  // start
  const started = await harness.session("start", "--codex", harness.codex);
  assert.equal(started.code, 0, started.stderr);
  assert.match(
    started.stdout,
    new RegExp(`Codex ${testCase.version.replaceAll(".", "\\.")} pid \\d+`),
  );
  const meta = await harness.meta();
  assert.equal(meta.codexVersion, testCase.version);
  const supervisor = meta.supervisor;
  assert.ok(supervisor, "session.json names the supervisor");

  const again = await harness.session("start", "--codex", harness.codex);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already running/);

  // two prompts at once, then wait for both
  const [first, second] = await Promise.all([
    harness.session("send", "first question"),
    harness.session("send", "second question"),
  ]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(second.code, 0, second.stderr);
  const firstId = first.stdout.trim();
  const secondId = second.stdout.trim();
  assert.match(firstId, /^\d+$/);
  assert.match(secondId, /^\d+$/);
  assert.notEqual(firstId, secondId);
  const [firstWait, secondWait] = await Promise.all([
    harness.session("wait", firstId, "--timeout", "60"),
    harness.session("wait", secondId, "--timeout", "60"),
  ]);
  assert.equal(firstWait.code, 0, firstWait.stderr);
  assert.equal(firstWait.stdout.trim(), "Answer to: first question");
  assert.equal(secondWait.code, 0, secondWait.stderr);
  assert.equal(secondWait.stdout.trim(), "Answer to: second question");

  // reply on the first thread
  const reply = await harness.session("reply", firstId, "follow up", "--wait", "--timeout", "60");
  assert.equal(reply.code, 0, reply.stderr);
  const [replyId, replyAnswer] = reply.stdout.trim().split("\n");
  assert.match(replyId ?? "", /^\d+$/);
  assert.equal(replyAnswer, "Reply to: follow up (after: first question)");
  const buffer = await Deno.readTextFile(join(harness.sessionDir(), "buffer.jsonl"));
  const replyLine = buffer.split("\n").find((line) => line.includes('"codex-reply"'));
  assert.ok(replyLine, "the buffer holds the codex-reply call");
  const replyArgs = JSON.parse(replyLine).params.arguments;
  assert.deepEqual(Object.keys(replyArgs).sort(), [testCase.replyArgument, "prompt"].sort());

  // a command that needs approval: wait says so (exit 4), approve, then it completes
  const approvalSend = await harness.session(
    "send",
    "Create a marker file",
    "--approval-policy",
    testCase.approvalPolicy,
    "--sandbox",
    "workspace-write",
  );
  assert.equal(approvalSend.code, 0, approvalSend.stderr);
  const approvalId = approvalSend.stdout.trim();
  const pending = await harness.session("wait", approvalId, "--timeout", "60");
  assert.equal(pending.code, 4, `${pending.stdout}\n${pending.stderr}`);
  assert.match(pending.stderr, /needs approval: .*touch approved\.txt/);
  const approved = await harness.session("approve", approvalId);
  assert.equal(approved.code, 0, approved.stderr);
  assert.match(approved.stdout, /^approved request \d+ \(elicitation \d+\)/);
  const afterApproval = await harness.session("wait", approvalId, "--timeout", "60");
  assert.equal(afterApproval.code, 0, afterApproval.stderr);
  assert.equal(afterApproval.stdout.trim(), "Answer to: Create a marker file");
  await Deno.stat(join(harness.project, "approved.txt"));
  const twice = await harness.session("approve", approvalId);
  assert.equal(twice.code, 1);
  assert.match(twice.stderr, /no pending approval/);

  // cancel a request whose model stream stalls
  const requestsBefore = harness.mock.requests.length;
  const stalled = await harness.session("send", "please stall here");
  const stalledId = stalled.stdout.trim();
  await harness.mock.waitForRequests(requestsBefore + 1);
  const cancelled = await harness.session("cancel", stalledId, "--grace", "2");
  assert.equal(cancelled.code, 0, cancelled.stderr);
  assert.match(cancelled.stdout, /marked cancelled|ended after the cancel/);
  const cancelledStatus = JSON.parse((await harness.session("status", "--json")).stdout);
  const cancelledRow = cancelledStatus.requests.find((row: { key: string }) =>
    row.key === stalledId
  );
  assert.equal(cancelledRow?.state, "cancelled");

  // another stalled request stays open; then Codex is killed with SIGKILL
  const open = await harness.session("send", "stall again");
  const openId = open.stdout.trim();
  await harness.mock.waitForRequests(requestsBefore + 2);
  await eventually(async () => {
    const status = JSON.parse((await harness.session("status", "--json")).stdout);
    return status.requests.some((row: { key: string; state: string }) =>
        row.key === openId && row.state === "running"
      )
      ? true
      : undefined;
  }, { message: `request ${openId} shows as running` });
  const codexPid = (await harness.meta()).codexPid;
  assert.ok(codexPid !== null);
  for (const target of [...descendantPids(codexPid).reverse(), { pid: codexPid, name: "codex" }]) {
    try {
      Deno.kill(target.pid, "SIGKILL");
    } catch {
      // already gone with its parent
    }
  }
  const dead = await eventually(async () => {
    const status = JSON.parse((await harness.session("status", "--json")).stdout);
    return status.alive ? undefined : status;
  }, { message: "status reports the session dead" });
  assert.equal(dead.exit.signal, "SIGKILL");
  assert.match(dead.state, /^dead \(killed by SIGKILL\)$/);
  const openRow = dead.requests.find((row: { key: string }) => row.key === openId);
  assert.equal(openRow?.state, "no_response");
  const textStatus = await harness.session("status");
  assert.match(textStatus.stdout, /dead \(killed by SIGKILL\)/);
  assert.match(textStatus.stdout, /no response/);
  const waitDead = await harness.session("wait", openId, "--timeout", "10");
  assert.equal(waitDead.code, 6);
  assert.match(waitDead.stderr, /no response/);
  const sendDead = await harness.session("send", "hello");
  assert.equal(sendDead.code, 1);
  assert.match(sendDead.stderr, /is not running \(Codex was killed by SIGKILL\)/);

  // stop: nothing of the session is left, files are kept
  const stopped = await harness.session("stop");
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.deepEqual(sessionProcessIds(supervisor.sid), []);
  for (const name of ["buffer.jsonl", "output.json", "output.json.times.jsonl", "session.json"]) {
    assert.ok((await Deno.stat(join(harness.sessionDir(), name))).size > 0, `${name} is kept`);
  }
}
