/** Token usage in codexmon's field names, read from Codex's snake_case shapes. */

import { isObject, type JsonObject, type TokenUsage } from "../model/mod.ts";

/** Usage with every field zero. */
export const ZERO_USAGE: Readonly<TokenUsage> = {
  input: 0,
  cachedInput: 0,
  output: 0,
  reasoningOutput: 0,
  total: 0,
};

/** Codex's names of the usage fields. */
const USAGE_FIELDS = [
  "input_tokens",
  "cached_input_tokens",
  "output_tokens",
  "reasoning_output_tokens",
  "total_tokens",
] as const;

function count(object: JsonObject, key: string): number {
  const value = object[key];
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/**
 * Reads `{input_tokens, cached_input_tokens, output_tokens, reasoning_output_tokens, total_tokens}`
 * (missing fields count 0); `null` when `value` is no object or has no token field at all.
 */
export function readTokenUsage(value: unknown): TokenUsage | null {
  if (!isObject(value)) return null;
  if (!USAGE_FIELDS.some((field) => typeof value[field] === "number")) return null;
  const input = count(value, "input_tokens");
  const output = count(value, "output_tokens");
  const total = typeof value.total_tokens === "number"
    ? count(value, "total_tokens")
    : input + output;
  return {
    input,
    cachedInput: count(value, "cached_input_tokens"),
    output,
    reasoningOutput: count(value, "reasoning_output_tokens"),
    total,
  };
}

/** `a - b` field by field, never below zero (a counter reset must not give negative usage). */
export function subtractUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: Math.max(0, a.input - b.input),
    cachedInput: Math.max(0, a.cachedInput - b.cachedInput),
    output: Math.max(0, a.output - b.output),
    reasoningOutput: Math.max(0, a.reasoningOutput - b.reasoningOutput),
    total: Math.max(0, a.total - b.total),
  };
}

/** `a + b` field by field. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    cachedInput: a.cachedInput + b.cachedInput,
    output: a.output + b.output,
    reasoningOutput: a.reasoningOutput + b.reasoningOutput,
    total: a.total + b.total,
  };
}

/** True when every field is equal. */
export function sameUsage(a: TokenUsage, b: TokenUsage): boolean {
  return a.input === b.input && a.cachedInput === b.cachedInput && a.output === b.output &&
    a.reasoningOutput === b.reasoningOutput && a.total === b.total;
}
