/** Small readers for command events: display text, durations, retry counters. */

import { isObject } from "../model/mod.ts";

const SAFE_ARGUMENT = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The argv as one shell-like line; `bash -lc SCRIPT` shows just the script. */
export function commandLine(argv: readonly string[]): string {
  const [shell, flag, script] = argv;
  if (
    argv.length === 3 && script !== undefined && /(^|\/)(ba|z)?sh$/.test(shell ?? "") &&
    (flag === "-lc" || flag === "-c")
  ) {
    return script;
  }
  return argv.map((argument) =>
    SAFE_ARGUMENT.test(argument) ? argument : `'${argument.replaceAll("'", `'\\''`)}'`
  ).join(" ");
}

/** Milliseconds from `{secs, nanos}` (what the JSON holds) or a `"1.5s"`/`"20ms"` string. */
export function durationMs(value: unknown): number | null {
  if (isObject(value)) {
    const secs = typeof value.secs === "number" ? value.secs : 0;
    const nanos = typeof value.nanos === "number" ? value.nanos : 0;
    return secs * 1000 + nanos / 1e6;
  }
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string") {
    const match = /^\s*([\d.]+)\s*(ms|s|µs|us|ns)?\s*$/.exec(value);
    if (match === null) return null;
    const amount = Number(match[1]);
    if (!Number.isFinite(amount)) return null;
    const unit = match[2] ?? "s";
    const scale = unit === "ms" ? 1 : unit === "s" ? 1000 : unit === "ns" ? 1e-6 : 1e-3;
    return amount * scale;
  }
  return null;
}

/** `"Re-connecting... 2/5"` (0.47) or `"Reconnecting... 2/5"` (0.153) → `{attempt: 2, maxAttempts: 5}`. */
export function retryCounter(message: string): { attempt: number; maxAttempts: number } | null {
  const match = /\b(\d+)\s*\/\s*(\d+)\b/.exec(message);
  if (match === null) return null;
  return { attempt: Number(match[1]), maxAttempts: Number(match[2]) };
}
