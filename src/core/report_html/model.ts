/**
 * The data of an HTML report: what the page's script renders, as plain JSON. Built from the
 * same {@linkcode RequestRecord}s `parse` shows, clipped and downsampled so a page stays small.
 *
 * @module
 */

import type { FindingKind, Severity } from "../stuck/mod.ts";
import type { Format, LineCounts, RequestState, StateCounts, TokenUsage } from "../model/mod.ts";

/** How the timeline places spans: by arrival time (side file), by rollout timestamps, by line. */
export type Placement = "arrival" | "relative" | "rollout" | "line";

/** Kinds of timeline spans and detail items. */
export type ItemKind =
  | "reasoning"
  | "message"
  | "command"
  | "patch"
  | "approval"
  | "error"
  | "retry";

/** A text clipped for the page, with the length it had. */
export interface ClippedText {
  text: string;
  /** Characters of the full text (equal to `text.length` when nothing was cut). */
  length: number;
}

/** One reasoning block, message, command, patch, approval, error or retry of a request. */
export interface ReportItem {
  kind: ItemKind;
  line: number;
  /** Last line of a span (command and patch ends), `null` for points and open spans. */
  endLine: number | null;
  /** Arrival time (ms) when known, see {@linkcode ReportFile.placement}. */
  time: number | null;
  endTime: number | null;
  /** A one-line title: the command, the patched files, the error kind. */
  title: string;
  body: ClippedText;
  exitCode?: number | null;
  durationMs?: number | null;
  success?: boolean | null;
}

/** One finding of the stuck detectors, next to the request it is about. */
export interface ReportFinding {
  kind: FindingKind;
  severity: Severity;
  reason: string;
  suggestion: string;
  lines: number[];
}

/** Counts of a request's items (also of those its record no longer holds). */
export interface ItemCounts {
  reasoning: number;
  messages: number;
  commands: number;
  failedCommands: number;
  patches: number;
  errors: number;
  retries: number;
  approvals: number;
}

/** What the page shows of one request or turn. */
export interface ReportRequest {
  /** The request key, unique within its file. */
  key: string;
  tool: string | null;
  threadId: string | null;
  model: string | null;
  state: RequestState;
  firstLine: number;
  lastLine: number;
  firstTime: number | null;
  lastTime: number | null;
  durationMs: number | null;
  /** The request's own tokens. */
  tokens: TokenUsage | null;
  /** The thread's cumulative total as of this request. */
  threadTokens: number | null;
  /** Last model call's total over the context window, 0..1. */
  contextFill: number | null;
  contextWindow: number | null;
  /** Cost in US dollars when a price is known for the model (see `ReportOptions.costOf`), else null: shown as "unknown". */
  costUsd: number | null;
  counts: ItemCounts;
  findings: ReportFinding[];
  /** Items and final answer; `null` when left out to keep the page small. */
  detail: ReportDetail | null;
}

/** The items of a request, in line order. */
export interface ReportDetail {
  items: ReportItem[];
  /** Items the page leaves out (beyond the record's own caps, which `counts` show). */
  itemsLeftOut: number;
  /** The user's message that started the request, when the output shows it. */
  prompt: (ClippedText & { line: number }) | null;
  finalMessage: ClippedText | null;
}

/** A point of a chart series. */
export interface SeriesPoint {
  /** Request order (0-based) in the file. */
  x: number;
  y: number;
}

/** One line of a chart. */
export interface Series {
  label: string;
  points: SeriesPoint[];
}

/** Charts of one file: downsampled to a few hundred points each. */
export interface ReportCharts {
  /** Per thread: its cumulative total after each of its requests. */
  threadTokens: Series[];
  /** Threads not drawn (beyond the first few). */
  threadsLeftOut: number;
  /** Each request's own total. */
  requestTokens: Series;
  /** Each request's context fill in percent. */
  contextFill: Series;
}

/** Everything about one file of the report. */
export interface ReportFile {
  path: string;
  format: Format;
  codexVersion: string | null;
  size: number;
  lines: LineCounts;
  placement: Placement;
  /** Every request of the file, listed or not. */
  totals: {
    requests: number;
    states: StateCounts;
    tokens: TokenUsage;
    /** Sum over requests with a known cost; `null` when no request has one. */
    costUsd: number | null;
    /** Requests whose cost is unknown. */
    costUnknown: number;
    findings: Record<Severity, number>;
  };
  /** The listed requests in line order: all of them, or on big input the notable and the latest. */
  requests: ReportRequest[];
  /** Why some requests or details are not listed (empty when all are). */
  notes: string[];
  charts: ReportCharts;
}

/** The thresholds drawn as lines on the token charts. */
export interface ReportThresholds {
  tokenTotalWarning: number;
  tokenGrowthWarning: number;
  contextFillMaxRatio: number;
}

/** The whole report. */
export interface ReportData {
  title: string;
  /** When the data was built (ms since epoch), given by the caller. */
  generatedAt: number;
  thresholds: ReportThresholds;
  files: ReportFile[];
  /** True on a page served by `report --serve`: it listens for updates. */
  live: boolean;
}
