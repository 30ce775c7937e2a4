/** `codexmon usage`: token and cost totals by day, month, session, model or folder. */

import { addUsage, ZERO_USAGE } from "../request/mod.ts";
import type { TokenUsage } from "../model/mod.ts";
import { costFor, type PriceTable } from "../pricing/mod.ts";
import type { UsageSlice } from "./usage_slices.ts";

/** How rows are grouped. */
export type UsageGrouping = "daily" | "monthly" | "session" | "model" | "cwd";

/** One row of the report. */
export interface UsageRow {
  /** The day (`2026-11-24`), month (`2026-11`), session id, model or folder. */
  key: string;
  tokens: TokenUsage;
  /** USD of the priced part; `null` when nothing in the row has a price. */
  cost: number | null;
  /** Models without a price; their tokens are not in `cost`. */
  unpricedModels: string[];
  models: string[];
  sessions: number;
}

/** The whole report. */
export interface UsageReport {
  grouping: UsageGrouping;
  rows: UsageRow[];
  totals: UsageRow;
}

/** Options for {@linkcode buildUsageReport}. */
export interface UsageReportOptions {
  grouping: UsageGrouping;
  /** The IANA time zone of days and months. */
  timeZone: string;
  prices: PriceTable;
}

interface Accumulator {
  key: string;
  tokens: TokenUsage;
  cost: number | null;
  unpriced: Set<string>;
  models: Set<string>;
  sessions: Set<string>;
}

/** Groups `slices` into rows, sorted by key (days and months oldest first). */
export function buildUsageReport(
  slices: Iterable<UsageSlice>,
  options: UsageReportOptions,
): UsageReport {
  const builder = new UsageReportBuilder(options);
  for (const slice of slices) builder.add(slice);
  return builder.report();
}

/** Adds slices one at a time, so a report over many sessions keeps only its rows in memory. */
export class UsageReportBuilder {
  #options: UsageReportOptions;
  #dayOf: (at: number) => string;
  #rows = new Map<string, Accumulator>();
  #totals = accumulator("total");

  constructor(options: UsageReportOptions) {
    this.#options = options;
    this.#dayOf = dayFormatter(options.timeZone);
  }

  /** Counts one slice in its row and in the totals. */
  add(slice: UsageSlice): void {
    const key = groupKey(slice, this.#options.grouping, this.#dayOf);
    let row = this.#rows.get(key);
    if (row === undefined) this.#rows.set(key, row = accumulator(key));
    const cost = costFor(slice.tokens, slice.model, this.#options.prices);
    addSlice(row, slice, cost);
    addSlice(this.#totals, slice, cost);
  }

  /** The rows so far, sorted by key. */
  report(): UsageReport {
    const sorted = [...this.#rows.values()].sort((a, b) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0
    );
    return {
      grouping: this.#options.grouping,
      rows: sorted.map(finish),
      totals: finish(this.#totals),
    };
  }
}

function accumulator(key: string): Accumulator {
  return {
    key,
    tokens: ZERO_USAGE,
    cost: null,
    unpriced: new Set(),
    models: new Set(),
    sessions: new Set(),
  };
}

function addSlice(row: Accumulator, slice: UsageSlice, cost: number | null): void {
  row.tokens = addUsage(row.tokens, slice.tokens);
  const model = slice.model ?? "unknown";
  row.models.add(model);
  row.sessions.add(slice.sessionId);
  if (cost === null) row.unpriced.add(model);
  else row.cost = (row.cost ?? 0) + cost;
}

function finish(row: Accumulator): UsageRow {
  return {
    key: row.key,
    tokens: row.tokens,
    cost: row.cost,
    unpricedModels: [...row.unpriced].sort(),
    models: [...row.models].sort(),
    sessions: row.sessions.size,
  };
}

function groupKey(
  slice: UsageSlice,
  grouping: UsageGrouping,
  dayOf: (at: number) => string,
): string {
  switch (grouping) {
    case "daily":
      return dayOf(slice.at);
    case "monthly":
      return dayOf(slice.at).slice(0, 7);
    case "session":
      return slice.sessionId;
    case "model":
      return slice.model ?? "unknown";
    case "cwd":
      return slice.cwd ?? "unknown";
  }
}

/**
 * `YYYY-MM-DD` of a time in `timeZone`. UTC is computed directly; other zones go through
 * `Intl` (loaded only when asked for). Throws `RangeError` for an unknown zone.
 */
export function dayFormatter(timeZone: string): (at: number) => string {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") {
    return (at) => new Date(at).toISOString().slice(0, 10);
  }
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (at) => format.format(at);
}
