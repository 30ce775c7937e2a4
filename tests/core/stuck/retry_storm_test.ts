import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { detectRetryStorm } from "../../../src/core/stuck/retry_storm.ts";
import { context, request, retry } from "./_records.ts";

const HIGH_DEMAND = "We're currently experiencing high demand, which may cause temporary errors.";

Deno.test("retry storm on an open request warns and names the last attempt", () => {
  const record = request({ errors: [retry(1, 5, 4), retry(2, 5, 5), retry(3, 5, 6)] });
  const [finding, ...rest] = detectRetryStorm(record, context());
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "retry_storm");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "model stream retried 3 times (last: 3/5)");
  assert.deepEqual(finding?.evidence, { lines: [4, 5, 6], text: "Reconnecting... 3/5" });
});

Deno.test("retry storm is stuck once an open request retried retryStuck times", () => {
  const errors = Array.from({ length: 10 }, (_, index) => retry((index % 5) + 1, 5, 4 + index));
  assert.equal(detectRetryStorm(request({ errors }), context())[0]?.severity, "stuck");
});

Deno.test("retry storm near-miss: a single retry stays quiet", () => {
  assert.deepEqual(detectRetryStorm(request({ errors: [retry(1, 5, 4)] }), context()), []);
});

Deno.test("retries exhausted quotes the failure of a request that ran out of retries", () => {
  const record = request({
    state: "failed",
    endLine: 10,
    errors: [
      ...[1, 2, 3, 4, 5].map((attempt) => retry(attempt, 5, 3 + attempt)),
      { kind: "error", message: HIGH_DEMAND, line: 9 },
      { kind: "result_error", message: HIGH_DEMAND, line: 10 },
    ],
  });
  const [finding, ...rest] = detectRetryStorm(record, context());
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "retries_exhausted");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, `request failed after 5 retries (last: 5/5): ${HIGH_DEMAND}`);
  assert.deepEqual(finding?.evidence.lines, [4, 5, 6, 7, 8, 9, 10]);
});

Deno.test("retries exhausted covers a retry-limit failure without stream errors", () => {
  const message = "exceeded retry limit, last status: 429 Too Many Requests";
  const record = request({ state: "failed", errors: [{ kind: "error", message, line: 7 }] });
  assert.equal(
    detectRetryStorm(record, context())[0]?.reason,
    `request failed at its retry limit: ${message}`,
  );
});

Deno.test("retry storm on a request that recovered is only information", () => {
  const record = request({
    state: "completed",
    endLine: 20,
    errors: [retry(1, 5, 4), retry(2, 5, 6)],
  });
  const [finding] = detectRetryStorm(record, context());
  assert.equal(finding?.severity, "info");
  assert.equal(finding?.reason, "request recovered after 2 stream retries (last: 2/5)");
});

Deno.test("retry storm ignores failures that had nothing to do with retries", () => {
  const record = request({
    state: "failed",
    errors: [{ kind: "error", message: "You've hit your usage limit.", line: 13 }],
  });
  assert.deepEqual(detectRetryStorm(record, context()), []);
});

function detectIn(path: string) {
  const analysis = analyzeCapture(path);
  return analysis.requests.flatMap((record) => detectRetryStorm(record, context([], { analysis })));
}

Deno.test("retries exhausted: http-500 in both versions shows five retries and the failure", () => {
  // http-500.md: stream_error 1/5..5/5, then error and the failed result (0.47.0 lines 4-10, 0.153.4 lines 12-18).
  const expected = [
    ["fixtures/codex-0.47.0/http-500.jsonl", [4, 5, 6, 7, 8, 9, 10]],
    ["fixtures/codex-0.153.4/http-500.jsonl", [12, 13, 14, 15, 16, 17, 18]],
  ] as const;
  for (const [path, lines] of expected) {
    const [finding, ...rest] = detectIn(path);
    assert.equal(rest.length, 0, path);
    assert.equal(finding?.kind, "retries_exhausted");
    assert.equal(finding?.reason, `request failed after 5 retries (last: 5/5): ${HIGH_DEMAND}`);
    assert.deepEqual(finding?.evidence.lines, lines);
  }
});

Deno.test("retries exhausted: http-429 and stall-timeout (0.47.0) quote their final errors", () => {
  const [rateLimited] = detectIn("fixtures/codex-0.47.0/http-429.jsonl");
  assert.equal(rateLimited?.key, "1");
  assert.equal(
    rateLimited?.reason,
    "request failed after 5 retries (last: 5/5): exceeded retry limit, last status: 429 Too Many Requests",
  );
  const [timedOut, ...rest] = detectIn("fixtures/codex-0.47.0/stall-timeout.jsonl");
  assert.equal(rest.length, 0);
  assert.equal(
    timedOut?.reason,
    "request failed after 2 retries (last: 2/2): stream disconnected before completion: idle timeout waiting for SSE",
  );
  assert.deepEqual(timedOut?.evidence.lines, [6, 9, 12, 13]);
});

Deno.test("retry storm: crafted captures of an open and a recovered request", () => {
  const [open] = detectIn("fixtures/crafted/stuck/retry-open.jsonl");
  assert.deepEqual([open?.kind, open?.severity, open?.reason], [
    "retry_storm",
    "warning",
    "model stream retried 4 times (last: 4/5)",
  ]);
  const [recovered] = detectIn("fixtures/crafted/stuck/retry-recovered.jsonl");
  assert.deepEqual([recovered?.kind, recovered?.severity], ["retry_storm", "info"]);
});

Deno.test("retry storm stays quiet on captures without retries", () => {
  for (const path of ["fixtures/codex-0.47.0/simple.jsonl", "fixtures/codex-0.153.4/shell.jsonl"]) {
    assert.deepEqual(detectIn(path), [], path);
  }
});
