/**
 * Rate limits nearly used up: a window Codex reported at or over 90% used. Codex then slows
 * down or refuses new turns until the window resets, which looks like a stuck session.
 */

import type { Analysis, RequestRecord } from "../model/mod.ts";
import { RATE_LIMIT_WARNING_PERCENT, type RateLimitWindow } from "../usage/mod.ts";
import type { Finding } from "./types.ts";

/** Suggestion of a `rate_limit` finding. */
export const RATE_LIMIT_SUGGESTION =
  "The account's rate limit is nearly used up: expect Codex to slow down or refuse turns until the window resets; pace the work or switch account";

/**
 * One warning per window at or over {@linkcode RATE_LIMIT_WARNING_PERCENT}, pinned to the
 * request with the highest last line (the windows are the account's, not a request's).
 */
export function detectRateLimits(
  analysis: Analysis,
  windows: readonly RateLimitWindow[],
): Finding[] {
  const latest = latestRequest(analysis.requests);
  if (latest === null) return [];
  return windows
    .filter((window) => window.usedPercent >= RATE_LIMIT_WARNING_PERCENT)
    .map((window) => ({
      kind: "rate_limit" as const,
      severity: "warning" as const,
      key: latest.key,
      requestId: latest.requestId,
      reason: `${window.name} rate-limit window ${formatPercent(window.usedPercent)} used${
        window.windowMinutes === null ? "" : ` (${windowLength(window.windowMinutes)} window)`
      }${window.resetsAt === null ? "" : `, resets ${new Date(window.resetsAt).toISOString()}`}`,
      evidence: { lines: [latest.lastLine] },
      suggestion: RATE_LIMIT_SUGGESTION,
    }));
}

function latestRequest(requests: readonly RequestRecord[]): RequestRecord | null {
  let latest: RequestRecord | null = null;
  for (const request of requests) {
    if (latest === null || request.lastLine > latest.lastLine) latest = request;
  }
  return latest;
}

function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)}%`;
}

function windowLength(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
