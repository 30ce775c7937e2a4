import assert from "node:assert/strict";
import type { Finding } from "../../src/core/stuck/types.ts";
import { waitReport } from "../../src/mcp/wait_report.ts";
import { makeRequest, request } from "../support/records.ts";

const NOW = 1_000_000;

Deno.test("waitReport gives a completed request's whole answer", () => {
  const done = makeRequest({ finalMessage: "All done.\nTwo lines.", threadId: "t-1" });
  const { text, report } = waitReport(
    { state: "completed", request: done, findings: [] },
    { id: 1, waitedSeconds: 2, now: NOW },
  );
  assert.equal(text, "request 1 completed. Answer:\nAll done.\nTwo lines.");
  assert.equal(report.state, "completed");
  assert.equal(report.answer, "All done.\nTwo lines.");
  assert.equal(report.threadId, "t-1");
});

Deno.test("waitReport says still running with the last activity when time ran out", () => {
  const running = request({
    lastEventType: "exec_command_begin",
    lastTime: NOW - 3_000,
    commands: [{
      callId: "c",
      command: ["echo"],
      cwd: null,
      exitCode: null,
      durationMs: null,
      output: "",
      beginLine: 2,
      endLine: null,
      beginTime: null,
    }],
  });
  const { text, report } = waitReport(
    { state: "timed_out", request: running, findings: [] },
    { id: 1, waitedSeconds: 50, now: NOW },
  );
  assert.equal(report.state, "still_running");
  assert.equal(report.requestState, "running");
  assert.equal(report.idleMs, 3_000);
  assert.equal(
    text,
    "request 1 is still running after 50 s (state running, last activity exec_command_begin 3.0s ago, 1 commands). Call codex_wait again to keep waiting.",
  );
});

Deno.test("waitReport says Codex wrote nothing yet for a request not in the output", () => {
  const { text, report } = waitReport(
    { state: "interrupted", request: null, findings: [] },
    { id: "a", waitedSeconds: 1, now: NOW },
  );
  assert.equal(report.state, "still_running");
  assert.equal(report.requestState, null);
  assert.match(text, /^request "a" is still running after 1 s \(Codex has not written anything/);
});

Deno.test("waitReport names the pending approval and the tools that answer it", () => {
  const waiting = request({
    state: "awaiting_approval",
    approvals: [{
      serverRequestId: 0,
      kind: "exec",
      callId: "c",
      command: ["touch", "a"],
      message: "Allow Codex to run `touch a`?",
      line: 3,
      time: null,
      resolved: false,
    }],
  });
  const { text, report } = waitReport(
    { state: "awaiting_approval", request: waiting, findings: [] },
    { id: 4, waitedSeconds: 1, now: NOW },
  );
  assert.equal(report.pendingApproval, "Allow Codex to run `touch a`?");
  assert.equal(
    text,
    "request 4 needs approval: Allow Codex to run `touch a`?\nAnswer with codex_approve or codex_deny (request 4).",
  );
});

Deno.test("waitReport lists the findings of a stuck request with their suggestions", () => {
  const finding = {
    kind: "repeated_command",
    severity: "stuck",
    key: "1",
    requestId: 1,
    reason: "ran `ls` 6 times",
    evidence: { lines: [3] },
    suggestion: "Cancel it",
  } satisfies Finding;
  const { text, report } = waitReport(
    { state: "stuck", request: request(), findings: [finding] },
    { id: 1, waitedSeconds: 1, now: NOW },
  );
  assert.deepEqual(report.findings, [
    { kind: "repeated_command", reason: "ran `ls` 6 times", suggestion: "Cancel it" },
  ]);
  assert.match(
    text,
    /^request 1 looks stuck:\n- repeated_command: ran `ls` 6 times\n {2}Cancel it\n/,
  );
});

Deno.test("waitReport gives the last error of a failed request", () => {
  const failed = makeRequest({
    state: "failed",
    errors: [{ kind: "stream_error", message: "stream error: 500", line: 4 }],
  });
  const { text } = waitReport(
    { state: "failed", request: failed, findings: [] },
    { id: 2, waitedSeconds: 1, now: NOW },
  );
  assert.equal(text, "request 2 failed: stream error: 500");
});
