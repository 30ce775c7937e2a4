import assert from "node:assert/strict";
import { EventHeaderReader } from "../../../../src/core/formats/mcp_server/event_header.ts";

const encoder = new TextEncoder();

function read(line: string): { requestId: number | string; type: string } | null {
  const reader = new EventHeaderReader();
  return reader.read(encoder.encode(line))
    ? { requestId: reader.requestId, type: reader.type }
    : null;
}

Deno.test("EventHeaderReader reads 0.47 lines (id before msg)", () => {
  assert.deepEqual(
    read(
      '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":12},"id":"1","msg":{"type":"agent_reasoning_delta","delta":"x"}}}',
    ),
    { requestId: 12, type: "agent_reasoning_delta" },
  );
});

Deno.test("EventHeaderReader reads 0.153 lines (threadId in _meta, id after msg)", () => {
  assert.deepEqual(
    read(
      '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":"abc","threadId":"t-1"},"msg":{"type":"item_started","item":{}},"id":"u"}}',
    ),
    { requestId: "abc", type: "item_started" },
  );
});

Deno.test("EventHeaderReader reads types of events without fields", () => {
  assert.deepEqual(
    read(
      '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":-4},"id":"1","msg":{"type":"agent_reasoning_section_break"}}}',
    ),
    { requestId: -4, type: "agent_reasoning_section_break" },
  );
});

Deno.test("EventHeaderReader refuses shapes it cannot read exactly, so they get parsed", () => {
  const refused = [
    // key order of a sorted writer
    '{"id":1,"jsonrpc":"2.0","result":{"content":[]}}',
    // escapes in the request id or the type
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":"a\\"b"},"id":"1","msg":{"type":"x"}}}',
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"1","msg":{"type":"a\\u0062"}}}',
    // a number JSON does not allow, a fraction, a huge id
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":01},"id":"1","msg":{"type":"x"}}}',
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1.5},"id":"1","msg":{"type":"x"}}}',
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1234567890123456789},"id":"1","msg":{"type":"x"}}}',
    // more _meta fields than Codex writes
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1,"other":2},"id":"1","msg":{"type":"x"}}}',
    // a torn line
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"1","msg":{"type":"agent_message_delta","de',
    // type name not followed by a separator
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"1","msg":{"type":"x" }}}',
  ];
  for (const line of refused) assert.equal(read(line), null, line);
});

Deno.test("EventHeaderReader returns the same string for the same type name", () => {
  const reader = new EventHeaderReader();
  const line = encoder.encode(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"1","msg":{"type":"token_count","info":null}}}',
  );
  assert.ok(reader.read(line));
  const first = reader.type;
  assert.ok(reader.read(line.slice()));
  assert.equal(reader.type, first);
  assert.ok(reader.followedBy(line, encoder.encode(',"info":null')));
});

Deno.test("EventHeaderReader reads each string request id right when ids alternate and repeat", () => {
  const reader = new EventHeaderReader();
  const ids = ["ab", "ab", "ac", "abc", "ab", "", "b".repeat(64), "b".repeat(65), "b".repeat(64)];
  for (const id of ids) {
    const line = encoder.encode(
      `{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":${
        JSON.stringify(id)
      }},"id":"1","msg":{"type":"x"}}}`,
    );
    assert.ok(reader.read(line), id);
    assert.equal(reader.requestId, id);
  }
});
