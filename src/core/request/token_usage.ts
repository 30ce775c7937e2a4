/**
 * Token accounting: usage in codexmon's field names read from Codex's snake_case shapes, its
 * arithmetic, and the ratios the views show. File totals are in `request_totals.ts`.
 */

import { isObject, type JsonObject, type RequestRecord, type TokenUsage } from "../model/mod.ts";

/** Usage with every field zero. */
export const ZERO_USAGE: Readonly<TokenUsage> = {
  input: 0,
  cachedInput: 0,
  output: 0,
  reasoningOutput: 0,
  total: 0,
};

/** Codex's name of each usage field, in one of its two spellings. */
type UsageNames = Readonly<Record<keyof TokenUsage, string>>;

/** The names of Codex events (mcp-server, `exec --json`, rollout files). */
const SNAKE_NAMES: UsageNames = {
  input: "input_tokens",
  cachedInput: "cached_input_tokens",
  output: "output_tokens",
  reasoningOutput: "reasoning_output_tokens",
  total: "total_tokens",
};

/** The names of app-server notifications. */
const CAMEL_NAMES: UsageNames = {
  input: "inputTokens",
  cachedInput: "cachedInputTokens",
  output: "outputTokens",
  reasoningOutput: "reasoningOutputTokens",
  total: "totalTokens",
};

function count(object: JsonObject, key: string): number | null {
  const value = object[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function readUsage(value: unknown, names: UsageNames): TokenUsage | null {
  if (!isObject(value)) return null;
  const input = count(value, names.input);
  const cachedInput = count(value, names.cachedInput);
  const output = count(value, names.output);
  const reasoningOutput = count(value, names.reasoningOutput);
  const total = count(value, names.total);
  if (
    input === null && cachedInput === null && output === null && reasoningOutput === null &&
    total === null
  ) {
    return null;
  }
  return {
    input: input ?? 0,
    cachedInput: cachedInput ?? 0,
    output: output ?? 0,
    reasoningOutput: reasoningOutput ?? 0,
    total: total ?? (input ?? 0) + (output ?? 0),
  };
}

/**
 * Reads `{input_tokens, cached_input_tokens, output_tokens, reasoning_output_tokens, total_tokens}`
 * (missing fields count 0, a missing total is input plus output); `null` when `value` is no
 * object or has no token field at all.
 */
export function readTokenUsage(value: unknown): TokenUsage | null {
  return readUsage(value, SNAKE_NAMES);
}

/** {@linkcode readTokenUsage} for app-server's `{inputTokens, ..., totalTokens}`. */
export function readCamelUsage(value: unknown): TokenUsage | null {
  return readUsage(value, CAMEL_NAMES);
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

/**
 * `into += sign * usage`, field by field, in place: for running totals that must not allocate
 * (use {@linkcode addUsage} for a new value).
 */
export function accumulateUsage(into: TokenUsage, usage: TokenUsage, sign: 1 | -1 = 1): void {
  into.input += sign * usage.input;
  into.cachedInput += sign * usage.cachedInput;
  into.output += sign * usage.output;
  into.reasoningOutput += sign * usage.reasoningOutput;
  into.total += sign * usage.total;
}

/** True when every field is equal. */
export function sameUsage(a: TokenUsage, b: TokenUsage): boolean {
  return a.input === b.input && a.cachedInput === b.cachedInput && a.output === b.output &&
    a.reasoningOutput === b.reasoningOutput && a.total === b.total;
}

/** Share of input tokens served from the cache, or null with no input. */
export function cacheHitRate(usage: TokenUsage | null): number | null {
  if (!usage || usage.input <= 0) return null;
  return usage.cachedInput / usage.input;
}

/** How full the context window was at the last model call, or null when unknown. */
export function contextFill(request: RequestRecord): number | null {
  if (!request.lastTokenUsage || !request.contextWindow) return null;
  return request.lastTokenUsage.total / request.contextWindow;
}
