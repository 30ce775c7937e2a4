import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import {
  approvalResponseLine,
  cancelledLine,
  initializedLine,
  initializeLine,
  parseRawMessage,
  toolCallLine,
} from "../../src/session/messages.ts";

Deno.test("message builders write one compact JSON-RPC line each", () => {
  const lines = [
    initializeLine(0, "0.1.0"),
    initializedLine(),
    toolCallLine(3, { tool: "codex", arguments: { prompt: "multi\nline" } }),
    approvalResponseLine(0, "approved"),
    cancelledLine(4, "user asked"),
  ];
  for (const line of lines) {
    assert.ok(!line.includes("\n"), line);
    assert.equal(JSON.parse(line).jsonrpc, "2.0");
  }
  assert.deepEqual(JSON.parse(lines[2]!), {
    jsonrpc: "2.0",
    id: 3,
    method: "tools/call",
    params: { name: "codex", arguments: { prompt: "multi\nline" } },
  });
  // the capture's driver answered approvals exactly like this (approval-approved.md)
  assert.equal(lines[3], '{"jsonrpc":"2.0","id":0,"result":{"decision":"approved"}}');
  assert.deepEqual(JSON.parse(lines[4]!).params, { requestId: 4, reason: "user asked" });
  assert.equal(JSON.parse(lines[0]!).params.capabilities.elicitation !== undefined, true);
});

Deno.test("parseRawMessage accepts requests, notifications and responses as one line", () => {
  const request = parseRawMessage('{\n  "jsonrpc": "2.0", "id": 9, "method": "tools/list"\n}');
  assert.deepEqual(request, {
    line: '{"jsonrpc":"2.0","id":9,"method":"tools/list"}',
    kind: "request",
    id: 9,
    method: "tools/list",
  });
  assert.equal(
    parseRawMessage('{"jsonrpc":"2.0","method":"notifications/initialized"}').kind,
    "notification",
  );
  const response = parseRawMessage('{"jsonrpc":"2.0","id":"e1","result":{"decision":"denied"}}');
  assert.equal(response.kind, "response");
  assert.equal(response.id, "e1");
});

Deno.test("parseRawMessage rejects what is not one JSON-RPC 2.0 message", () => {
  const cases: [string, RegExp][] = [
    ["not json", /not JSON/],
    ["[1,2]", /expected a JSON object/],
    ['{"id":1,"method":"x"}', /"jsonrpc" must be "2.0"/],
    ['{"jsonrpc":"2.0","id":null,"method":"x"}', /"id" must be a number or a string/],
    ['{"jsonrpc":"2.0","id":1,"method":""}', /"method" must be a non-empty string/],
    ['{"jsonrpc":"2.0","method":"x","params":3}', /"params" must be an object/],
    ['{"jsonrpc":"2.0","id":1,"method":"x","result":{}}', /cannot carry/],
    ['{"jsonrpc":"2.0"}', /expected "method"/],
    ['{"jsonrpc":"2.0","id":1}', /exactly one of "result" and "error"/],
    ['{"jsonrpc":"2.0","id":1,"result":1,"error":{}}', /exactly one of/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseRawMessage(text),
      (error: unknown) => error instanceof UsageError && message.test(error.message),
      text,
    );
  }
});
