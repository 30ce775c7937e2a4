import assert from "node:assert/strict";
import { analyzeCapture, T0 } from "./_captures.ts";
import {
  compareFindings,
  detectStuck,
  type Finding,
  verdictExitCode,
} from "../../../src/core/stuck/mod.ts";
import { analysis, approval, repeated, request, retry } from "./_records.ts";

function finding(overrides: Partial<Finding>): Finding {
  return {
    kind: "silence",
    severity: "warning",
    key: "1",
    requestId: 1,
    reason: "",
    evidence: { lines: [] },
    suggestion: "",
    ...overrides,
  };
}

Deno.test("detectStuck returns nothing for a healthy analysis", () => {
  assert.deepEqual(detectStuck(analysis([request({ state: "completed" })])), []);
});

Deno.test("detectStuck puts stuck first, then needs approval, then warnings, then info", () => {
  const approvalRequest = request({
    key: "1",
    requestId: 1,
    firstLine: 2,
    state: "awaiting_approval",
    approvals: [approval(["touch", "x"], 5)],
  });
  const looping = request({
    key: "2",
    requestId: 2,
    firstLine: 20,
    commands: repeated(["bash", "-lc", "echo hi"], 5, 21),
  });
  const recovered = request({
    key: "3",
    requestId: 3,
    firstLine: 1,
    state: "completed",
    errors: [retry(1, 5, 3), retry(2, 5, 4)],
  });
  const failed = request({
    key: "4",
    requestId: 4,
    firstLine: 50,
    state: "failed",
    errors: [{ kind: "error", message: "boom", line: 51 }],
  });
  const findings = detectStuck(analysis([approvalRequest, looping, recovered, failed]));
  assert.deepEqual(findings.map((item) => [item.kind, item.severity, item.key]), [
    ["repeated_command", "stuck", "2"],
    ["awaiting_approval", "warning", "1"],
    ["request_failed", "warning", "4"],
    ["retry_storm", "info", "3"],
  ]);
  assert.equal(verdictExitCode(findings), 3);
  assert.equal(verdictExitCode(findings.filter((item) => item.severity !== "stuck")), 4);
  assert.equal(verdictExitCode(findings.filter((item) => item.key === "4")), 0);
});

Deno.test("detectStuck applies partial thresholds over the defaults", () => {
  const looping = request({ commands: repeated(["make"], 3) });
  assert.equal(detectStuck(analysis([looping]))[0]?.severity, "warning");
  const strict = detectStuck(analysis([looping]), { thresholds: { repeatedCommandStuck: 3 } });
  assert.equal(strict[0]?.severity, "stuck");
});

Deno.test("detectStuck checks silence only when given a clock", () => {
  const open = request({ lastLine: 9 });
  const records = analysis([open]);
  assert.deepEqual(detectStuck(records), []);
  const findings = detectStuck(records, { now: 2_000_000, lastLineTime: 1_000_000 });
  assert.deepEqual(findings.map((item) => [item.kind, item.severity, item.estimate]), [
    ["silence", "stuck", true],
  ]);
});

Deno.test("compareFindings breaks ties by request position, then by kind", () => {
  const lines = new Map([["a", 30], ["b", 10]]);
  const sorted = [
    finding({ key: "a", kind: "silence" }),
    finding({ key: "b", kind: "token_total" }),
    finding({ key: "b", kind: "repeated_command" }),
  ].sort((x, y) => compareFindings(x, y, lines));
  assert.deepEqual(sorted.map((item) => `${item.key}:${item.kind}`), [
    "b:repeated_command",
    "b:token_total",
    "a:silence",
  ]);
});

Deno.test("verdictExitCode is 0 for warnings and info alone", () => {
  assert.equal(verdictExitCode([]), 0);
  assert.equal(verdictExitCode([finding({}), finding({ severity: "info" })]), 0);
  assert.equal(
    verdictExitCode([finding({ kind: "awaiting_approval" }), finding({ severity: "stuck" })]),
    3,
  );
});

// Acceptance on the real captures (issue 3, "Done when").

const VERDICTS: readonly (readonly [string, 0 | 3 | 4])[] = [
  ["codex-0.47.0/stuck-loop", 3],
  ["crafted/stuck/loop-0.153.4", 3],
  ["codex-0.47.0/approval-noanswer", 4],
  ["codex-0.153.4/approval-noanswer", 4],
  ["codex-0.47.0/http-500", 0],
  ["codex-0.153.4/http-500", 0],
  ["codex-0.47.0/http-429", 0],
  ["codex-0.47.0/stall-timeout", 0],
  ["codex-0.47.0/apply-patch", 0],
  ["codex-0.47.0/approval-approved", 0],
  ["codex-0.47.0/big-output", 0],
  ["codex-0.47.0/no-initialize", 0],
  ["codex-0.153.4/no-initialize", 0],
  ["codex-0.47.0/protocol-errors", 0],
  ["codex-0.47.0/rust-log-info", 0],
  ["codex-0.47.0/stall", 0],
  ["codex-0.153.4/startup-codex-home-in-tmp", 0],
];

Deno.test("every real capture gets its verdict, with or without a clock", () => {
  for (const [name, code] of VERDICTS) {
    const analysis = analyzeCapture(`fixtures/${name}.jsonl`);
    assert.equal(verdictExitCode(detectStuck(analysis)), code, name);
    // parse --stuck on a finished file: now and the file's mtime an hour before change nothing.
    const clocked = detectStuck(analysis, { now: T0 + 3_600_000, lastLineTime: T0 });
    assert.equal(verdictExitCode(clocked), code, `${name} with a clock`);
  }
});

Deno.test("simple, shell, multi-turn and interleaved report nothing in both versions", () => {
  for (const version of ["0.47.0", "0.153.4"]) {
    for (const name of ["simple", "shell", "multi-turn", "interleaved"]) {
      const path = `fixtures/codex-${version}/${name}.jsonl`;
      assert.deepEqual(detectStuck(analyzeCapture(path)), [], path);
      const timed = analyzeCapture(path, { timing: true });
      assert.deepEqual(detectStuck(timed, { now: T0 + 3_600_000 }), [], `${path} timed`);
    }
  }
});

Deno.test("stuck-loop leads with the repeated command", () => {
  const [first] = detectStuck(analyzeCapture("fixtures/codex-0.47.0/stuck-loop.jsonl"));
  assert.equal(first?.kind, "repeated_command");
  assert.equal(first?.evidence.text, "bash -lc 'echo hi'");
});

Deno.test("http-500, http-429 and stall-timeout show the retries and the failure", () => {
  for (
    const name of [
      "codex-0.47.0/http-500",
      "codex-0.153.4/http-500",
      "codex-0.47.0/http-429",
      "codex-0.47.0/stall-timeout",
    ]
  ) {
    const findings = detectStuck(analyzeCapture(`fixtures/${name}.jsonl`));
    const exhausted = findings.find((finding) => finding.kind === "retries_exhausted");
    assert.ok(exhausted, name);
    assert.match(exhausted.reason, /^request failed after \d retries \(last: (\d)\/\1\): .+/, name);
  }
});

Deno.test("the crafted captures each raise the finding they were made for", () => {
  const expected: readonly (readonly [string, string, string])[] = [
    ["failing-command", "repeated_failure", "warning"],
    ["similar-reasoning", "similar_reasoning", "stuck"],
    ["thinking", "thinking_without_acting", "warning"],
    ["retry-open", "retry_storm", "warning"],
    ["retry-recovered", "retry_storm", "info"],
    ["server-exited", "no_response", "stuck"],
    ["token-heavy", "token_total", "warning"],
  ];
  for (const [name, kind, severity] of expected) {
    const findings = detectStuck(analyzeCapture(`fixtures/crafted/stuck/${name}.jsonl`));
    assert.ok(
      findings.some((finding) => finding.kind === kind && finding.severity === severity),
      `${name}: ${JSON.stringify(findings.map((finding) => [finding.kind, finding.severity]))}`,
    );
  }
  for (const name of ["loop-after-patch", "varied-reasoning", "thinking-short"]) {
    assert.deepEqual(detectStuck(analyzeCapture(`fixtures/crafted/stuck/${name}.jsonl`)), [], name);
  }
});
