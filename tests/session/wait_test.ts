import assert from "node:assert/strict";
import { EXIT } from "../../src/core/exit_codes.ts";
import type { ApprovalRecord, RequestRecord } from "../../src/core/model/types.ts";
import type { Finding } from "../../src/core/stuck/types.ts";
import { decideWait, waitExitCode } from "../../src/session/wait.ts";
import { findRequest } from "../../src/session/request_lookup.ts";
import { analyzeFile } from "../../src/io/analyze_file.ts";
import { parseRequestIdArg, requestKey } from "../../src/core/model/request_key.ts";
import { request as runningRequest } from "../support/records.ts";

function request(overrides: Partial<RequestRecord>): RequestRecord {
  return runningRequest({ key: "3", requestId: 3, firstLine: 1, lastLine: 1, ...overrides });
}

const approval: ApprovalRecord = {
  serverRequestId: 0,
  kind: "exec",
  callId: "call_1",
  command: ["bash", "-lc", "touch a"],
  message: "Allow Codex to run `touch a`?",
  line: 9,
  time: null,
  resolved: false,
};

const stuckFinding = { kind: "repeated_command", severity: "stuck", key: "3" } as Finding;
const idle = { stuck: [], markedCancelled: false, meta: { answered: [] } };

Deno.test("decideWait ends on the request's end states", () => {
  assert.equal(decideWait(request({ state: "completed" }), idle), "completed");
  assert.equal(decideWait(request({ state: "failed" }), idle), "failed");
  assert.equal(decideWait(request({ state: "cancelled" }), idle), "cancelled");
  assert.equal(decideWait(request({ state: "no_response" }), idle), "no_response");
  assert.equal(decideWait(request({ state: "running" }), idle), null);
});

Deno.test("decideWait reports a pending approval until codexmon answered it", () => {
  const waiting = request({ state: "awaiting_approval", approvals: [approval] });
  assert.equal(decideWait(waiting, idle), "awaiting_approval");
  const answered = {
    ...idle,
    meta: { answered: [{ requestId: 3, elicitationId: 0, decision: "approved", at: 1 }] },
  };
  assert.equal(decideWait(waiting, answered), null);
  assert.equal(decideWait(request({ approvals: [{ ...approval, resolved: true }] }), idle), null);
});

Deno.test("decideWait reports stuck findings and cancel marks", () => {
  assert.equal(decideWait(request({}), { ...idle, stuck: [stuckFinding] }), "stuck");
  assert.equal(decideWait(request({}), { ...idle, markedCancelled: true }), "cancelled");
  assert.equal(
    decideWait(request({ state: "no_response" }), { ...idle, markedCancelled: true }),
    "cancelled",
  );
  // a request that completed after all is completed
  assert.equal(
    decideWait(request({ state: "completed" }), { ...idle, markedCancelled: true }),
    "completed",
  );
});

Deno.test("waitExitCode maps each end to the documented exit code", () => {
  assert.equal(waitExitCode("completed"), EXIT.ok);
  assert.equal(waitExitCode("stuck"), 3);
  assert.equal(waitExitCode("awaiting_approval"), 4);
  assert.equal(waitExitCode("timed_out"), 5);
  assert.equal(waitExitCode("failed"), 6);
  assert.equal(waitExitCode("cancelled"), 6);
  assert.equal(waitExitCode("no_response"), 6);
  assert.equal(waitExitCode("interrupted"), 130);
});

Deno.test("session wait finds an app-server turn by its request id, its turn id or its key", async () => {
  const { analysis } = await analyzeFile("fixtures/codex-0.169.0/app-server-multi-turn.jsonl");
  const second = analysis.requests[1]!;
  for (const typed of ["3", second.turnId!, `"${second.turnId}"`]) {
    const found = findRequest(analysis.requests, requestKey(parseRequestIdArg(typed)));
    assert.equal(found?.key, second.key, typed);
  }
  assert.equal(findRequest(analysis.requests, requestKey(parseRequestIdArg("9"))), null);
});
