/** Applies command-line threshold flags (`--repeat-threshold 4`, `--silence 90`) over the config. */

import { parseDecimal } from "./number_text.ts";
import { UsageError } from "../errors.ts";
import {
  isThresholdKey,
  THRESHOLD_UNITS,
  thresholdOrderProblem,
  thresholdValueProblem,
} from "./defaults.ts";
import type { StuckThresholds } from "./types.ts";

/** Raw flag values as the CLI parser gives them (strings), all optional. */
export interface StuckFlags {
  /** `--repeat-threshold N`: runs of the same command that make a request stuck. */
  repeatThreshold?: string | undefined;
  /** `--silence SECONDS`: seconds without a line before a silence warning. */
  silence?: string | undefined;
  /** `--silence-stuck SECONDS`: seconds without a line before a request counts as stuck. */
  silenceStuck?: string | undefined;
  /** `--threshold KEY=VALUE`, repeatable: any key of the `stuck` config section. */
  threshold?: readonly string[] | undefined;
}

/** Which level a shortcut flag sets. */
const SHORTCUTS = [
  ["repeatThreshold", "--repeat-threshold", "repeatedCommandStuck"],
  ["silence", "--silence", "silenceWarningSeconds"],
  ["silenceStuck", "--silence-stuck", "silenceStuckSeconds"],
] as const;

/** For each level, the levels that follow it when only it was set: [key, must stay <= or >=]. */
const FOLLOWERS: Partial<
  Record<keyof StuckThresholds, readonly (readonly [keyof StuckThresholds, "<=" | ">="])[]>
> = {
  repeatedCommandWarning: [["repeatedCommandStuck", ">="], ["repeatedCommandWindow", ">="]],
  repeatedCommandStuck: [["repeatedCommandWarning", "<="], ["repeatedCommandWindow", ">="]],
  repeatedCommandWindow: [["repeatedCommandStuck", "<="], ["repeatedCommandWarning", "<="]],
  repeatedFailureWarning: [["repeatedFailureStuck", ">="]],
  repeatedFailureStuck: [["repeatedFailureWarning", "<="]],
  similarReasoningWarning: [["similarReasoningStuck", ">="]],
  similarReasoningStuck: [["similarReasoningWarning", "<="]],
  thinkingWarning: [["thinkingStuck", ">="]],
  thinkingStuck: [["thinkingWarning", "<="]],
  retryWarning: [["retryStuck", ">="]],
  retryStuck: [["retryWarning", "<="]],
  silenceWarningSeconds: [["silenceStuckSeconds", ">="]],
  silenceStuckSeconds: [["silenceWarningSeconds", "<="]],
  longCommandWarningSeconds: [["longCommandStuckSeconds", ">="]],
  longCommandStuckSeconds: [["longCommandWarningSeconds", "<="]],
};

/**
 * Returns `base` with the flags applied. A level set by a flag drags its paired level along
 * when that one was not set by a flag too (`--silence 900` raises the stuck level from 600 to
 * 900), so a single flag never clashes with the config. Throws {@linkcode UsageError} for a
 * bad value, an unknown key or two flags that contradict each other.
 */
export function applyStuckFlags(base: StuckThresholds, flags: StuckFlags): StuckThresholds {
  const set = new Map<keyof StuckThresholds, { value: number; flag: string }>();
  const put = (key: keyof StuckThresholds, flag: string, text: string): void => {
    const value = parseDecimal(text) ?? Number.NaN;
    const problem = thresholdValueProblem(key, value);
    if (problem !== null) {
      throw new UsageError(`Invalid value for ${flag}: must be ${problem}, got "${text}"`);
    }
    set.set(key, { value, flag });
  };
  for (const [field, flag, key] of SHORTCUTS) {
    const text = flags[field];
    if (text !== undefined) put(key, flag, text);
  }
  for (const item of flags.threshold ?? []) {
    const equals = item.indexOf("=");
    const name = equals === -1 ? item : item.slice(0, equals).trim();
    if (equals === -1) {
      throw new UsageError(`Invalid value for --threshold: expected KEY=VALUE, got "${item}"`);
    }
    if (!isThresholdKey(name)) {
      throw new UsageError(
        `Invalid value for --threshold: unknown key "${name}" (known: ${
          Object.keys(THRESHOLD_UNITS).join(", ")
        })`,
      );
    }
    put(name, `--threshold ${name}`, item.slice(equals + 1));
  }
  const result = { ...base };
  for (const [key, { value }] of set) result[key] = value;
  for (const key of set.keys()) {
    for (const [other, relation] of FOLLOWERS[key] ?? []) {
      if (set.has(other)) continue;
      result[other] = relation === ">="
        ? Math.max(result[other], result[key])
        : Math.min(result[other], result[key]);
    }
  }
  const problem = thresholdOrderProblem(result, (key) => set.get(key)?.flag ?? `"stuck.${key}"`);
  if (problem !== null) throw new UsageError(`Invalid threshold flags: ${problem}`);
  return result;
}
