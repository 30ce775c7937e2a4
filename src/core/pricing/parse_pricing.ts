/** The `pricing` section of `codexmon.jsonc`: prices that replace or extend the shipped table. */

import { isObject } from "../model/mod.ts";
import type { ModelPrice } from "./price_table.ts";

const FIELDS = ["input", "cachedInput", "output"] as const;

/**
 * Reads `{"MODEL": {"input": 1.25, "cachedInput": 0.125, "output": 10}, ...}` (USD per 1M
 * tokens; `cachedInput` defaults to `input`). Calls `fail` with the problem otherwise.
 */
export function readPricing(
  value: unknown,
  fail: (problem: string) => never,
): Record<string, ModelPrice> {
  if (!isObject(value)) return fail(`"pricing" must be an object of models`);
  const table: Record<string, ModelPrice> = {};
  for (const [model, entry] of Object.entries(value)) {
    if (!isObject(entry)) fail(`"pricing.${model}" must be an object`);
    for (const key of Object.keys(entry)) {
      if (!(FIELDS as readonly string[]).includes(key)) {
        fail(`unknown key "pricing.${model}.${key}" (expected ${FIELDS.join(", ")})`);
      }
    }
    const number = (key: (typeof FIELDS)[number]): number | undefined => {
      const field = entry[key];
      if (field === undefined) return undefined;
      if (typeof field !== "number" || !Number.isFinite(field) || field < 0) {
        return fail(`"pricing.${model}.${key}" must be a number of 0 or more (USD per 1M tokens)`);
      }
      return field;
    };
    const input = number("input");
    const output = number("output");
    if (input === undefined || output === undefined) {
      fail(`"pricing.${model}" needs "input" and "output" (USD per 1M tokens)`);
    }
    table[model] = { input, cachedInput: number("cachedInput") ?? input, output };
  }
  return table;
}
