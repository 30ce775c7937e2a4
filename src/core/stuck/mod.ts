/**
 * Stuck detection: turns an {@linkcode Analysis} (plus "now" and the file's mtime) into
 * findings with reasons, evidence and suggestions. Pure: never reads files or clocks, so the
 * same engine serves `parse --stuck` on a finished file and `watch --stuck` live.
 *
 * @module
 */

import { DEFAULT_STUCK_THRESHOLDS, type StuckThresholds } from "../config/mod.ts";
import { EXIT } from "../exit_codes.ts";
import type { Analysis, RequestRecord } from "../model/mod.ts";
import { detectAwaitingApproval } from "./awaiting_approval.ts";
import { detectNoResponse } from "./no_response.ts";
import { detectRepeatedCommand } from "./repeated_command.ts";
import { detectRequestFailed } from "./request_failed.ts";
import { detectRetryStorm } from "./retry_storm.ts";
import { detectSilence } from "./silence.ts";
import { detectSimilarReasoning } from "./similar_reasoning.ts";
import { detectThinkingWithoutActing } from "./thinking_without_acting.ts";
import { detectRequestTokenBudget, detectTokenBudget } from "./token_budget.ts";
import { detectRateLimits } from "./rate_limit.ts";
import {
  type DetectContext,
  type DetectOptions,
  type Finding,
  FINDING_KINDS,
  type FindingKind,
} from "./types.ts";

export type {
  DetectContext,
  DetectOptions,
  Evidence,
  Finding,
  FindingKind,
  Severity,
} from "./types.ts";
export { FINDING_KINDS, MAX_EVIDENCE_LINES } from "./types.ts";

type RequestDetector = (request: RequestRecord, context: DetectContext) => Finding[];

const REQUEST_DETECTORS: readonly RequestDetector[] = [
  detectRepeatedCommand,
  detectSimilarReasoning,
  detectThinkingWithoutActing,
  detectRetryStorm,
  detectRequestFailed,
  detectAwaitingApproval,
  detectSilence,
  detectNoResponse,
];

/** Runs every detector over every request; findings come most severe first (see {@linkcode compareFindings}). */
export function detectStuck(analysis: Analysis, options: DetectOptions = {}): Finding[] {
  const context = detectContext(analysis, options);
  const findings: Finding[] = [];
  for (const request of analysis.requests) {
    for (const detect of REQUEST_DETECTORS) findings.push(...detect(request, context));
  }
  findings.push(...detectTokenBudget(analysis, context));
  findings.push(...detectRateLimits(analysis, options.rateLimits ?? []));
  const firstLines = new Map(analysis.requests.map((request) => [request.key, request.firstLine]));
  return findings.sort((a, b) => compareFindings(a, b, firstLines));
}

/** The context the detectors share: `options` with every missing threshold at its default. */
export function detectContext(analysis: Analysis, options: DetectOptions = {}): DetectContext {
  const thresholds: StuckThresholds = { ...DEFAULT_STUCK_THRESHOLDS };
  for (const [key, value] of Object.entries(options.thresholds ?? {})) {
    if (value !== undefined && Object.hasOwn(thresholds, key)) {
      thresholds[key as keyof StuckThresholds] = value;
    }
  }
  return {
    analysis,
    thresholds,
    now: options.now ?? null,
    lastLineTime: options.lastLineTime ?? null,
  };
}

/**
 * The findings of one request, judged alone (its thread's checks as of this request), most
 * severe first: what {@linkcode detectStuck} gives for it when it is its thread's latest. For
 * callers that see requests one at a time (the report); `context` is built once.
 */
export function detectRequestStuck(request: RequestRecord, context: DetectContext): Finding[] {
  const findings: Finding[] = [];
  for (const detect of REQUEST_DETECTORS) findings.push(...detect(request, context));
  findings.push(...detectRequestTokenBudget(request, context));
  return findings.length < 2 ? findings : findings.sort((a, b) => compareFindings(a, b));
}

/**
 * Most severe first: `stuck`, then `awaiting_approval`, then other warnings, then `info`; ties
 * by the request's first line, then by kind in {@linkcode FINDING_KINDS} order.
 */
export function compareFindings(
  a: Finding,
  b: Finding,
  firstLines: ReadonlyMap<string, number> = new Map(),
): number {
  return severityRank(a) - severityRank(b) ||
    (firstLines.get(a.key) ?? 0) - (firstLines.get(b.key) ?? 0) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}

/** 0 for stuck, 1 for needs approval, 2 for other warnings, 3 for info. */
export function severityRank(finding: Finding): number {
  if (finding.severity === "stuck") return 0;
  if (finding.kind === "awaiting_approval") return 1;
  return finding.severity === "warning" ? 2 : 3;
}

const KIND_ORDER = Object.fromEntries(
  FINDING_KINDS.map((kind, index) => [kind, index]),
) as Record<FindingKind, number>;

/** 3 when any finding is stuck, else 4 when any request needs approval, else 0. */
export function verdictExitCode(findings: readonly Finding[]): 0 | 3 | 4 {
  if (findings.some((finding) => finding.severity === "stuck")) return EXIT.stuck;
  if (findings.some((finding) => finding.kind === "awaiting_approval")) return EXIT.needsApproval;
  return EXIT.ok;
}
