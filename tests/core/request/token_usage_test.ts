import assert from "node:assert/strict";
import {
  accumulateUsage,
  addUsage,
  cacheHitRate,
  readCamelUsage,
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

Deno.test("readCamelUsage reads app-server's names with the same rules as readTokenUsage", () => {
  assert.deepEqual(
    readCamelUsage({ inputTokens: 10, cachedInputTokens: 4, outputTokens: 5 }),
    readTokenUsage({ input_tokens: 10, cached_input_tokens: 4, output_tokens: 5 }),
  );
  assert.deepEqual(readCamelUsage({ outputTokens: 5 }), readTokenUsage({ output_tokens: 5 }));
  assert.equal(readCamelUsage({ cacheWriteInputTokens: 5 }), null);
  assert.equal(readCamelUsage({ output_tokens: 5 }), null);
});

Deno.test("accumulateUsage adds and subtracts in place, leaving the added usage alone", () => {
  const into = { input: 10, cachedInput: 2, output: 3, reasoningOutput: 1, total: 13 };
  const usage = { input: 1, cachedInput: 1, output: 1, reasoningOutput: 1, total: 2 };
  accumulateUsage(into, usage);
  assert.deepEqual(into, { input: 11, cachedInput: 3, output: 4, reasoningOutput: 2, total: 15 });
  accumulateUsage(into, usage, -1);
  assert.deepEqual(into, { input: 10, cachedInput: 2, output: 3, reasoningOutput: 1, total: 13 });
  assert.deepEqual(usage, { input: 1, cachedInput: 1, output: 1, reasoningOutput: 1, total: 2 });
});

Deno.test("cacheHitRate is the cached share of the input, null without input", () => {
  assert.equal(
    cacheHitRate({ input: 8, cachedInput: 2, output: 1, reasoningOutput: 0, total: 9 }),
    0.25,
  );
  assert.equal(
    cacheHitRate({ input: 0, cachedInput: 0, output: 1, reasoningOutput: 0, total: 1 }),
    null,
  );
  assert.equal(cacheHitRate(null), null);
});
