import assert from "node:assert/strict";
import { nextRequestId, scanBufferIds } from "../../src/session/request_ids.ts";

const encode = (text: string) => new TextEncoder().encode(text);

Deno.test("scanBufferIds finds the largest numeric request id, ignoring responses and notifications", () => {
  const text = [
    '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{}}',
    '{"jsonrpc":"2.0","method":"notifications/initialized"}',
    '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{}}',
    '{"jsonrpc":"2.0","id":"abc","method":"tools/call","params":{}}',
    // an approval answer carries the server's id; it is not a client request
    '{"jsonrpc":"2.0","id":40,"result":{"decision":"approved"}}',
    'not json with "method"',
    "",
  ].join("\n");
  const scan = scanBufferIds(encode(text));
  assert.equal(scan.maxNumericId, 7);
  assert.deepEqual(scan.requests.map((request) => request.id), [0, 7, "abc"]);
  assert.equal(scan.consumed, encode(text).length);
});

Deno.test("scanBufferIds leaves a torn last line for the next scan", () => {
  const text = '{"jsonrpc":"2.0","id":1,"method":"a"}\n{"jsonrpc":"2.0","id":99,"meth';
  const scan = scanBufferIds(encode(text));
  assert.equal(scan.maxNumericId, 1);
  assert.equal(scan.consumed, text.indexOf("\n") + 1);
});

Deno.test("nextRequestId stays above both the counter and the buffer", () => {
  assert.equal(nextRequestId(0, -1), 0);
  assert.equal(nextRequestId(5, 2), 5);
  assert.equal(nextRequestId(5, 11), 12);
});
