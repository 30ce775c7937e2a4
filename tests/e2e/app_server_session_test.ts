/**
 * `codexmon session` end to end against each pinned real Codex with app-server (the backend is
 * chosen from the version) and the mock Responses API: start, send, wait, reply, steer, cancel, approve, status,
 * stop, and no process left.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  APP_SERVER_CODEX_VERSIONS,
  type PinnedCodexVersion,
  requireCodex,
} from "../support/codex.ts";
import { analyzeFile } from "../../src/io/analyze_file.ts";
import { scriptedModel } from "../support/scripted_model.ts";
import { eventually, SessionHarness, sessionProcessIds } from "../support/session_harness.ts";

/** The whole session life cycle on one Codex release. */
async function driveSession(version: PinnedCodexVersion): Promise<void> {
  // the steered turn stays running until the test opens this gate
  const sleepGate = Promise.withResolvers<void>();
  const harness = await SessionHarness.create({
    codex: requireCodex(version),
    model: "gpt-5.5",
    respond: (request) => scriptedModel(request, { sleepGate: sleepGate.promise }),
  });
  try {
    const started = await harness.session("start", "--codex", harness.codex);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, new RegExp(`Codex ${version.replaceAll(".", "\\.")} pid \\d+`));
    const meta = await harness.meta();
    assert.equal(meta.codexVersion, version);
    assert.equal((meta as unknown as { backend: string }).backend, "app-server");
    const buffer = () => Deno.readTextFile(join(harness.sessionDir(), "buffer.jsonl"));
    assert.match(await buffer(), /"method":"initialize"/);
    assert.match(await buffer(), /\{"method":"initialized"\}/);

    // send + wait
    const sent = await harness.session("send", "first question");
    assert.equal(sent.code, 0, sent.stderr);
    const firstId = sent.stdout.trim();
    assert.match(firstId, /^\d+$/);
    const waited = await harness.session("wait", firstId, "--timeout", "60");
    assert.equal(waited.code, 0, waited.stderr);
    assert.equal(waited.stdout.trim(), "Answer to: first question");

    // reply on the same thread
    const reply = await harness.session(
      "reply",
      firstId,
      "follow up",
      "--wait",
      "--timeout",
      "60",
    );
    assert.equal(reply.code, 0, reply.stderr);
    const [replyId, replyAnswer] = reply.stdout.trim().split("\n");
    assert.match(replyId ?? "", /^\d+$/);
    assert.equal(replyAnswer, "Reply to: follow up (after: first question)");
    const status = JSON.parse((await harness.session("status", "--json")).stdout);
    const rows = status.requests as { key: string; threadId: string; tool: string }[];
    const first = rows.find((row) => row.key === firstId);
    const second = rows.find((row) => row.key === replyId);
    assert.equal(first?.threadId, second?.threadId);
    assert.equal(second?.tool, "codex-reply");

    // wait takes the turn id too, as parse shows it (the one resolver of request ids)
    const output = await analyzeFile(join(harness.sessionDir(), "output.json"));
    const turnId = output.analysis.requests.find((request) => request.key === replyId)?.turnId;
    assert.ok(turnId, "the reply's turn id is in the output");
    const byTurn = await harness.session("wait", turnId, "--timeout", "60");
    assert.equal(byTurn.code, 0, byTurn.stderr);
    assert.equal(byTurn.stdout.trim(), replyAnswer);

    // steer a turn while it runs: the model holds its answer until the gate opens
    const sleeper = await harness.session("send", "please sleep");
    const sleepId = sleeper.stdout.trim();
    await eventually(async () => {
      const now = JSON.parse((await harness.session("status", "--json")).stdout);
      const row = now.requests.find((row: { key: string }) => row.key === sleepId);
      return row && row.commands > 0 ? true : undefined;
    }, { message: `request ${sleepId} runs its command` });
    const steered = await harness.session("steer", sleepId, "Also say bye.");
    assert.equal(steered.code, 0, steered.stderr);
    assert.equal(steered.stdout.trim(), `steered request ${sleepId}`);
    sleepGate.resolve();
    const afterSteer = await harness.session("wait", sleepId, "--timeout", "60");
    assert.equal(afterSteer.code, 0, afterSteer.stderr);
    assert.equal(afterSteer.stdout.trim(), "Steered: Also say bye.");
    assert.match(await buffer(), /"method":"turn\/steer"/);

    // approval: wait says so (exit 4), approve, then it completes
    const approvalSend = await harness.session(
      "send",
      "Create a marker file",
      "--approval-policy",
      "on-request",
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
    assert.match(await buffer(), /"result":\{"decision":"accept"\}/);
    const afterApproval = await harness.session("wait", approvalId, "--timeout", "60");
    assert.equal(afterApproval.code, 0, afterApproval.stderr);
    assert.equal(afterApproval.stdout.trim(), "Answer to: Create a marker file");
    await Deno.stat(join(harness.project, "approved.txt"));

    // cancel a turn whose model stream stalls: turn/interrupt ends it
    const before = harness.mock.requests.length;
    const stalled = await harness.session("send", "please stall here");
    const stalledId = stalled.stdout.trim();
    await harness.mock.waitForRequests(before + 1);
    const cancelled = await harness.session("cancel", stalledId, "--grace", "20");
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(
      cancelled.stdout.trim(),
      `request ${stalledId} ended after the cancel (cancelled)`,
    );
    const waitCancelled = await harness.session("wait", stalledId, "--timeout", "10");
    assert.equal(waitCancelled.code, 6);
    assert.match(waitCancelled.stderr, /was cancelled/);

    // stop: nothing of the session is left, files are kept
    const supervisor = (await harness.meta()).supervisor;
    assert.ok(supervisor);
    const stopped = await harness.session("stop");
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.deepEqual(sessionProcessIds(supervisor.sid), []);
    const dead = JSON.parse((await harness.session("status", "--json")).stdout);
    assert.equal(dead.alive, false);
    assert.equal(
      dead.requests.find((row: { key: string }) => row.key === firstId)?.state,
      "completed",
    );
  } finally {
    await harness.cleanup();
  }
}

// The releases run at the same time: each mostly waits on Codex and the mock, and CI time
// stays that of one release.
Deno.test("session drives each pinned real Codex with app-server from start to stop", async () => {
  const results = await Promise.allSettled(APP_SERVER_CODEX_VERSIONS.map(driveSession));
  const failures = results.flatMap((result, index) =>
    result.status === "rejected"
      ? [
        `Codex ${APP_SERVER_CODEX_VERSIONS[index]}: ${
          String(result.reason?.stack ?? result.reason)
        }`,
      ]
      : []
  );
  assert.deepEqual(failures, [], failures.join("\n\n"));
});
