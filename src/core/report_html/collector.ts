/**
 * Gathers the requests of one file for a report as the Analyzer lets them go, in bounded
 * memory: every request counts in the totals and charts; the page lists all of them on small
 * input, and on big input the notable ones (not completed, or with a warning) and the latest,
 * with the items of a bounded number of them.
 *
 * @module
 */

import type { StuckThresholds } from "../config/mod.ts";
import { requestTotals } from "../request/mod.ts";
import type { Analysis, Format, LineCounts, RequestRecord, RequestTotals } from "../model/mod.ts";
import {
  type DetectContext,
  detectContext,
  detectRequestStuck,
  type Finding,
  type FindingKind,
  type Severity,
} from "../stuck/mod.ts";
import { Downsampler } from "./downsample.ts";
import type { Placement, ReportFile, ReportRequest, Series } from "./model.ts";
import {
  type ClipLimits,
  detailSize,
  reportRequest,
  requestDetail,
  ROOMY_CLIPS,
} from "./request_view.ts";

/** Options for {@linkcode ReportCollector}. */
export interface CollectorOptions {
  thresholds: StuckThresholds;
  /** "now" for the silence checks of open requests (ms since epoch), null when unknown. */
  now: number | null;
  /** The file's modification time: the time of its last line when no arrival times are known. */
  lastLineTime: number | null;
  /** Cost of a request in US dollars, when a price is known (a pricing module fills it). */
  costOf?: (record: RequestRecord) => number | null;
  /** Clip limits of the items (default {@linkcode ROOMY_CLIPS}). */
  clips?: Readonly<ClipLimits>;
  /** Requests listed at most (default 1000): half notable, half latest. */
  maxRows?: number;
  /** Requests listed with their items at most (default 200). */
  maxDetails?: number;
  /** Characters of item text a page holds at most (default 3 000 000). */
  detailChars?: number;
}

/** What the collector needs to know about the file besides its requests. */
export interface FileFacts {
  path: string;
  size: number;
  format: Format;
  codexVersion: string | null;
  lines: LineCounts;
  serverExited: boolean;
  placement: Placement;
  /** Totals over every request of the file, listed or not (the Analyzer counts them). */
  totals: RequestTotals;
}

/** The facts of a file from its analysis; `file` says where it is and how lines are placed. */
export function fileFacts(
  analysis: Analysis,
  file: { path: string; size: number; placement: Placement },
): FileFacts {
  return {
    path: file.path,
    size: file.size,
    format: analysis.format,
    codexVersion: analysis.codexVersion,
    lines: analysis.lines,
    serverExited: analysis.serverExited,
    placement: file.placement,
    totals: analysis.totals ?? requestTotals(analysis.requests),
  };
}

/** Thread-level findings: shown only on the latest listed request of their thread. */
const THREAD_KINDS: ReadonlySet<FindingKind> = new Set([
  "token_total",
  "cache_hit_low",
  "context_full",
]);
/** Threads drawn on the cumulative chart. */
const THREADS_DRAWN = 8;

interface Listed {
  row: ReportRequest;
  chars: number;
  /** The final record, kept for the latest requests only: their items are built on demand. */
  record: RequestRecord | null;
  /** For notable requests: 0 stuck, 1 open or never answered, 2 other warnings. */
  rank: number;
}

/** The latest requests: rows for many, records (for their items) for the newest few. */
class Ring {
  items: Listed[] = [];

  add(listed: Listed, cap: number, records: number): void {
    const items = this.items;
    items.push(listed);
    const old = items[items.length - 1 - records];
    if (old !== undefined) old.record = null;
    // Trimmed in batches of a quarter, so each add costs O(1) on average.
    if (items.length > cap + Math.ceil(cap / 4)) items.splice(0, items.length - cap);
  }

  latest(cap: number): Listed[] {
    return this.items.slice(-cap);
  }
}

/** Collects the finished requests of one file; {@linkcode ReportCollector.snapshot} builds its page data. */
export class ReportCollector {
  #options: CollectorOptions;
  #clips: Readonly<ClipLimits>;
  #maxRows: number;
  #maxDetails: number;
  #detailChars: number;
  #findingCounts: Record<Severity, number> = { stuck: 0, warning: 0, info: 0 };
  #cost = { sum: 0, known: 0, unknown: 0 };
  #notable: Listed[] = [];
  #notableChars = 0;
  #notableDetails = 0;
  #ring = new Ring();
  #leftOut = 0;
  #order = 0;
  #requestTokens = new Downsampler();
  #contextFill = new Downsampler();
  #threads = new Map<string, Downsampler>();
  #otherThreadRequests = 0;
  #detectContext: DetectContext;

  constructor(options: CollectorOptions) {
    this.#options = options;
    this.#clips = options.clips ?? ROOMY_CLIPS;
    this.#maxRows = Math.max(2, options.maxRows ?? 1000);
    this.#maxDetails = Math.max(2, options.maxDetails ?? 200);
    this.#detailChars = options.detailChars ?? 3_000_000;
    const analysis: Analysis = {
      format: "unknown",
      codexVersion: null,
      requests: [],
      lines: { total: 0, json: 0, text: 0, other: 0, incomplete: 0, tooLong: 0 },
      eventCounts: {},
      textLines: [],
      serverExited: false,
      longLines: [],
    };
    this.#detectContext = detectContext(analysis, {
      thresholds: options.thresholds,
      now: options.now,
      lastLineTime: options.lastLineTime,
    });
  }

  /** A finished request's final record (the Analyzer's `onRequestDone`). */
  add(record: RequestRecord, facts: Pick<FileFacts, "format" | "serverExited">): void {
    const findings = this.#findings(record, facts);
    const cost = this.#options.costOf?.(record) ?? null;
    this.#count(record, findings, cost);
    const rank = notableRank(record, findings);
    if (rank !== null && this.#addNotable(record, findings, cost, rank)) return;
    const ring = this.#ring;
    const before = ring.items.length;
    // Items are built at snapshot time, and only for the newest requests that fit the budget.
    const listed = this.#listed(record, findings, cost, false);
    listed.record = record;
    ring.add(listed, this.#maxRows / 2, Math.floor(this.#maxDetails / 2));
    if (ring.items.length <= before) this.#leftOut += before + 1 - ring.items.length;
  }

  /**
   * Lists a notable request; when the list is full it takes the place of the latest one of a
   * lower rank (a stuck request outranks a failed one). False when it ranks too low.
   */
  #addNotable(record: RequestRecord, findings: Finding[], cost: number | null, rank: number) {
    const notable = this.#notable;
    if (notable.length >= this.#maxRows / 2) {
      let worst = -1;
      for (let i = notable.length - 1; i >= 0; i--) {
        const candidate = notable[i] as Listed;
        if (
          candidate.rank > rank && (worst < 0 || candidate.rank > (notable[worst] as Listed).rank)
        ) {
          worst = i;
        }
      }
      if (worst < 0) return false;
      const [dropped] = notable.splice(worst, 1) as [Listed];
      this.#leftOut++;
      if (dropped.row.detail !== null) {
        this.#notableChars -= dropped.chars;
        this.#notableDetails--;
      }
    }
    const withDetail = this.#notableDetails < this.#maxDetails / 2 &&
      this.#notableChars < this.#detailChars / 2;
    const listed = this.#listed(record, findings, cost, withDetail);
    listed.rank = rank;
    notable.push(listed);
    if (listed.row.detail !== null) {
      this.#notableChars += listed.chars;
      this.#notableDetails++;
    }
    return true;
  }

  /** The page data of the file: the added requests plus `open` (still open or kept ones). */
  snapshot(
    open: readonly RequestRecord[],
    facts: FileFacts,
    clock: { now?: number | null; lastLineTime?: number | null } = {},
  ): ReportFile {
    // Open requests are judged as of now (silence); finished ones were judged as they ended.
    if (clock.now !== undefined) this.#detectContext.now = clock.now;
    if (clock.lastLineTime !== undefined) this.#detectContext.lastLineTime = clock.lastLineTime;
    const half = this.#maxRows / 2;
    const ringItems = this.#ring.items;
    const ringShown = this.#ring.latest(half);
    const leftOut = this.#leftOut + ringItems.length - ringShown.length;
    const rows = [...this.#notable.map((listed) => listed.row), ...this.#withItems(ringShown)];
    const findingCounts = { ...this.#findingCounts };
    const cost = { ...this.#cost };
    const requestTokens = this.#requestTokens.points();
    const contextFill = this.#contextFill.points();
    let order = this.#order;
    for (const record of open) {
      const findings = this.#findings(record, facts);
      const recordCost = this.#options.costOf?.(record) ?? null;
      for (const finding of findings) findingCounts[finding.severity]++;
      addCost(cost, recordCost);
      rows.push(this.#listed(record, findings, recordCost, true).row);
      if (record.tokens) requestTokens.push({ x: order, y: record.tokens.total });
      const fill = fillOf(record);
      if (fill !== null) contextFill.push({ x: order, y: fill * 100 });
      order++;
    }
    rows.sort((a, b) => a.firstLine - b.firstLine);
    const totals = facts.totals;
    const notes = fileNotes(facts);
    if (leftOut > 0) {
      notes.push(
        `${leftOut} of ${totals.requests} requests are not listed (they count in the totals and charts): the list keeps requests that did not complete or have warnings, and the latest ones`,
      );
    }
    const withoutDetail = rows.filter((row) => row.detail === null).length;
    if (withoutDetail > 0) {
      notes.push(
        `${withoutDetail} listed requests show no items, to keep the page small; \`codexmon parse FILE --check-request ID\` shows one in full`,
      );
    }
    return {
      path: facts.path,
      format: facts.format,
      codexVersion: facts.codexVersion,
      size: facts.size,
      lines: facts.lines,
      placement: facts.placement,
      totals: {
        requests: totals.requests,
        states: totals.states,
        tokens: totals.tokens,
        costUsd: cost.known > 0 ? cost.sum : null,
        costUnknown: cost.unknown,
        findings: findingCounts,
      },
      requests: withThreadFindingsOnLatest(rows),
      notes,
      charts: {
        threadTokens: this.#threadSeries(open, order - open.length),
        threadsLeftOut: this.#otherThreadRequests,
        requestTokens: { label: "request tokens", points: requestTokens },
        contextFill: { label: "context fill %", points: contextFill },
      },
    };
  }

  /** Rows of `listed`, the newest with their items while the budget lasts. */
  #withItems(listed: readonly Listed[]): ReportRequest[] {
    const rows = listed.map((item) => item.row);
    let chars = 0;
    for (let i = listed.length - 1; i >= 0; i--) {
      const record = (listed[i] as Listed).record;
      if (record === null) break;
      const detail = requestDetail(record, this.#clips);
      chars += detailSize(detail);
      if (chars > this.#detailChars / 2) break;
      rows[i] = { ...(rows[i] as ReportRequest), detail };
    }
    return rows;
  }

  #findings(record: RequestRecord, facts: Pick<FileFacts, "format" | "serverExited">): Finding[] {
    const context = this.#detectContext;
    context.analysis.format = facts.format;
    context.analysis.serverExited = facts.serverExited;
    return detectRequestStuck(record, context);
  }

  #count(record: RequestRecord, findings: readonly Finding[], cost: number | null): void {
    for (const finding of findings) this.#findingCounts[finding.severity]++;
    addCost(this.#cost, cost);
    const order = this.#order++;
    if (record.tokens) this.#requestTokens.push(order, record.tokens.total);
    const fill = fillOf(record);
    if (fill !== null) this.#contextFill.push(order, fill * 100);
    const thread = record.threadId;
    if (thread === null || !record.sessionTokens) return;
    let series = this.#threads.get(thread);
    if (series === undefined) {
      if (this.#threads.size >= THREADS_DRAWN) {
        this.#otherThreadRequests++;
        return;
      }
      series = new Downsampler();
      this.#threads.set(thread, series);
    }
    series.push(order, record.sessionTokens.total);
  }

  #threadSeries(open: readonly RequestRecord[], firstOrder: number): Series[] {
    const series = new Map<string, Series>();
    for (const [thread, sampler] of this.#threads) {
      series.set(thread, { label: thread, points: sampler.points() });
    }
    open.forEach((record, index) => {
      const thread = record.threadId;
      if (thread === null || !record.sessionTokens) return;
      let line = series.get(thread);
      if (line === undefined) {
        if (series.size >= THREADS_DRAWN) return;
        line = { label: thread, points: [] };
        series.set(thread, line);
      }
      line.points.push({ x: firstOrder + index, y: record.sessionTokens.total });
    });
    return [...series.values()];
  }

  #listed(
    record: RequestRecord,
    findings: readonly Finding[],
    cost: number | null,
    withDetail: boolean,
  ): Listed {
    const row = reportRequest(record, {
      findings,
      costUsd: cost,
      clips: withDetail ? this.#clips : null,
    });
    return { row, chars: detailSize(row.detail), record: null, rank: 0 };
  }
}

/** What a reader should know about the file itself: unknown format, a torn last line. */
function fileNotes(facts: FileFacts): string[] {
  const notes: string[] = [];
  if (facts.format === "unknown" && facts.lines.total > 0) {
    notes.push(
      "No Codex output recognised in this file (mcp-server, app-server, exec --json or rollout)",
    );
  }
  if (facts.lines.tooLong > 0) {
    notes.push(`${facts.lines.tooLong} lines longer than the line limit were skipped unread`);
  }
  if (facts.lines.incomplete > 0) {
    notes.push("The file ends with an incomplete line (still being written?): it is not counted");
  }
  return notes;
}

/** How much a request deserves a place in the list (lower first), or null when it does not. */
function notableRank(record: RequestRecord, findings: readonly Finding[]): number | null {
  if (findings.some((finding) => finding.severity === "stuck")) return 0;
  const state = record.state;
  if (state === "running" || state === "awaiting_approval" || state === "no_response") return 1;
  const warned = findings.some((finding) =>
    finding.severity === "warning" && !THREAD_KINDS.has(finding.kind)
  );
  return warned || state !== "completed" ? 2 : null;
}

function fillOf(record: RequestRecord): number | null {
  return record.lastTokenUsage && record.contextWindow
    ? record.lastTokenUsage.total / record.contextWindow
    : null;
}

function addCost(cost: { sum: number; known: number; unknown: number }, value: number | null) {
  if (value === null) cost.unknown++;
  else {
    cost.sum += value;
    cost.known++;
  }
}

/** Thread-level findings stay on the latest listed request of each thread only (as `parse --stuck`). */
function withThreadFindingsOnLatest(rows: ReportRequest[]): ReportRequest[] {
  const latest = new Map<string, ReportRequest>();
  for (const row of rows) {
    const thread = row.threadId ?? `request:${row.key}`;
    const seen = latest.get(thread);
    if (seen === undefined || row.lastLine > seen.lastLine) latest.set(thread, row);
  }
  return rows.map((row) => {
    if (latest.get(row.threadId ?? `request:${row.key}`) === row) return row;
    if (!row.findings.some((finding) => THREAD_KINDS.has(finding.kind))) return row;
    return { ...row, findings: row.findings.filter((finding) => !THREAD_KINDS.has(finding.kind)) };
  });
}
