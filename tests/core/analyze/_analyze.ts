/** Test helpers: feed fixture files to the Analyzer, and plain oracles computed with JSON.parse. */

import { Analyzer, type AnalyzerOptions } from "../../../src/core/analyze/analyzer.ts";
import type { Analysis, Entry } from "../../../src/core/model/types.ts";

/** The repository's `fixtures/` folder. */
export const FIXTURES = new URL("../../../fixtures/", import.meta.url);

/** The captures of both mcp-server versions. */
export const CAPTURES: readonly string[] = [
  ...[
    "apply-patch",
    "approval-approved",
    "approval-noanswer",
    "big-output",
    "http-429",
    "http-500",
    "interleaved",
    "multi-turn",
    "no-initialize",
    "protocol-errors",
    "rust-log-info",
    "shell",
    "simple",
    "stall",
    "stall-timeout",
    "stuck-loop",
  ].map((name) => `codex-0.47.0/${name}.jsonl`),
  ...[
    "approval-noanswer",
    "http-500",
    "interleaved",
    "multi-turn",
    "no-initialize",
    "shell",
    "simple",
    "startup-codex-home-in-tmp",
  ].map((name) => `codex-0.153.4/${name}.jsonl`),
];

/** Splits bytes on 0x0A: complete lines (CR stripped) and a torn tail, if any. */
export function splitLines(
  bytes: Uint8Array,
): { lines: Uint8Array[]; incomplete: Uint8Array | null } {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    const end = i > start && bytes[i - 1] === 0x0d ? i - 1 : i;
    lines.push(bytes.subarray(start, end));
    start = i + 1;
  }
  return { lines, incomplete: start < bytes.length ? bytes.subarray(start) : null };
}

/** Reads a file under `fixtures/`. */
export function readFixture(path: string): Uint8Array {
  return Deno.readFileSync(new URL(path, FIXTURES));
}

/** Options for {@linkcode analyzeBytes}. */
export interface AnalyzeOptions extends AnalyzerOptions {
  /** Arrival time per 1-based line. */
  times?: (line: number) => number | null;
}

/** Feeds `bytes` line by line; entries are collected when `detail` is full. */
export function analyzeBytes(
  bytes: Uint8Array,
  options: AnalyzeOptions = {},
): { analysis: Analysis; entries: Entry[] } {
  const entries: Entry[] = [];
  const analyzer = new Analyzer({
    ...(options.detail === undefined ? {} : { detail: options.detail }),
    ...(options.detail === "full" ? { onEntry: (entry: Entry) => entries.push(entry) } : {}),
    ...(options.keepFinished === undefined ? {} : { keepFinished: options.keepFinished }),
    ...(options.onRequestDone === undefined ? {} : { onRequestDone: options.onRequestDone }),
    ...(options.listFinished === undefined ? {} : { listFinished: options.listFinished }),
  });
  const { lines, incomplete } = splitLines(bytes);
  // One meta object for all lines, as the real reader does: the analyzer must copy.
  const meta = { line: 0, time: null as number | null };
  lines.forEach((line, index) => {
    meta.line = index + 1;
    meta.time = options.times?.(index + 1) ?? null;
    // A copy that is then overwritten: `bytes` is only valid during the call.
    const view = line.slice();
    analyzer.pushLine(view, meta);
    view.fill(0x20);
  });
  if (incomplete !== null) analyzer.pushIncomplete(incomplete, { line: lines.length + 1 });
  return { analysis: analyzer.finish(), entries };
}

/** Feeds a fixture file. */
export function analyzeFixture(
  path: string,
  options: AnalyzeOptions = {},
): { analysis: Analysis; entries: Entry[] } {
  return analyzeBytes(readFixture(path), options);
}

/** A parsed line of a fixture, or `null` for text lines. */
export function parsedLines(path: string): (Record<string, unknown> | null)[] {
  const decoder = new TextDecoder();
  return splitLines(readFixture(path)).lines.map((line) => {
    try {
      const value: unknown = JSON.parse(decoder.decode(line));
      return typeof value === "object" && value !== null ? value as Record<string, unknown> : null;
    } catch {
      return null;
    }
  });
}

interface PlainEvent {
  requestKey: string;
  msg: Record<string, unknown>;
}

/** The `codex/event` lines of a fixture, parsed plainly. */
export function plainEvents(path: string): PlainEvent[] {
  return parsedLines(path).flatMap((value) => {
    if (value === null || value.method !== "codex/event") return [];
    const params = value.params as {
      _meta: { requestId: number | string };
      msg: Record<string, unknown>;
    };
    return [{ requestKey: JSON.stringify(params._meta.requestId), msg: params.msg }];
  });
}

/** Counts of `msg.type` over the `codex/event` lines. */
export function plainEventCounts(path: string, requestKey?: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of plainEvents(path)) {
    if (requestKey !== undefined && event.requestKey !== requestKey) continue;
    const type = String(event.msg.type);
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** The last `info.total_token_usage.total_tokens` of a request, or `null`. */
export function plainLastTotal(path: string, requestKey: string): number | null {
  let total: number | null = null;
  for (const event of plainEvents(path)) {
    const info = event.msg.info as
      | { total_token_usage?: { total_tokens: number } }
      | null
      | undefined;
    if (
      event.requestKey === requestKey && event.msg.type === "token_count" && info?.total_token_usage
    ) {
      total = info.total_token_usage.total_tokens;
    }
  }
  return total;
}

/** The arrival times (`ms`) of a capture's `.timing.jsonl`, by line. */
export function captureTimes(path: string): Map<number, number> {
  const timingPath = path.replace(/\.jsonl$/, ".timing.jsonl");
  const times = new Map<number, number>();
  for (const value of parsedLines(timingPath)) {
    if (value !== null && typeof value.line === "number" && typeof value.ms === "number") {
      times.set(value.line, value.ms);
    }
  }
  return times;
}

/**
 * What must not depend on the path a line took, byte reader or parse (kept text lines do:
 * they hold the oracle's leading space; reasoning does: only parsing reads it in the summary).
 */
export function pathFacts(analysis: Analysis) {
  return {
    // Reasoning and the prompt are kept text, which depends on the path a line took.
    requests: analysis.requests.map(({ prompt: _prompt, ...record }) => ({
      ...record,
      reasoning: [],
    })),
    eventCounts: analysis.eventCounts,
    lines: analysis.lines,
    codexVersion: analysis.codexVersion,
    totals: analysis.totals,
    omittedRequests: analysis.omittedRequests,
  };
}
