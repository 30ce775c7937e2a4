import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { detectNoResponse } from "../../../src/core/stuck/no_response.ts";
import { context, request } from "./_records.ts";

Deno.test("no response is stuck for a request whose server went away", () => {
  const record = request({ state: "no_response", lastLine: 40, lastEventType: "exec_command_end" });
  const [finding, ...rest] = detectNoResponse(record, context());
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "no_response");
  assert.equal(finding?.severity, "stuck");
  assert.equal(
    finding?.reason,
    "the server exited before answering; last line of the request: 40 (last event: exec_command_end)",
  );
  assert.deepEqual(finding?.evidence.lines, [40]);
});

Deno.test("no response also covers open requests when the analysis says the server exited", () => {
  const exited = context([], { analysis: { serverExited: true } });
  assert.equal(detectNoResponse(request({ state: "running" }), exited).length, 1);
  assert.equal(detectNoResponse(request({ state: "awaiting_approval" }), exited).length, 1);
  assert.deepEqual(detectNoResponse(request({ state: "completed" }), exited), []);
  assert.deepEqual(detectNoResponse(request({ state: "running" }), context()), []);
});

function detectIn(path: string) {
  const analysis = analyzeCapture(path);
  return analysis.requests.flatMap((record) => detectNoResponse(record, context([], { analysis })));
}

Deno.test("no response: the crafted capture that ends with the server's exit lines is stuck", () => {
  const [finding, ...rest] = detectIn("fixtures/crafted/stuck/server-exited.jsonl");
  assert.equal(rest.length, 0);
  assert.equal(finding?.severity, "stuck");
  assert.deepEqual(finding?.evidence.lines, [7]);
});

Deno.test("no response stays quiet when the server exited after answering (rust-log-info)", () => {
  assert.deepEqual(detectIn("fixtures/codex-0.47.0/rust-log-info.jsonl"), []);
});
