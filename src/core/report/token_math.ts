import type { RequestRecord, TokenUsage } from "../model/mod.ts";

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

/** A zero usage, to add to. */
export function emptyUsage(): TokenUsage {
  return { input: 0, cachedInput: 0, output: 0, reasoningOutput: 0, total: 0 };
}

/** Adds `b` into `a` and returns `a`. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  a.input += b.input;
  a.cachedInput += b.cachedInput;
  a.output += b.output;
  a.reasoningOutput += b.reasoningOutput;
  a.total += b.total;
  return a;
}

/**
 * Usage of the whole file: per thread the last cumulative total (never a sum of snapshots),
 * then summed over threads. Requests without a thread count by their own share.
 */
export function fileUsage(requests: readonly RequestRecord[]): TokenUsage {
  const perThread = new Map<string, TokenUsage>();
  const total = emptyUsage();
  for (const request of requests) {
    if (request.threadId && request.sessionTokens) {
      const seen = perThread.get(request.threadId);
      if (!seen || request.sessionTokens.total >= seen.total) {
        perThread.set(request.threadId, request.sessionTokens);
      }
    } else if (request.tokens) {
      addUsage(total, request.tokens);
    }
  }
  for (const usage of perThread.values()) addUsage(total, usage);
  return total;
}
