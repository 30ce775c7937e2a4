import assert from "node:assert/strict";
import {
  addUsage,
  readTokenUsage,
  sameUsage,
  subtractUsage,
} from "../../../src/core/request/token_usage.ts";

Deno.test("readTokenUsage maps Codex's snake_case fields and ignores extras", () => {
  assert.deepEqual(
    readTokenUsage({
      input_tokens: 3450,
      cached_input_tokens: 2048,
      cache_write_input_tokens: 0,
      output_tokens: 105,
      reasoning_output_tokens: 40,
      total_tokens: 3555,
    }),
    { input: 3450, cachedInput: 2048, output: 105, reasoningOutput: 40, total: 3555 },
  );
});

Deno.test("readTokenUsage returns null for values without token fields", () => {
  assert.equal(readTokenUsage(null), null);
  assert.equal(readTokenUsage({ info: null }), null);
  assert.equal(readTokenUsage([1, 2]), null);
});

Deno.test("readTokenUsage derives a missing total from input plus output", () => {
  assert.equal(readTokenUsage({ input_tokens: 10, output_tokens: 5 })?.total, 15);
});

Deno.test("subtractUsage never goes below zero and addUsage adds field by field", () => {
  const a = { input: 10, cachedInput: 2, output: 5, reasoningOutput: 1, total: 15 };
  const b = { input: 4, cachedInput: 3, output: 1, reasoningOutput: 0, total: 5 };
  assert.deepEqual(subtractUsage(a, b), {
    input: 6,
    cachedInput: 0,
    output: 4,
    reasoningOutput: 1,
    total: 10,
  });
  assert.deepEqual(addUsage(a, b), {
    input: 14,
    cachedInput: 5,
    output: 6,
    reasoningOutput: 1,
    total: 20,
  });
  assert.ok(sameUsage(a, { ...a }));
  assert.ok(!sameUsage(a, b));
});
