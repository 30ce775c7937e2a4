import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { detectRequestFailed } from "../../../src/core/stuck/request_failed.ts";
import { context, request, retry } from "./_records.ts";

Deno.test("request failed reports a failure the retry detector does not cover", () => {
  const message =
    "You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again in 1 hour.";
  const record = request({
    state: "failed",
    endLine: 14,
    errors: [{ kind: "error", message, line: 13 }, { kind: "result_error", message, line: 14 }],
  });
  const [finding, ...rest] = detectRequestFailed(record, context());
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "request_failed");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, `request failed: ${message}`);
  assert.deepEqual(finding?.evidence, { lines: [14], text: message });
});

Deno.test("request failed stays quiet for completed requests and retry exhaustion", () => {
  assert.deepEqual(detectRequestFailed(request({ state: "completed" }), context()), []);
  const exhausted = request({
    state: "failed",
    errors: [retry(1, 2, 4), retry(2, 2, 5), { kind: "error", message: "idle timeout", line: 6 }],
  });
  assert.deepEqual(detectRequestFailed(exhausted, context()), []);
});

Deno.test("request failed without any error record still says so", () => {
  const record = request({ state: "failed", lastLine: 9, endLine: 9 });
  assert.equal(
    detectRequestFailed(record, context())[0]?.reason,
    "request failed: no error message",
  );
});

function detectIn(path: string) {
  const analysis = analyzeCapture(path);
  return analysis.requests.flatMap((record) =>
    detectRequestFailed(record, context([], { analysis }))
  );
}

Deno.test("request failed: the usage limit in http-429 (request 2) is reported, the retries are not", () => {
  const findings = detectIn("fixtures/codex-0.47.0/http-429.jsonl");
  assert.deepEqual(findings.map((finding) => finding.key), ["2"]);
  assert.ok(findings[0]?.reason.startsWith("request failed: You've hit your usage limit."));
});

Deno.test("request failed: protocol-errors reports its four failed tool calls and not the good one", () => {
  const findings = detectIn("fixtures/codex-0.47.0/protocol-errors.jsonl");
  assert.deepEqual(findings.map((finding) => finding.key), ["11", "12", "13", "14"]);
  assert.equal(findings[0]?.reason, "request failed: Unknown tool 'codexx'");
});
