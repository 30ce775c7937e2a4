/** Default thresholds and the rules every threshold value must follow. */

import type { Config, StuckThresholds } from "./types.ts";

/** The defaults from issue 3 and the workflow's documented token advice. */
export const DEFAULT_STUCK_THRESHOLDS: Readonly<StuckThresholds> = Object.freeze({
  repeatedCommandWarning: 3,
  repeatedCommandStuck: 5,
  repeatedCommandWindow: 10,
  repeatedFailureWarning: 3,
  repeatedFailureStuck: 5,
  similarReasoningRatio: 0.8,
  similarReasoningWarning: 3,
  similarReasoningStuck: 5,
  thinkingWarning: 6,
  thinkingStuck: 12,
  retryWarning: 2,
  retryStuck: 10,
  silenceWarningSeconds: 120,
  silenceStuckSeconds: 600,
  longCommandWarningSeconds: 600,
  longCommandStuckSeconds: 1800,
  tokenTotalWarning: 5_000_000,
  tokenGrowthWarning: 500_000,
  tokenGrowthWindowSeconds: 300,
  cacheHitMinRatio: 0.8,
  cacheHitMinInputTokens: 200_000,
  contextFillMaxRatio: 0.9,
});

/** Lines longer than this are skipped unread, so no input can make memory grow without bound. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A fresh config with every default. */
export function defaultConfig(): Config {
  return { stuck: { ...DEFAULT_STUCK_THRESHOLDS }, session: {} };
}

/** What kind of number a threshold holds. */
export type ThresholdUnit = "count" | "ratio" | "seconds" | "tokens";

/** The unit of every threshold key, in documentation order. */
export const THRESHOLD_UNITS: Readonly<Record<keyof StuckThresholds, ThresholdUnit>> = Object
  .freeze({
    repeatedCommandWarning: "count",
    repeatedCommandStuck: "count",
    repeatedCommandWindow: "count",
    repeatedFailureWarning: "count",
    repeatedFailureStuck: "count",
    similarReasoningRatio: "ratio",
    similarReasoningWarning: "count",
    similarReasoningStuck: "count",
    thinkingWarning: "count",
    thinkingStuck: "count",
    retryWarning: "count",
    retryStuck: "count",
    silenceWarningSeconds: "seconds",
    silenceStuckSeconds: "seconds",
    longCommandWarningSeconds: "seconds",
    longCommandStuckSeconds: "seconds",
    tokenTotalWarning: "tokens",
    tokenGrowthWarning: "tokens",
    tokenGrowthWindowSeconds: "seconds",
    cacheHitMinRatio: "ratio",
    cacheHitMinInputTokens: "tokens",
    contextFillMaxRatio: "ratio",
  });

/** True for a name of a {@linkcode StuckThresholds} field. */
export function isThresholdKey(name: string): name is keyof StuckThresholds {
  return Object.hasOwn(THRESHOLD_UNITS, name);
}

/**
 * Checks one value against its unit; returns what it must be, or `null` when it is fine.
 * Counts are whole numbers of at least 1 (2 for repeats: one run is never a repeat), seconds
 * are positive, tokens are whole and positive, ratios lie in (0, 1].
 */
export function thresholdValueProblem(key: keyof StuckThresholds, value: number): string | null {
  const finite = Number.isFinite(value);
  switch (THRESHOLD_UNITS[key]) {
    case "count": {
      const min = MIN_COUNTS[key] ?? 1;
      return finite && Number.isInteger(value) && value >= min
        ? null
        : `a whole number of at least ${min}`;
    }
    case "tokens":
      return finite && Number.isInteger(value) && value >= 1
        ? null
        : "a whole number of at least 1";
    case "seconds":
      return finite && value > 0 ? null : "a number of seconds greater than 0";
    case "ratio":
      return finite && value > 0 && value <= 1 ? null : "a ratio greater than 0 and at most 1";
  }
}

const MIN_COUNTS: Partial<Record<keyof StuckThresholds, number>> = {
  repeatedCommandWarning: 2,
  repeatedCommandStuck: 2,
  repeatedCommandWindow: 2,
  repeatedFailureWarning: 2,
  repeatedFailureStuck: 2,
  similarReasoningWarning: 2,
  similarReasoningStuck: 2,
};

/** Pairs where the first may not exceed the second (a warning level above its stuck level never fires). */
const ORDERED_PAIRS: readonly (readonly [keyof StuckThresholds, keyof StuckThresholds])[] = [
  ["repeatedCommandWarning", "repeatedCommandStuck"],
  ["repeatedCommandStuck", "repeatedCommandWindow"],
  ["repeatedFailureWarning", "repeatedFailureStuck"],
  ["similarReasoningWarning", "similarReasoningStuck"],
  ["thinkingWarning", "thinkingStuck"],
  ["retryWarning", "retryStuck"],
  ["silenceWarningSeconds", "silenceStuckSeconds"],
  ["longCommandWarningSeconds", "longCommandStuckSeconds"],
];

/**
 * Checks the relations between thresholds (each warning level at most its stuck level, the
 * repeat window at least the stuck count). Returns the first problem as a phrase naming both
 * keys through `name` (a config path or a flag), or `null`.
 */
export function thresholdOrderProblem(
  thresholds: StuckThresholds,
  name: (key: keyof StuckThresholds) => string,
): string | null {
  for (const [low, high] of ORDERED_PAIRS) {
    if (thresholds[low] > thresholds[high]) {
      return `${name(low)} (${thresholds[low]}) must not be greater than ${name(high)} (${
        thresholds[high]
      })`;
    }
  }
  return null;
}
