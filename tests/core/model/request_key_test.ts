import assert from "node:assert/strict";
import { parseRequestIdArg, requestKey } from "../../../src/core/model/request_key.ts";

Deno.test('requestKey keeps the number 1 and the string "1" distinct', () => {
  assert.equal(requestKey(1), "1");
  assert.equal(requestKey("1"), '"1"');
  assert.equal(requestKey("abc"), '"abc"');
  assert.equal(requestKey(-3), "-3");
});

Deno.test("parseRequestIdArg reads digits as a number and quoted text as a string", () => {
  assert.equal(parseRequestIdArg("7"), 7);
  assert.equal(parseRequestIdArg('"7"'), "7");
  assert.equal(parseRequestIdArg("'7'"), "7");
  assert.equal(parseRequestIdArg("abc"), "abc");
  assert.equal(parseRequestIdArg('"a\\"b"'), 'a"b');
  assert.equal(parseRequestIdArg("99999999999999999999"), "99999999999999999999");
});

Deno.test("parseRequestIdArg round-trips with requestKey", () => {
  for (const id of [0, 12, "12", "x y"]) assert.equal(parseRequestIdArg(requestKey(id)), id);
});
