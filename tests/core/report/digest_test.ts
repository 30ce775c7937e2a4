import assert from "node:assert/strict";
import { buildDigest } from "../../../src/core/report/digest.ts";
import { makeAnalysis, makeRequest } from "../../support/records.ts";

const longAnswer = "The answer is ".repeat(400);

Deno.test("buildDigest never exceeds the character budget", () => {
  const requests = Array.from({ length: 40 }, (_, index) =>
    makeRequest({
      key: String(index + 1),
      requestId: index + 1,
      finalMessage: longAnswer,
      firstLine: index * 10 + 1,
      lastLine: index * 10 + 9,
    }));
  for (const maxChars of [50, 200, 500, 2000, 10000]) {
    const digest = buildDigest(makeAnalysis(requests), { maxChars });
    assert.ok(digest.length <= maxChars, `${digest.length} > ${maxChars}`);
  }
});

Deno.test("buildDigest puts requests that need attention before completed ones", () => {
  const digest = buildDigest(
    makeAnalysis([
      makeRequest({ key: "1", requestId: 1, finalMessage: "done" }),
      makeRequest({
        key: "2",
        requestId: 2,
        state: "awaiting_approval",
        approvals: [{
          serverRequestId: 0,
          kind: "exec",
          callId: "c1",
          command: ["bash", "-lc", "touch x"],
          message: "Allow Codex to run touch x?",
          line: 5,
          time: null,
          resolved: false,
        }],
      }),
    ]),
  );
  const lines = digest.split("\n");
  const approvalIndex = lines.findIndex((line) => line.startsWith("#2 "));
  const doneIndex = lines.findIndex((line) => line.startsWith("#1 "));
  assert.ok(approvalIndex > 0 && doneIndex > approvalIndex, digest);
  assert.match(digest, /approval: Allow Codex to run touch x\?/);
});

Deno.test("buildDigest says how many requests did not fit", () => {
  const requests = Array.from(
    { length: 30 },
    (_, index) => makeRequest({ key: String(index), requestId: index, finalMessage: longAnswer }),
  );
  const digest = buildDigest(makeAnalysis(requests), { maxChars: 400 });
  assert.match(digest, /\(\+\d+ more requests\)$/);
});

Deno.test("buildDigest shows the failing command and the error of a failed request", () => {
  const digest = buildDigest(
    makeAnalysis([
      makeRequest({
        state: "failed",
        errors: [{ kind: "error", message: "exceeded retry limit", line: 9 }],
        commands: [{
          callId: "c",
          command: ["bash", "-lc", "ls nope"],
          cwd: null,
          exitCode: 2,
          durationMs: 5,
          output: "",
          beginLine: 3,
          endLine: 4,
          beginTime: null,
        }],
      }),
    ]),
  );
  assert.match(digest, /error: exceeded retry limit/);
  assert.match(digest, /cmds: ls nope -> 2/);
  assert.match(digest, /1 cmds \(1 failed\)/);
});
