import assert from "node:assert/strict";
import { detectFormat } from "../../../src/core/analyze/format_detect.ts";

Deno.test("detectFormat tells the formats apart from one line", () => {
  assert.equal(detectFormat({ jsonrpc: "2.0", method: "codex/event", params: {} }), "mcp-server");
  assert.equal(detectFormat({ id: 0, jsonrpc: "2.0", result: {} }), "mcp-server");
  assert.equal(detectFormat({ method: "turn/started", params: {} }), "app-server");
  assert.equal(detectFormat({ id: 1, result: { thread: {} } }), "app-server");
  assert.equal(detectFormat({ type: "thread.started", thread_id: "t" }), "exec-json");
  assert.equal(
    detectFormat({ timestamp: "2026-01-01T00:00:00Z", type: "session_meta", payload: {} }),
    "rollout",
  );
});

Deno.test("detectFormat says unknown when a line does not tell", () => {
  assert.equal(detectFormat({ hello: "world" }), "unknown");
  assert.equal(detectFormat([1]), "unknown");
  assert.equal(detectFormat("text"), "unknown");
});
