/** Reading parts of compact JSON lines from their bytes (crafted inputs, checked against JSON.parse). */

import assert from "node:assert/strict";
import {
  MemberCursor,
  readStringAt,
  readValueAt,
  stringEnd,
} from "../../../src/core/mcp/byte_json.ts";

const encoder = new TextEncoder();

Deno.test("stringEnd finds the closing quote past escaped quotes and backslashes, short or long", () => {
  for (const text of ['a\\"b', "x\\\\", "y".repeat(100) + '\\"' + "z".repeat(100), ""]) {
    const bytes = encoder.encode(`"${text}",1`);
    assert.equal(stringEnd(bytes, 0), text.length + 1, text);
  }
  assert.equal(stringEnd(encoder.encode('"abc\\"'), 0), -1);
  assert.equal(stringEnd(encoder.encode('"' + "a".repeat(80) + '\\"'), 0), -1);
});

Deno.test("readStringAt decodes plain and escaped strings as JSON.parse does and refuses invalid ones", () => {
  for (
    const value of ["plain", "", "caf\u00e9 \u2603 \u{1F600}", 'quote " and \\ and \n', "\u0001"]
  ) {
    const json = JSON.stringify(value);
    const bytes = encoder.encode(json);
    assert.equal(readStringAt(bytes, 0, bytes.length), value);
  }
  for (const invalid of ['"a\tb"', '"\\x"', "'a'", '"a', "12"]) {
    const bytes = encoder.encode(invalid);
    assert.equal(readStringAt(bytes, 0, bytes.length), undefined, invalid);
  }
});

Deno.test("readValueAt reads each kind of value as JSON.parse does and undefined for invalid bytes", () => {
  for (
    const json of [
      "null",
      "0",
      "258400",
      "-5",
      "1.5",
      "1e3",
      "[]",
      '["a","b\\"c"]',
      '["a",1]',
      "{}",
      '{"a":[1]}',
      "true",
    ]
  ) {
    const bytes = encoder.encode(json);
    assert.deepEqual(readValueAt(bytes, 0, bytes.length), JSON.parse(json), json);
  }
  for (const invalid of ["nul", "01", "[1,]", '["a",]', "1x"]) {
    const bytes = encoder.encode(invalid);
    assert.equal(readValueAt(bytes, 0, bytes.length), undefined, invalid);
  }
});

Deno.test("MemberCursor walks the members of a compact object and reports where it closed", () => {
  const text = '{"type":"x","nested":{"a":"}"},"list":[1,"]"],"n":null}tail';
  const bytes = encoder.encode(text);
  const cursor = new MemberCursor();
  assert.ok(cursor.begin(bytes, 0));
  const seen: [string, unknown][] = [];
  const decoder = new TextDecoder();
  while (cursor.next()) {
    const key = decoder.decode(bytes.subarray(cursor.keyStart, cursor.keyEnd));
    seen.push([key, readValueAt(bytes, cursor.start, cursor.end)]);
  }
  assert.deepEqual(seen, Object.entries(JSON.parse(text.slice(0, -4))));
  assert.equal(cursor.closed, text.length - 4);
  assert.ok(cursor.keyIs(encoder.encode("n")));
  assert.ok(!cursor.keyIs(encoder.encode("nn")));
});

Deno.test("MemberCursor reads an empty object and stops on whitespace or a torn object", () => {
  const cursor = new MemberCursor();
  assert.ok(cursor.begin(encoder.encode("{}"), 0));
  assert.equal(cursor.next(), false);
  assert.equal(cursor.closed, 2);
  for (const odd of ['{ "a":1}', '{"a":"x" }', '{"a":1,}', '{"a":1', '{"a\\"b":1}']) {
    assert.ok(cursor.begin(encoder.encode(odd), 0));
    while (cursor.next()) { /* walk */ }
    assert.equal(cursor.closed, -1, odd);
  }
  assert.equal(cursor.begin(encoder.encode("[1]"), 0), false);
});
