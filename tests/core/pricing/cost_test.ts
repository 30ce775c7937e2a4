import assert from "node:assert/strict";
import { costFor, costOf } from "../../../src/core/pricing/cost.ts";
import { DEFAULT_PRICE_TABLE, priceFor } from "../../../src/core/pricing/price_table.ts";
import { readPricing } from "../../../src/core/pricing/parse_pricing.ts";

const USAGE = {
  input: 1_000_000,
  cachedInput: 400_000,
  output: 100_000,
  reasoningOutput: 60_000,
  total: 1_100_000,
};

Deno.test("cached input is billed at the cached price and reasoning as part of output", () => {
  // gpt-5: 600k uncached * 1.25 + 400k cached * 0.125 + 100k output * 10, per million.
  assert.equal(costOf(USAGE, { input: 1.25, cachedInput: 0.125, output: 10 }), 0.75 + 0.05 + 1);
});

Deno.test("a dated model name takes its base model's price; an unknown model has none", () => {
  assert.deepEqual(
    priceFor("gpt-5-2025-08-07", DEFAULT_PRICE_TABLE),
    priceFor("gpt-5", DEFAULT_PRICE_TABLE),
  );
  assert.equal(priceFor("gpt-5.5-codex", DEFAULT_PRICE_TABLE), null);
  assert.equal(costFor(USAGE, "gpt-5.5-codex", DEFAULT_PRICE_TABLE), null);
  assert.equal(costFor(USAGE, null, DEFAULT_PRICE_TABLE), null);
});

Deno.test("gpt-5.5, the model of Codex 0.169's captures, has its published price", () => {
  assert.deepEqual(priceFor("gpt-5.5", DEFAULT_PRICE_TABLE), {
    input: 5,
    cachedInput: 0.5,
    output: 30,
  });
  assert.deepEqual(
    priceFor("gpt-5.5-2026-04-23", DEFAULT_PRICE_TABLE),
    priceFor("gpt-5.5", DEFAULT_PRICE_TABLE),
  );
});

Deno.test("config prices need input and output; cachedInput defaults to input", () => {
  const fail = (problem: string): never => {
    throw new Error(problem);
  };
  assert.deepEqual(readPricing({ "gpt-5.5": { input: 5, output: 30 } }, fail), {
    "gpt-5.5": { input: 5, cachedInput: 5, output: 30 },
  });
  assert.throws(() => readPricing({ "gpt-5.5": { input: 5 } }, fail), /needs "input" and "output"/);
  assert.throws(() => readPricing({ "x": { input: -1, output: 1 } }, fail), /0 or more/);
  assert.throws(
    () => readPricing({ "x": { input: 1, output: 1, cached: 1 } }, fail),
    /unknown key/,
  );
});
