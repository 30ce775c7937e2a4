import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { detectAwaitingApproval } from "../../../src/core/stuck/awaiting_approval.ts";
import { approval, context, request } from "./_records.ts";

const TOUCH = ["bash", "-lc", "touch approved.txt"];

Deno.test("awaiting approval says what needs approval and how to answer it", () => {
  const record = request({ state: "awaiting_approval", approvals: [approval(TOUCH, 13)] });
  const [finding, ...rest] = detectAwaitingApproval(record, context([record]));
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "awaiting_approval");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "waiting for approval to run bash -lc 'touch approved.txt'");
  assert.deepEqual(finding?.evidence.lines, [13]);
  assert.equal(
    finding?.suggestion,
    'Answer it: codexmon session approve 1 (or deny 1), or write {"jsonrpc":"2.0","id":0,"result":{"decision":"approved"}} to the server\'s stdin ("denied" to refuse)',
  );
});

Deno.test("awaiting approval tells how long it has waited when times are known", () => {
  const record = request({
    state: "awaiting_approval",
    approvals: [approval(TOUCH, 13, { time: 1_000_000 })],
  });
  const [finding] = detectAwaitingApproval(record, context([], { now: 1_000_000 + 95_000 }));
  assert.equal(finding?.reason, "waiting 1m 35s for approval to run bash -lc 'touch approved.txt'");
});

Deno.test("awaiting approval quotes string request ids so the CLI reads them back as strings", () => {
  const record = request({
    key: '"7"',
    requestId: "7",
    state: "awaiting_approval",
    approvals: [approval(TOUCH, 13, { serverRequestId: null })],
  });
  const [finding] = detectAwaitingApproval(record, context());
  assert.equal(finding?.suggestion, `Answer it: codexmon session approve '"7"' (or deny '"7"')`);
});

Deno.test("awaiting approval gives no JSON-RPC line for other formats", () => {
  const record = request({ state: "awaiting_approval", approvals: [approval(TOUCH, 13)] });
  const [finding] = detectAwaitingApproval(
    record,
    context([], { analysis: { format: "app-server" } }),
  );
  assert.equal(finding?.suggestion, "Answer it: codexmon session approve 1 (or deny 1)");
});

Deno.test("awaiting approval ignores answered approvals, ended requests and dead servers", () => {
  const answered = request({ approvals: [approval(TOUCH, 13, { resolved: true })] });
  assert.deepEqual(detectAwaitingApproval(answered, context()), []);
  const ended = request({ state: "completed", approvals: [approval(TOUCH, 13)] });
  assert.deepEqual(detectAwaitingApproval(ended, context()), []);
  const open = request({ state: "awaiting_approval", approvals: [approval(TOUCH, 13)] });
  assert.deepEqual(
    detectAwaitingApproval(open, context([], { analysis: { serverExited: true } })),
    [],
  );
});

function detectIn(path: string) {
  const analysis = analyzeCapture(path);
  return analysis.requests.flatMap((record) =>
    detectAwaitingApproval(record, context([], { analysis }))
  );
}

Deno.test("awaiting approval: approval-noanswer needs approval in both versions", () => {
  const expected = [
    ["fixtures/codex-0.47.0/approval-noanswer.jsonl", "bash", 11],
    ["fixtures/codex-0.153.4/approval-noanswer.jsonl", "/bin/bash", 23],
  ] as const;
  for (const [path, shell, line] of expected) {
    const [finding, ...rest] = detectIn(path);
    assert.equal(rest.length, 0, path);
    assert.equal(finding?.reason, `waiting for approval to run ${shell} -lc 'touch approved.txt'`);
    assert.deepEqual(finding?.evidence.lines, [line]);
    // The elicitation/create request has id 0 in both captures.
    assert.ok(
      finding?.suggestion.includes('{"jsonrpc":"2.0","id":0,"result":{"decision":"approved"}}'),
    );
  }
});

Deno.test("awaiting approval stays quiet once the approval was answered", () => {
  assert.deepEqual(detectIn("fixtures/codex-0.47.0/approval-approved.jsonl"), []);
});
