/** What the stuck detectors produce and what they get. */

import type { StuckThresholds } from "../config/mod.ts";
import type { Analysis, RequestId } from "../model/mod.ts";
import type { RateLimitWindow } from "../usage/mod.ts";

/** How bad a finding is; `stuck` drives exit code 3. */
export type Severity = "info" | "warning" | "stuck";

/** Every finding kind, in the order docs/stuck.md lists them. */
export type FindingKind =
  | "repeated_command"
  | "repeated_failure"
  | "similar_reasoning"
  | "thinking_without_acting"
  | "retry_storm"
  | "retries_exhausted"
  | "request_failed"
  | "awaiting_approval"
  | "silence"
  | "long_command"
  | "no_response"
  | "token_total"
  | "token_growth"
  | "cache_hit_low"
  | "context_full"
  | "rate_limit";

/** The kinds in documentation order (also the tie-break order of sorting). */
export const FINDING_KINDS: readonly FindingKind[] = [
  "repeated_command",
  "repeated_failure",
  "similar_reasoning",
  "thinking_without_acting",
  "retry_storm",
  "retries_exhausted",
  "request_failed",
  "awaiting_approval",
  "silence",
  "long_command",
  "no_response",
  "token_total",
  "token_growth",
  "cache_hit_low",
  "context_full",
  "rate_limit",
];

/** What a finding points at. */
export interface Evidence {
  /** 1-based line numbers in the file (at most {@linkcode MAX_EVIDENCE_LINES}: the first and last ones). */
  lines: number[];
  /** The repeated command, the reasoning excerpt, the error message... */
  text?: string;
}

/** One thing the detectors noticed about one request. */
export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** The request key ({@linkcode RequestRecord.key}). */
  key: string;
  requestId: RequestId;
  /** One line saying what was seen, with the numbers. */
  reason: string;
  evidence: Evidence;
  /** What the user can do about it. */
  suggestion: string;
  /** True when a time in the reason is an estimate (file modification time, averaged rate). */
  estimate?: boolean;
}

/** Options for `detectStuck`. */
export interface DetectOptions {
  /** Thresholds from config and flags; missing keys take their defaults. */
  thresholds?: Partial<StuckThresholds> | undefined;
  /** "now" in ms since epoch for silence detection; `null` or absent when unknown (no silence checks). */
  now?: number | null | undefined;
  /** For a finished file without arrival times: its mtime, used as the time of its last line (an estimate). */
  lastLineTime?: number | null | undefined;
  /** The rate-limit windows Codex last reported for the file (a warning at 90% or more). */
  rateLimits?: readonly RateLimitWindow[] | undefined;
}

/** What every detector gets besides the request. */
export interface DetectContext {
  analysis: Analysis;
  thresholds: StuckThresholds;
  now: number | null;
  lastLineTime: number | null;
}

/** The most evidence lines a finding keeps. */
export const MAX_EVIDENCE_LINES = 20;
