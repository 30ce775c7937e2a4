import assert from "node:assert/strict";
import { grandTotal } from "../../../src/core/report/mod.ts";
import type { RequestTotals } from "../../../src/core/model/mod.ts";
import { emptyStateCounts } from "../../../src/core/request/mod.ts";

function totals(tokens: number): RequestTotals {
  return {
    requests: 1,
    states: { ...emptyStateCounts(), completed: 1 },
    tokens: { input: tokens, cachedInput: 0, output: 0, reasoningOutput: 0, total: tokens },
  };
}

Deno.test("grandTotal leaves inputs without tokens out of the cost, so they never make it unknown", () => {
  const total = grandTotal([
    { totals: totals(100), costUsd: 0.5 },
    { totals: totals(0), costUsd: null },
  ]);
  assert.deepEqual(total.cost, {
    usd: 0.5,
    pricedUsd: 0.5,
    unpricedInputs: 0,
    inputsWithTokens: 1,
  });
  assert.equal(total.totals.requests, 2);
});

Deno.test("grandTotal has no cost at all when no input used tokens", () => {
  const total = grandTotal([{ totals: totals(0), costUsd: null }, {
    totals: totals(0),
    costUsd: null,
  }]);
  assert.equal(total.cost.usd, null);
  assert.equal(total.cost.pricedUsd, null);
  assert.equal(total.cost.inputsWithTokens, 0);
});
