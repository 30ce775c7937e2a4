/**
 * Token budget red flags from the workflow's own advice: a thread over 5M tokens, growth over
 * 500K tokens within 5 minutes, cache hits under 80% after the first turns, context over 90%.
 */

import type { Analysis, RequestRecord } from "../model/mod.ts";
import { formatDuration, formatPercent, formatTokens } from "./_format.ts";
import type { DetectContext, Finding } from "./types.ts";

/** Suggestion of a `token_total` finding. */
export const TOKEN_TOTAL_SUGGESTION =
  "Start a fresh thread with a short summary instead of replying on this one: every call re-sends the whole context";

/** Suggestion of a `token_growth` finding. */
export const TOKEN_GROWTH_SUGGESTION =
  "Tokens are burning fast: check for a loop or huge command outputs, and stop the request if it is not making progress";

/** Suggestion of a `cache_hit_low` finding. */
export const CACHE_HIT_SUGGESTION =
  "Keep the prompt prefix stable (same instructions, model, tools and config between calls): a changed prefix misses the cache";

/** Suggestion of a `context_full` finding. */
export const CONTEXT_FULL_SUGGESTION =
  "The context window is nearly full: expect compaction or a failure soon; start a fresh thread with a summary";

/**
 * Thread-level checks on the thread's latest request (by last line): total over
 * `tokenTotalWarning`, cache hits (cached / input of the thread's cumulative usage) under
 * `cacheHitMinRatio` once the thread used `cacheHitMinInputTokens` input tokens, and context
 * fill (last call's total / window) over `contextFillMaxRatio`. Request-level: the request's own
 * tokens within `tokenGrowthWindowSeconds` over `tokenGrowthWarning`, only when its first and
 * last arrival times are known; for a request longer than the window the average rate is used
 * (an estimate). Requests without a thread id count as their own thread.
 */
export function detectTokenBudget(analysis: Analysis, context: DetectContext): Finding[] {
  const findings: Finding[] = [];
  for (const request of latestPerThread(analysis.requests)) {
    findings.push(...threadFindings(request, context));
  }
  for (const request of analysis.requests) {
    const growth = growthFinding(request, context);
    if (growth !== null) findings.push(growth);
  }
  return findings;
}

/**
 * The token findings of one request judged alone, as the latest of its thread: what
 * {@linkcode detectTokenBudget} gives for an analysis of just this request.
 */
export function detectRequestTokenBudget(
  request: RequestRecord,
  context: DetectContext,
): Finding[] {
  const findings = threadFindings(request, context);
  const growth = growthFinding(request, context);
  if (growth !== null) findings.push(growth);
  return findings;
}

/** For every thread, its request with the highest last line. */
export function latestPerThread(requests: readonly RequestRecord[]): RequestRecord[] {
  const latest = new Map<string, RequestRecord>();
  for (const request of requests) {
    const thread = request.threadId === null
      ? `request:${request.key}`
      : `thread:${request.threadId}`;
    const seen = latest.get(thread);
    if (seen === undefined || request.lastLine > seen.lastLine) latest.set(thread, request);
  }
  return [...latest.values()];
}

function threadFindings(request: RequestRecord, context: DetectContext): Finding[] {
  const thresholds = context.thresholds;
  const base = { key: request.key, requestId: request.requestId };
  const lines = [request.lastLine];
  const findings: Finding[] = [];
  const session = request.sessionTokens;
  if (session !== null && session.total > thresholds.tokenTotalWarning) {
    findings.push({
      ...base,
      kind: "token_total",
      severity: "warning",
      reason: `thread used ${formatTokens(session.total)} tokens (over ${
        formatTokens(thresholds.tokenTotalWarning)
      })`,
      evidence: { lines },
      suggestion: TOKEN_TOTAL_SUGGESTION,
    });
  }
  if (session !== null && session.input >= thresholds.cacheHitMinInputTokens) {
    const ratio = session.cachedInput / session.input;
    if (ratio < thresholds.cacheHitMinRatio) {
      findings.push({
        ...base,
        kind: "cache_hit_low",
        severity: "warning",
        reason: `cache hits ${formatPercent(ratio)} of ${
          formatTokens(session.input)
        } input tokens (under ${formatPercent(thresholds.cacheHitMinRatio)})`,
        evidence: { lines },
        suggestion: CACHE_HIT_SUGGESTION,
      });
    }
  }
  const last = request.lastTokenUsage;
  const window = request.contextWindow;
  if (last !== null && window !== null && window > 0) {
    const fill = last.total / window;
    if (fill > thresholds.contextFillMaxRatio) {
      findings.push({
        ...base,
        kind: "context_full",
        severity: "warning",
        reason: `context ${formatPercent(fill)} full (${formatTokens(last.total)} of ${
          formatTokens(window)
        } tokens)`,
        evidence: { lines },
        suggestion: CONTEXT_FULL_SUGGESTION,
      });
    }
  }
  return findings;
}

function growthFinding(request: RequestRecord, context: DetectContext): Finding | null {
  const { tokenGrowthWarning, tokenGrowthWindowSeconds } = context.thresholds;
  const tokens = request.tokens;
  if (tokens === null || request.firstTime === null || request.lastTime === null) return null;
  const duration = Math.max(0, request.lastTime - request.firstTime);
  const windowMs = tokenGrowthWindowSeconds * 1000;
  const estimate = duration > windowMs;
  const growth = estimate ? tokens.total * windowMs / duration : tokens.total;
  if (growth <= tokenGrowthWarning) return null;
  const reason = estimate
    ? `used ${formatTokens(tokens.total)} tokens in ${formatDuration(duration)}, about ${
      formatTokens(Math.round(growth))
    } per ${formatDuration(windowMs)} (over ${formatTokens(tokenGrowthWarning)})`
    : `used ${formatTokens(tokens.total)} tokens within ${formatDuration(duration)} (over ${
      formatTokens(tokenGrowthWarning)
    } in ${formatDuration(windowMs)})`;
  return {
    kind: "token_growth",
    severity: "warning",
    key: request.key,
    requestId: request.requestId,
    reason,
    evidence: { lines: [request.firstLine, request.lastLine] },
    suggestion: TOKEN_GROWTH_SUGGESTION,
    ...(estimate ? { estimate: true } : {}),
  };
}
