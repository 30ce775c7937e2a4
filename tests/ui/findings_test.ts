import assert from "node:assert/strict";
import type { Finding } from "../../src/core/stuck/mod.ts";
import { findingJson, renderFindings, verdictLine } from "../../src/ui/findings.ts";

const LOOP: Finding = {
  kind: "repeated_command",
  severity: "stuck",
  key: "1",
  requestId: 1,
  reason: "same command ran 30 times in a row: bash -lc 'echo hi'",
  evidence: { lines: [5, 8, 11], text: "bash -lc 'echo hi'" },
  suggestion: "Stop the request",
};

const APPROVAL: Finding = {
  kind: "awaiting_approval",
  severity: "warning",
  key: '"2"',
  requestId: "2",
  reason: "waiting for approval to run touch x",
  evidence: { lines: [13], text: "Allow Codex to run `touch x`?" },
  suggestion: "Answer it",
};

const RETRIES: Finding = {
  kind: "retries_exhausted",
  severity: "warning",
  key: "1",
  requestId: 1,
  reason: "request failed after 5 retries (last: 5/5): boom",
  evidence: { lines: [4, 9], text: "one\ntwo\nthree" },
  suggestion: "Send it again",
};

Deno.test("renderFindings groups per request with evidence and suggestions, without ANSI", () => {
  const text = renderFindings([LOOP, APPROVAL, RETRIES], { color: false, maxTextLines: 2 });
  assert.equal(
    text,
    [
      "request 1: STUCK",
      "  STUCK repeated command: same command ran 30 times in a row: bash -lc 'echo hi'",
      "    evidence: lines 5, 8, 11",
      "    -> Stop the request",
      "  WARNING retries exhausted: request failed after 5 retries (last: 5/5): boom",
      "    evidence: lines 4, 9",
      "    | one",
      "    | two",
      "    | (1 more lines)",
      "    -> Send it again",
      'request "2": NEEDS APPROVAL',
      "  NEEDS APPROVAL: waiting for approval to run touch x",
      "    evidence: line 13",
      "    | Allow Codex to run `touch x`?",
      "    -> Answer it",
      "verdict: 1 request stuck, 1 needing approval, 1 warning, 0 info (exit 3)",
      "",
    ].join("\n"),
  );
  assert.ok(!text.includes("\x1b["));
});

Deno.test("renderFindings colours labels only when asked", () => {
  const text = renderFindings([LOOP], { color: true });
  assert.ok(text.includes("\x1b[31mSTUCK\x1b[39m"));
  const plain = text.replace(new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g"), "");
  assert.equal(plain, renderFindings([LOOP], { color: false }));
});

Deno.test("renderFindings says so when there is nothing to report", () => {
  assert.equal(renderFindings([], { color: false }), "no findings: nothing looks stuck\n");
});

Deno.test("verdictLine gives exit 4 for approval alone and 0 for warnings alone", () => {
  assert.equal(
    verdictLine([APPROVAL]),
    "verdict: 0 requests stuck, 1 needing approval, 0 warnings, 0 info (exit 4)",
  );
  assert.equal(
    verdictLine([RETRIES]),
    "verdict: 0 requests stuck, 0 needing approval, 1 warning, 0 info (exit 0)",
  );
});

Deno.test("findingJson tags the finding for --json output", () => {
  assert.deepEqual(JSON.parse(JSON.stringify(findingJson(APPROVAL))), {
    type: "finding",
    kind: "awaiting_approval",
    severity: "warning",
    key: '"2"',
    requestId: "2",
    reason: "waiting for approval to run touch x",
    evidence: { lines: [13], text: "Allow Codex to run `touch x`?" },
    suggestion: "Answer it",
  });
});

Deno.test("renderFindings does not repeat a kind the reason already starts with", () => {
  const failed: Finding = {
    ...RETRIES,
    kind: "request_failed",
    reason: "request failed: Unknown tool 'codexx'",
    evidence: { lines: [3] },
  };
  const text = renderFindings([failed], { color: false });
  assert.ok(text.includes("  WARNING: request failed: Unknown tool 'codexx'\n"), text);
});
