/** Retry storm: `stream_error` retries, and requests that ended after exhausting them. */

import type { ErrorRecord, RequestRecord } from "../model/mod.ts";
import { evidenceLines, excerpt } from "./_format.ts";
import type { DetectContext, Finding } from "./types.ts";

/** Suggestion of a `retry_storm` finding on an open request. */
export const RETRY_STORM_SUGGESTION =
  "The model endpoint keeps failing and Codex is retrying by itself: check the provider's status, rate limits and network";

/** Suggestion of a `retry_storm` finding on a request that recovered. */
export const RETRY_RECOVERED_SUGGESTION =
  "Nothing to do now; frequent retries point at an unreliable provider or network";

/** Suggestion of a `retries_exhausted` finding. */
export const RETRIES_EXHAUSTED_SUGGESTION =
  "The request is over: once the provider recovers, send the prompt again (a reply on the same thread keeps its context)";

/** Final errors that say the retry budget ran out even when no `stream_error` came first (0.153.4, HTTP 429). */
const EXHAUSTED_MESSAGE = /retry limit|too many failed attempts|retries exhausted/i;

/**
 * One finding per request with retries. Open request: `retryWarning` retries give a warning,
 * `retryStuck` make it stuck. Ended request: failed after retries (or with a "retry limit"
 * error) is `retries_exhausted` (warning, the failure quoted); completed after
 * `retryWarning` retries is `retry_storm` (info).
 */
export function detectRetryStorm(request: RequestRecord, context: DetectContext): Finding[] {
  const { retryWarning, retryStuck } = context.thresholds;
  const retries = request.errors.filter((error) => error.kind === "stream_error");
  const failure = finalFailure(request);
  const lastRetry = retries[retries.length - 1];
  const budget = lastRetry ? ` (last: ${retryText(lastRetry)})` : "";
  const base = { key: request.key, requestId: request.requestId };
  if (failure !== null && endedByRetries(request, failure)) {
    const after = retries.length > 0
      ? `after ${retries.length} ${plural(retries.length, "retry", "retries")}${budget}`
      : "at its retry limit";
    return [{
      ...base,
      kind: "retries_exhausted",
      severity: "warning",
      reason: `request failed ${after}: ${excerpt(failure.message, 160)}`,
      evidence: {
        lines: evidenceLines(request.errors.map((error) => error.line)),
        text: failure.message,
      },
      suggestion: RETRIES_EXHAUSTED_SUGGESTION,
    }];
  }
  if (retries.length === 0 || retries.length < retryWarning || lastRetry === undefined) return [];
  const lines = evidenceLines(retries.map((error) => error.line));
  if (isOpen(request)) {
    return [{
      ...base,
      kind: "retry_storm",
      severity: retries.length >= retryStuck ? "stuck" : "warning",
      reason: `model stream retried ${retries.length} times${budget}`,
      evidence: { lines, text: lastRetry.message },
      suggestion: RETRY_STORM_SUGGESTION,
    }];
  }
  if (request.state !== "completed") return [];
  return [{
    ...base,
    kind: "retry_storm",
    severity: "info",
    reason: `request recovered after ${retries.length} stream retries${budget}`,
    evidence: { lines, text: lastRetry.message },
    suggestion: RETRY_RECOVERED_SUGGESTION,
  }];
}

/** True when a failed request's end came from running out of retries. */
export function endedByRetries(request: RequestRecord, failure: ErrorRecord): boolean {
  return request.errors.some((error) => error.kind === "stream_error") ||
    EXHAUSTED_MESSAGE.test(failure.message);
}

/** The error that ended a failed request: the last `error` or `result_error`, else the last other error, else `null`. */
export function finalFailure(request: RequestRecord): ErrorRecord | null {
  if (request.state !== "failed") return null;
  let fallback: ErrorRecord | null = null;
  for (let index = request.errors.length - 1; index >= 0; index--) {
    const error = request.errors[index];
    if (error === undefined || error.kind === "stream_error") continue;
    if (error.kind === "error" || error.kind === "result_error") return error;
    fallback ??= error;
  }
  return fallback;
}

/** True while the request may still produce lines. */
export function isOpen(request: RequestRecord): boolean {
  return request.state === "running" || request.state === "awaiting_approval";
}

function retryText(error: ErrorRecord): string {
  if (error.attempt !== undefined && error.maxAttempts !== undefined) {
    return `${error.attempt}/${error.maxAttempts}`;
  }
  return excerpt(error.message, 60);
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
