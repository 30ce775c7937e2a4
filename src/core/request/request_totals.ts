/**
 * Totals over the requests of a file, also over requests no longer kept in memory: counts by
 * state and the file's token usage (per thread the last cumulative total, never a sum of
 * snapshots, summed over threads; threadless requests add their own share).
 */

import {
  RecentMap,
  type RequestRecord,
  type RequestTotals,
  type StateCounts,
  type TokenUsage,
} from "../model/mod.ts";
import { accumulateUsage, ZERO_USAGE } from "./token_usage.ts";

/** Threads whose latest usage is remembered at least, by default. */
export const DEFAULT_THREADS_KEPT = 8192;

/** Counts with every state at zero. */
export function emptyStateCounts(): StateCounts {
  return {
    running: 0,
    awaiting_approval: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    no_response: 0,
  };
}

/** Options for {@linkcode TotalsAccumulator}. */
export interface TotalsAccumulatorOptions {
  /**
   * Threads whose latest usage is remembered at least (least recently updated forgotten first). A
   * request on a forgotten thread adds its session usage again, so keep this above the
   * number of threads a file interleaves (default {@linkcode DEFAULT_THREADS_KEPT}).
   */
  threadsKept?: number;
}

/** Adds request records one by one; memory is bounded by the threads it remembers. */
export class TotalsAccumulator {
  #count = 0;
  #states = emptyStateCounts();
  /** Sum of the remembered (and forgotten) thread usages and of threadless shares. */
  #tokens: TokenUsage = { ...ZERO_USAGE };
  /** The usage each remembered thread contributes to `#tokens`. */
  #threads: RecentMap<string, TokenUsage>;

  constructor(options: TotalsAccumulatorOptions = {}) {
    this.#threads = new RecentMap(options.threadsKept ?? DEFAULT_THREADS_KEPT);
  }

  /** Requests added so far. */
  get count(): number {
    return this.#count;
  }

  /** Adds one request (its record as final). */
  add(record: RequestRecord): void {
    this.#count++;
    this.#states[record.state]++;
    const { threadId, sessionTokens } = record;
    if (threadId && sessionTokens) {
      const seen = this.#threads.get(threadId);
      if (seen !== undefined && sessionTokens.total < seen.total) return;
      if (seen !== undefined) accumulateUsage(this.#tokens, seen, -1);
      accumulateUsage(this.#tokens, sessionTokens);
      this.#threads.set(threadId, sessionTokens);
    } else if (record.tokens) {
      accumulateUsage(this.#tokens, record.tokens);
    }
  }

  /** Counts by state of the requests added. */
  states(): StateCounts {
    return { ...this.#states };
  }

  /** Totals of the requests added plus `records` (which are not added). */
  totalsWith(records: readonly RequestRecord[]): RequestTotals {
    const states = this.states();
    const tokens = { ...this.#tokens };
    const overlay = new Map<string, TokenUsage>();
    for (const record of records) {
      states[record.state]++;
      const { threadId, sessionTokens } = record;
      if (threadId && sessionTokens) {
        const seen = overlay.get(threadId) ?? this.#threads.get(threadId);
        if (seen === undefined || sessionTokens.total >= seen.total) {
          overlay.set(threadId, sessionTokens);
        }
      } else if (record.tokens) {
        accumulateUsage(tokens, record.tokens);
      }
    }
    for (const [threadId, usage] of overlay) {
      const seen = this.#threads.get(threadId);
      if (seen !== undefined) accumulateUsage(tokens, seen, -1);
      accumulateUsage(tokens, usage);
    }
    return { requests: this.#count + records.length, states, tokens };
  }
}

/** The totals of several files added up (the grand total after several inputs). */
export function sumTotals(parts: readonly RequestTotals[]): RequestTotals {
  const sum: RequestTotals = {
    requests: 0,
    states: emptyStateCounts(),
    tokens: { ...ZERO_USAGE },
  };
  for (const part of parts) {
    sum.requests += part.requests;
    for (const state of Object.keys(sum.states) as (keyof StateCounts)[]) {
      sum.states[state] += part.states[state];
    }
    accumulateUsage(sum.tokens, part.tokens);
  }
  return sum;
}

/** Totals of `records` alone. */
export function requestTotals(records: readonly RequestRecord[]): RequestTotals {
  return new TotalsAccumulator().totalsWith(records);
}
