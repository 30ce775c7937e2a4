/** USD cost of token usage at a model's prices. */

import type { TokenUsage } from "../model/mod.ts";
import { type ModelPrice, priceFor, type PriceTable } from "./price_table.ts";

const MILLION = 1_000_000;

/**
 * The cost of `usage` at `price`: uncached input at the input price, cached input at the
 * cached price, output (reasoning included, as Codex counts it) at the output price.
 */
export function costOf(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInput, usage.input);
  const uncached = usage.input - cached;
  return (uncached * price.input + cached * price.cachedInput + usage.output * price.output) /
    MILLION;
}

/** The cost of `usage` by `model`, or `null` when the model is unknown or has no price. */
export function costFor(
  usage: TokenUsage,
  model: string | null,
  table: PriceTable,
): number | null {
  if (model === null) return null;
  const price = priceFor(model, table);
  return price === null ? null : costOf(usage, price);
}
