/** Rate-limit windows as one line for footers, with a warning when one is nearly used up. */

import { nearlyExhausted, type RateLimitWindow } from "../core/usage/mod.ts";
import type { Colors } from "./colors.ts";

/** `5h`, `7d`, `90m`. */
function windowLength(minutes: number | null): string {
  if (minutes === null) return "";
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** `primary 91% of 5h (resets 2026-11-24 16:00 UTC)`. */
export function describeWindow(window: RateLimitWindow): string {
  const length = windowLength(window.windowMinutes);
  const reset = window.resetsAt === null
    ? ""
    : ` (resets ${new Date(window.resetsAt).toISOString().slice(0, 16).replace("T", " ")} UTC)`;
  return `${window.name} ${Math.round(window.usedPercent)}%${
    length ? ` of ${length}` : ""
  }${reset}`;
}

/**
 * The footer lines: `rate limits: primary 12% of 5h (…), secondary 40% of 7d (…)`, then one
 * `warning rate_limit: …` line per window at 90% or more.
 */
export function rateLimitLines(windows: readonly RateLimitWindow[], colors: Colors): string[] {
  if (windows.length === 0) return [];
  const lines = [colors.dim(`rate limits: ${windows.map(describeWindow).join(", ")}`)];
  for (const window of nearlyExhausted(windows)) {
    lines.push(
      colors.yellow(
        `warning rate_limit: ${
          describeWindow(window)
        }: requests will be refused when it is used up`,
      ),
    );
  }
  return lines;
}
