import assert from "node:assert/strict";
import { TrackedRequest } from "../../../src/core/request/request_state.ts";
import { REPORT_LIMITS, SUMMARY_LIMITS } from "../../../src/core/model/limits.ts";
import type { TokenUsage } from "../../../src/core/model/types.ts";

function request(): TrackedRequest {
  return new TrackedRequest({ key: "1", requestId: 1 }, {
    line: 1,
    limits: SUMMARY_LIMITS,
    deltas: null,
  });
}

function usage(total: number): TokenUsage {
  return { input: total, cachedInput: 0, output: 0, reasoningOutput: 0, total };
}

Deno.test("a request that lost its server and then got its answer is completed, not silent", () => {
  const tracked = request();
  tracked.loseServer();
  assert.equal(tracked.state(), "no_response");
  tracked.end(9, { kind: "result", success: true });
  assert.equal(tracked.state(), "completed");
  assert.equal(tracked.ended, true);
  assert.equal(tracked.record().endLine, 9);
});

Deno.test("the first end event of a turn gives its end line; a later one does not move it", () => {
  const tracked = request();
  tracked.endTurn("failed", 4);
  tracked.endTurn("interrupted", 7);
  assert.equal(tracked.state(), "cancelled");
  assert.equal(tracked.endLine, 4);
  // The turn's own end (turn formats) is where it ended, whatever came before.
  tracked.end(8);
  assert.equal(tracked.endLine, 8);
});

Deno.test("a request's own tokens count from the session total before its first update", () => {
  const tracked = request();
  tracked.setShareBase(usage(100));
  tracked.setShareBase(usage(150));
  tracked.recordTotals(usage(180), usage(30));
  assert.deepEqual(tracked.ownTokens(), usage(80));
  assert.deepEqual(tracked.lastUsage, usage(30));
  tracked.recordTotals(usage(200), null);
  assert.deepEqual(tracked.lastUsage, usage(30));
});

Deno.test("facts a request inherits never replace what it knows; facts its thread tells do", () => {
  const tracked = request();
  tracked.inherit({ model: "gpt-5", cwd: "/a" });
  tracked.inherit({ model: "o3", cwd: null, rolloutPath: "/r.jsonl" });
  assert.deepEqual([tracked.model, tracked.cwd, tracked.rolloutPath], ["gpt-5", "/a", "/r.jsonl"]);
  tracked.learn({ model: "o3", cwd: null });
  assert.deepEqual([tracked.model, tracked.cwd], ["o3", "/a"]);
});

Deno.test("answering the last approval without a call id leaves none pending", () => {
  const tracked = request();
  const approval = { kind: "other" as const, callId: null, command: null, message: "ok?", line: 2 };
  tracked.addApproval({ ...approval, serverRequestId: 5, time: null, resolved: false });
  tracked.addApproval({ ...approval, serverRequestId: 6, time: null, resolved: false });
  assert.equal(tracked.resolveServerRequest(5), true);
  assert.equal(tracked.otherApprovalPending, true);
  assert.equal(tracked.resolveServerRequest(5), false);
  assert.equal(tracked.resolveServerRequest(6), true);
  assert.equal(tracked.otherApprovalPending, false);
  assert.equal(tracked.state(), "running");
});

function busyRequest(): TrackedRequest {
  const request = new TrackedRequest({ key: "1", requestId: 1 }, {
    line: 1,
    limits: REPORT_LIMITS,
    deltas: null,
  });
  request.setPrompt("list the files", 1);
  request.addReasoning("I should run ls", 2);
  request.addMessage("Running ls now", 3);
  const ls = request.beginCommand({
    callId: "c1",
    command: ["ls"],
    cwd: null,
    beginLine: 4,
    beginTime: null,
  });
  request.endCommand(ls, { exitCode: 0, durationMs: 5, output: "a.txt\nb.txt", line: 5 });
  request.addAgentMessage("Two files: a.txt and b.txt", 6);
  return request;
}

Deno.test("a final record keeps every item and text of its request", () => {
  const expected = busyRequest().record();
  const record = busyRequest().finalRecord();
  assert.deepEqual(record, expected);
  assert.equal(record.commands[0]?.output, "a.txt\nb.txt");
  assert.equal(record.finalMessage, "Two files: a.txt and b.txt");
});

Deno.test("a request lets go of its items and texts once its final record is taken", () => {
  const request = busyRequest();
  const record = request.finalRecord();
  // The table may list a released request a while longer: it must hold no texts by then.
  for (const list of ["messages", "reasoning", "commands", "patches", "errors", "approvals"]) {
    assert.deepEqual(request[list as "messages"], [], list);
  }
  assert.equal(request.prompt, null);
  assert.equal(request.lastAgentMessage, null);
  assert.equal(request.command("c1"), undefined);
  assert.equal(record.reasoning[0]?.text, "I should run ls", "the record keeps what it took over");
});

Deno.test("a turn's end is decided in one place: it ends the turn and answers the approvals still waiting", () => {
  for (
    const [how, state] of [
      ["completed", "completed"],
      ["failed", "failed"],
      ["interrupted", "cancelled"],
    ] as const
  ) {
    const tracked = request();
    tracked.addApproval({
      serverRequestId: 0,
      kind: "exec",
      callId: "c1",
      command: ["ls"],
      message: "ls",
      line: 2,
      time: null,
      resolved: false,
    });
    assert.equal(tracked.state(), "awaiting_approval");
    assert.equal(tracked.turnEnded, false);
    tracked.endTurn(how, 5);
    assert.equal(tracked.turnEnded, true);
    assert.equal(tracked.state(), state);
    assert.equal(tracked.endLine, 5);
    assert.ok(tracked.approvals.every((approval) => approval.resolved));
  }
});
