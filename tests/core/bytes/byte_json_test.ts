/** Reading parts of compact JSON lines from their bytes (crafted inputs, checked against JSON.parse). */

import assert from "node:assert/strict";
import {
  isStringAt,
  MemberCursor,
  readStringAt,
  readValueAt,
  stringEnd,
} from "../../../src/core/bytes/byte_json.ts";
import { RECENT_MAX_BYTES, RecentStrings } from "../../../src/core/bytes/recent_strings.ts";

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

Deno.test("readStringAt gives the right text for thousands of short strings that share slots", () => {
  // More distinct strings than remembered slots, each read twice in a row and again later:
  // same lengths, one byte apart, so a slot taken by another string must never answer.
  const values: string[] = [];
  for (let i = 0; i < 3000; i++) values.push(`id-${i.toString(36).padStart(4, "0")}`);
  values.push("caf\u00e9", "\u2603", "x".repeat(48), "x".repeat(49), "");
  for (const round of [0, 1]) {
    for (const value of values) {
      const bytes = encoder.encode(`[${JSON.stringify(value)}]`);
      assert.equal(readStringAt(bytes, 1, bytes.length - 1), value, `${value} (round ${round})`);
      assert.equal(readStringAt(bytes, 1, bytes.length - 1), value, `${value} again`);
    }
  }
});

Deno.test("readStringAt decodes invalid UTF-8 in a short string the same way each time", () => {
  const bytes = new Uint8Array([0x22, 0x61, 0xff, 0x62, 0x22]);
  const expected = new TextDecoder().decode(bytes.subarray(1, 4));
  assert.equal(readStringAt(bytes, 0, bytes.length), expected);
  assert.equal(readStringAt(bytes, 0, bytes.length), expected);
  // Same length, one byte different: not the remembered text.
  const other = new Uint8Array([0x22, 0x61, 0xfe, 0x62, 0x22]);
  assert.equal(
    readStringAt(other, 0, other.length),
    new TextDecoder().decode(other.subarray(1, 4)),
  );
});

Deno.test("isStringAt agrees with readStringAt on valid and invalid strings", () => {
  const cases = [
    '"plain"',
    '""',
    '"a\\"b"',
    '"\\u00e9"',
    '"a\tb"',
    '"\\x"',
    '"a',
    "12",
    '"a\u0001"',
  ];
  for (const text of cases) {
    const bytes = encoder.encode(text);
    assert.equal(
      isStringAt(bytes, 0, bytes.length),
      readStringAt(bytes, 0, bytes.length) !== undefined,
      text,
    );
  }
});

Deno.test("RecentStrings answers from a shared slot only for the same bytes", () => {
  const recent = new RecentStrings(1);
  const words = [
    "ab",
    "ac",
    "ab",
    "ba",
    "a\u00e9",
    "a\u00e8",
    "ab",
    "",
    "x".repeat(RECENT_MAX_BYTES),
  ];
  for (const word of words) {
    const bytes = encoder.encode(`-${word}-`);
    assert.equal(recent.read(bytes, 1, bytes.length - 1), word);
  }
  const invalid = new Uint8Array([0x61, 0xff]);
  const other = new Uint8Array([0x61, 0xfe]);
  assert.equal(recent.read(invalid, 0, 2), "a\ufffd");
  assert.equal(recent.read(other, 0, 2), "a\ufffd");
  assert.equal(recent.read(encoder.encode("a\\b"), 0, 4), undefined);
  assert.equal(recent.read(encoder.encode("a\nb"), 0, 3), undefined);
});
