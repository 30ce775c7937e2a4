/**
 * The shipped price table: USD per 1M tokens for the models Codex runs, from OpenAI's
 * published API pricing (https://openai.com/api/pricing/) and, for the models newer than
 * ccusage's bundle, LiteLLM's `model_prices_and_context_window.json`, as of PRICE_TABLE_DATE.
 * docs/pricing.md names the source of each row.
 *
 * @module
 */

/** Prices of one model in USD per 1M tokens. Reasoning tokens are billed as output. */
export interface ModelPrice {
  input: number;
  cachedInput: number;
  output: number;
}

/** A price table: model name to prices. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** The day the shipped prices were checked. */
export const PRICE_TABLE_DATE = "2026-12-04";

/** Where the shipped prices come from. */
export const PRICE_TABLE_SOURCE =
  "OpenAI API pricing (https://openai.com/api/pricing/) and LiteLLM model_prices_and_context_window.json";

function price(input: number, cachedInput: number, output: number): ModelPrice {
  return { input, cachedInput, output };
}

/** The shipped table. Dated snapshots (`gpt-5-2025-08-07`) resolve to their base name. */
export const DEFAULT_PRICE_TABLE: PriceTable = {
  "gpt-5": price(1.25, 0.125, 10),
  "gpt-5-codex": price(1.25, 0.125, 10),
  "gpt-5-mini": price(0.25, 0.025, 2),
  "gpt-5-nano": price(0.05, 0.005, 0.4),
  "gpt-5-pro": price(15, 15, 120),
  "gpt-5.1": price(1.25, 0.125, 10),
  "gpt-5.1-codex": price(1.25, 0.125, 10),
  "gpt-5.1-codex-max": price(1.25, 0.125, 10),
  "gpt-5.1-codex-mini": price(0.25, 0.025, 2),
  "gpt-5.2": price(1.75, 0.175, 14),
  "gpt-5.2-codex": price(1.75, 0.175, 14),
  "gpt-5.3-codex": price(1.75, 0.175, 14),
  "gpt-5.4": price(2.5, 0.25, 15),
  "gpt-5.4-mini": price(0.75, 0.075, 4.5),
  "gpt-5.4-nano": price(0.2, 0.02, 1.25),
  "gpt-5.4-pro": price(30, 3, 180),
  // From LiteLLM's table (docs/pricing.md); requests over 272k input tokens cost more.
  "gpt-5.5": price(5, 0.5, 30),
  "gpt-5.5-pro": price(30, 3, 180),
  "gpt-5.6": price(5, 0.5, 30),
  "gpt-5.6-sol": price(5, 0.5, 30),
  "gpt-5.6-terra": price(2.5, 0.25, 15),
  "gpt-5.6-luna": price(1, 0.1, 6),
  "codex-mini-latest": price(1.5, 0.375, 6),
  "o3": price(2, 0.5, 8),
  "o4-mini": price(1.1, 0.275, 4.4),
  "gpt-4.1": price(2, 0.5, 8),
  "gpt-4.1-mini": price(0.4, 0.1, 1.6),
};

const DATED_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/**
 * The prices of `model` in `table`: an exact match, else the name without a date suffix,
 * else `null` (never a guess from a similar name).
 */
export function priceFor(model: string, table: PriceTable): ModelPrice | null {
  const name = model.trim();
  if (Object.hasOwn(table, name)) return table[name] ?? null;
  const undated = name.replace(DATED_SUFFIX, "");
  if (undated !== name && Object.hasOwn(table, undated)) return table[undated] ?? null;
  return null;
}
