import assert from "node:assert/strict";
import { MAX_WHOLE, parseDecimal, parseWhole } from "../../../src/core/config/number_text.ts";

Deno.test("parseWhole takes plain digits up to 2^31 - 1 and nothing else", () => {
  assert.equal(parseWhole("7"), 7);
  assert.equal(parseWhole("0"), 0);
  assert.equal(parseWhole(String(MAX_WHOLE)), MAX_WHOLE);
  for (const text of ["0x10", " 7", "7 ", "1e9", "+7", "-7", "7.0", "", "07", "2147483648", "１"]) {
    assert.equal(parseWhole(text), null, JSON.stringify(text));
  }
});

Deno.test("parseDecimal takes digits with an optional fraction and nothing else", () => {
  assert.equal(parseDecimal("90"), 90);
  assert.equal(parseDecimal("0.5"), 0.5);
  for (const text of ["0x10", " 7", "1e3", ".5", "5.", "-1", "Infinity", "NaN", ""]) {
    assert.equal(parseDecimal(text), null, JSON.stringify(text));
  }
});
