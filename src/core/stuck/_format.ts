/** Small text helpers shared by the detectors, so every finding words numbers the same way. */

import type { RequestId } from "../model/mod.ts";
import { MAX_EVIDENCE_LINES } from "./types.ts";

const SAFE_WORD = /^[A-Za-z0-9_\/.,:=@%+-]+$/;

/** An argv as a shell would read it: `bash -lc 'echo hi'`. */
export function commandText(argv: readonly string[]): string {
  return argv.map(shellWord).join(" ");
}

/** One shell word, single-quoted when needed. */
export function shellWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Whitespace collapsed and cut to `max` characters (at a word break when one is near) with an ellipsis. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space >= max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** `45s`, `2m 10s`, `5m`, `1h 5m`, `2h` (rounded down to whole seconds). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
}

/** `950`, `12.9K`, `5.2M` (one decimal, trailing `.0` dropped). */
export function formatTokens(count: number): string {
  const short = (value: number, unit: string) => `${value.toFixed(1).replace(/\.0$/, "")}${unit}`;
  if (count >= 1_000_000) return short(count / 1_000_000, "M");
  if (count >= 1_000) return short(count / 1_000, "K");
  return String(count);
}

/** `26%` (whole percent, rounded down so 79.9% never shows as 80%). */
export function formatPercent(ratio: number): string {
  return `${Math.floor(ratio * 100)}%`;
}

/** Sorted, unique, capped to the first and last lines. */
export function evidenceLines(lines: Iterable<number>): number[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  if (sorted.length <= MAX_EVIDENCE_LINES) return sorted;
  const half = MAX_EVIDENCE_LINES / 2;
  return [...sorted.slice(0, half), ...sorted.slice(-half)];
}

/** A request id as a `codexmon session` argument: `7`, `'"7"'` for the string "7", `abc`. */
export function requestIdArgument(id: RequestId): string {
  if (typeof id === "number") return String(id);
  if (/^-?\d+(\.\d+)?$/.test(id)) return `'"${id}"'`;
  return shellWord(id);
}
