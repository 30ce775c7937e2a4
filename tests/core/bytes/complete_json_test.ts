import assert from "node:assert/strict";
import { isCompleteJson } from "../../../src/core/bytes/complete_json.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(decoder.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

const SAMPLES = [
  '{"a":1}',
  ' {"a":[1,2,{"b":null}],"c":"x\\"y\\u00e9\\n"} ',
  "[]",
  "{}",
  '"text"',
  "-0.5e+10",
  "true",
  '{"a":1',
  '{"a":1}}',
  '{"a":"b}',
  '{"a":01}',
  '{"a":1.}',
  '{"a":1,}',
  "[1,]",
  '{"a" 1}',
  '{"a":"\\x"}',
  '{"a":"\\u12"}',
  '{"a":tru}',
  '{"a":"tab\there"}',
  "\ufeff{}",
  "",
  "   ",
  "{\u0000}",
  '{"a":1}\u0000',
  "[".repeat(5000) + "]".repeat(5000),
  "[".repeat(5000) + "]".repeat(4999),
];

Deno.test("isCompleteJson agrees with JSON.parse on valid, torn and malformed lines", () => {
  for (const sample of SAMPLES) {
    const bytes = encoder.encode(sample);
    assert.equal(isCompleteJson(bytes), parses(bytes), JSON.stringify(sample.slice(0, 40)));
  }
});

Deno.test("isCompleteJson agrees with JSON.parse on every single-byte change of a line", () => {
  const line = encoder.encode(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"id":"","msg":' +
      '{"type":"agent_message_delta","delta":"h\\u00e9 \\"x\\"","n":[1,-2.5e3,true,null]}}}',
  );
  for (let at = 0; at < line.length; at++) {
    for (const byte of [0x00, 0x0a, 0x20, 0x22, 0x2c, 0x30, 0x5c, 0x7d, 0x5d, 0xff, 0x41]) {
      const mutant = line.slice();
      mutant[at] = byte;
      assert.equal(isCompleteJson(mutant), parses(mutant), `byte ${byte} at ${at}`);
    }
    const cut = line.subarray(0, at);
    assert.equal(isCompleteJson(cut), parses(cut), `cut at ${at}`);
  }
});

Deno.test("isCompleteJson reads only its range of a larger buffer", () => {
  const bytes = encoder.encode('{"a":"\\\n{"b":1}\n');
  assert.equal(isCompleteJson(bytes, 0, 7), false);
  assert.equal(isCompleteJson(bytes, 8, 15), true);
  const open = encoder.encode("{\n}");
  assert.equal(isCompleteJson(open, 0, 1), false);
});
