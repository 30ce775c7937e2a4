/**
 * The grand total after several inputs: their totals added up, and their costs. An input whose
 * cost is unknown (tokens at a model without a price) never counts as 0: the total cost is then
 * unknown too, and the sum of the priced inputs is given beside it.
 */

import type { RequestTotals } from "../model/mod.ts";
import { sumTotals } from "../request/mod.ts";

/** One input's share of the grand total. */
export interface InputTotals {
  totals: RequestTotals;
  /** The input's cost in USD, `null` when unknown or when it used no tokens. */
  costUsd: number | null;
}

/** The costs of the inputs together. */
export interface GrandCost {
  /** The total cost in USD: `null` when an input with tokens is unpriced, or none used any. */
  usd: number | null;
  /** The sum of the priced inputs, `null` when none is priced. */
  pricedUsd: number | null;
  /** Inputs that used tokens but have no price. */
  unpricedInputs: number;
  /** Inputs that used tokens. */
  inputsWithTokens: number;
}

/** The result of {@linkcode grandTotal}. */
export interface GrandTotal {
  inputs: number;
  totals: RequestTotals;
  cost: GrandCost;
}

/** Adds up the totals and costs of `inputs`. */
export function grandTotal(inputs: readonly InputTotals[]): GrandTotal {
  let pricedUsd: number | null = null;
  let unpricedInputs = 0;
  let inputsWithTokens = 0;
  for (const input of inputs) {
    if (input.totals.tokens.total === 0) continue;
    inputsWithTokens += 1;
    if (input.costUsd === null) unpricedInputs += 1;
    else pricedUsd = (pricedUsd ?? 0) + input.costUsd;
  }
  return {
    inputs: inputs.length,
    totals: sumTotals(inputs.map((input) => input.totals)),
    cost: {
      usd: unpricedInputs === 0 ? pricedUsd : null,
      pricedUsd,
      unpricedInputs,
      inputsWithTokens,
    },
  };
}
