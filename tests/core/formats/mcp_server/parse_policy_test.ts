import assert from "node:assert/strict";
import { EventHeaderReader } from "../../../../src/core/formats/mcp_server/event_header.ts";
import { ParsePolicy } from "../../../../src/core/formats/mcp_server/parse_policy.ts";

const encoder = new TextEncoder();

/** Whether full detail parses the `item_completed` line whose msg ends with `rest`. */
function parsesCompleted(rest: string): boolean {
  const bytes = encoder.encode(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":3,"threadId":"t"},' +
      `"msg":{"type":"item_completed","thread_id":"t","turn_id":"u",${rest}},"id":"u"}}`,
  );
  const header = new EventHeaderReader();
  assert.ok(header.read(bytes));
  return new ParsePolicy("full").needsParse(header, bytes);
}

Deno.test("full detail parses completed items only when they may hold texts", () => {
  assert.equal(parsesCompleted('"item":{"type":"CommandExecution","id":"c","stdout":"}"}'), false);
  assert.equal(parsesCompleted('"item":{"type":"UserMessage","id":"m","content":[]}'), false);
  assert.equal(parsesCompleted('"item":{"type":"Reasoning","id":"r","summary_text":["x"]}'), true);
  assert.equal(parsesCompleted('"item":{"type":"AgentMessage","id":"a","content":[]}'), true);
});

Deno.test("full detail parses completed items whose type it cannot be sure of from bytes", () => {
  // JSON.parse keeps the last of duplicate members: so must the check.
  assert.equal(parsesCompleted('"item":{"type":"Other","type":"Reasoning","id":"r"}'), true);
  assert.equal(parsesCompleted('"item":{"type":"Other"},"item":{"type":"AgentMessage"}'), true);
  assert.equal(parsesCompleted('"item":{"type":"Reasoning"},"item":{"type":"Other"}'), false);
  // An escape may spell a text type; a blank is a shape the cursor does not read.
  assert.equal(parsesCompleted('"item":{"type":"\\u0052easoning","id":"r"}'), true);
  assert.equal(parsesCompleted('"item":{"type": "Other","id":"r"}'), true);
  assert.equal(parsesCompleted('"item":{"type":7,"id":"r"}'), true);
  assert.equal(parsesCompleted('"item":null'), true);
  assert.equal(parsesCompleted('"other":1'), true);
});
