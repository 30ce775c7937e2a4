/**
 * Rate-limit windows as Codex reports them: `rate_limits` on `token_count` events (snake
 * case; `resets_in_seconds` in 0.47, `resets_at` later) and app-server's
 * `account/rateLimits/updated` (camel case).
 *
 * @module
 */

import { isObject, type JsonObject } from "../model/mod.ts";

/** One rate-limit window. */
export interface RateLimitWindow {
  /** `primary` (the 5-hour window on ChatGPT plans) or `secondary` (the weekly one). */
  name: "primary" | "secondary";
  /** Share used, 0 to 100 (Codex's own scale). */
  usedPercent: number;
  /** Length of the window in minutes, `null` when not reported. */
  windowMinutes: number | null;
  /** When the window resets, ms since the epoch; `null` when not reported. */
  resetsAt: number | null;
}

/** The share of a window at or above which codexmon warns. */
export const RATE_LIMIT_WARNING_PERCENT = 90;

function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * The windows in a `rate_limits` object (either case). `observedAt` (ms) turns the 0.47
 * `resets_in_seconds` into a reset time. An empty list when there are none.
 */
export function readRateLimits(value: unknown, observedAt: number | null): RateLimitWindow[] {
  if (!isObject(value)) return [];
  const windows: RateLimitWindow[] = [];
  for (const name of ["primary", "secondary"] as const) {
    const window = readWindow(value[name], name, observedAt);
    if (window !== null) windows.push(window);
  }
  return windows;
}

function readWindow(
  value: unknown,
  name: RateLimitWindow["name"],
  observedAt: number | null,
): RateLimitWindow | null {
  if (!isObject(value)) return null;
  const usedPercent = finite(value.used_percent) ?? finite(value.usedPercent);
  if (usedPercent === null) return null;
  return {
    name,
    usedPercent,
    windowMinutes: finite(value.window_minutes) ?? finite(value.windowDurationMins),
    resetsAt: resetTime(value, observedAt),
  };
}

function resetTime(window: JsonObject, observedAt: number | null): number | null {
  const at = finite(window.resets_at) ?? finite(window.resetsAt);
  if (at !== null) return at * 1000;
  const inSeconds = finite(window.resets_in_seconds);
  if (inSeconds !== null && observedAt !== null) return observedAt + inSeconds * 1000;
  return null;
}

/** The windows at or above {@linkcode RATE_LIMIT_WARNING_PERCENT}. */
export function nearlyExhausted(windows: readonly RateLimitWindow[]): RateLimitWindow[] {
  return windows.filter((window) => window.usedPercent >= RATE_LIMIT_WARNING_PERCENT);
}

/**
 * Remembers which windows were at or above {@linkcode RATE_LIMIT_WARNING_PERCENT}, so a live
 * follower alerts once when a window crosses it, and again only after it dropped below.
 */
export class RateLimitAlerts {
  #high = new Set<RateLimitWindow["name"]>();

  /** The windows of `windows` that just crossed the warning share. */
  update(windows: readonly RateLimitWindow[]): RateLimitWindow[] {
    const crossed: RateLimitWindow[] = [];
    for (const window of windows) {
      const high = window.usedPercent >= RATE_LIMIT_WARNING_PERCENT;
      if (high && !this.#high.has(window.name)) crossed.push(window);
      if (high) this.#high.add(window.name);
      else this.#high.delete(window.name);
    }
    return crossed;
  }
}
