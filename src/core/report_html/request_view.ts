/** One {@linkcode RequestRecord} as the report shows it: counts, findings, clipped items. */

import { commandLine } from "../request/mod.ts";
import { clipHead, clipTail, type RequestRecord } from "../model/mod.ts";
import type { Finding } from "../stuck/mod.ts";
import type {
  ClippedText,
  ItemCounts,
  ReportDetail,
  ReportFinding,
  ReportItem,
  ReportRequest,
} from "./model.ts";

/** How much of a request's texts a page keeps. */
export interface ClipLimits {
  /** Characters of one reasoning block, message or error (head kept). */
  text: number;
  /** Characters of a command's output (tail kept). */
  output: number;
  /** Characters of the final answer. */
  finalMessage: number;
  /** Items listed per request: the first few and the latest. */
  items: number;
}

/** Limits of a page with few requests. */
export const ROOMY_CLIPS: Readonly<ClipLimits> = {
  text: 8000,
  output: 2000,
  finalMessage: 20_000,
  items: 1000,
};

/** Limits once a page lists many requests (big input). */
export const TIGHT_CLIPS: Readonly<ClipLimits> = {
  text: 600,
  output: 600,
  finalMessage: 2000,
  items: 60,
};

/** Options for {@linkcode reportRequest}. */
export interface ReportRequestOptions {
  findings: readonly Finding[];
  /** The request's cost in US dollars when known; `null` shows "unknown". */
  costUsd: number | null;
  /** Clip limits for the items, or `null` to leave the detail out. */
  clips: Readonly<ClipLimits> | null;
}

/** The page's view of `record`. */
export function reportRequest(record: RequestRecord, options: ReportRequestOptions): ReportRequest {
  const fill = record.lastTokenUsage && record.contextWindow
    ? record.lastTokenUsage.total / record.contextWindow
    : null;
  const duration = record.firstTime !== null && record.lastTime !== null
    ? record.lastTime - record.firstTime
    : null;
  return {
    key: record.key,
    tool: record.tool,
    threadId: record.threadId,
    model: record.model,
    state: record.state,
    firstLine: record.firstLine,
    lastLine: record.lastLine,
    firstTime: record.firstTime,
    lastTime: record.lastTime,
    durationMs: duration,
    tokens: record.tokens,
    threadTokens: record.sessionTokens?.total ?? null,
    contextFill: fill,
    contextWindow: record.contextWindow,
    costUsd: options.costUsd,
    counts: itemCounts(record),
    findings: options.findings.map(reportFinding),
    detail: options.clips === null ? null : requestDetail(record, options.clips),
  };
}

function itemCounts(record: RequestRecord): ItemCounts {
  const retries = record.errors.filter((error) => error.attempt !== undefined).length;
  return {
    reasoning: record.reasoning.length,
    messages: record.messages.length,
    commands: record.commands.length,
    failedCommands: record.commands.filter((command) => (command.exitCode ?? 0) !== 0).length,
    patches: record.patches.length,
    errors: record.errors.length - retries,
    retries,
    approvals: record.approvals.length,
  };
}

function reportFinding(finding: Finding): ReportFinding {
  return {
    kind: finding.kind,
    severity: finding.severity,
    reason: finding.reason,
    suggestion: finding.suggestion,
    lines: finding.evidence.lines,
  };
}

function clipped(text: string, max: number, keep: "head" | "tail" = "head"): ClippedText {
  return { text: keep === "head" ? clipHead(text, max) : clipTail(text, max), length: text.length };
}

/** Every item of `record` in line order, texts clipped, at most `clips.items` of them. */
export function requestDetail(record: RequestRecord, clips: Readonly<ClipLimits>): ReportDetail {
  const items: ReportItem[] = [];
  const point = { endLine: null, endTime: null };
  for (const block of record.reasoning) {
    const body = clipped(block.text, clips.text);
    items.push({ kind: "reasoning", line: block.line, time: null, ...point, title: "", body });
  }
  for (const message of record.messages) {
    const body = clipped(message.text, clips.text);
    items.push({ kind: "message", line: message.line, time: null, ...point, title: "", body });
  }
  for (const command of record.commands) {
    const end = command.beginTime !== null && command.durationMs !== null
      ? command.beginTime + command.durationMs
      : null;
    items.push({
      kind: "command",
      line: command.beginLine,
      endLine: command.endLine,
      time: command.beginTime,
      endTime: end,
      title: clipHead(commandLine(command.command), 300),
      body: clipped(command.output, clips.output, "tail"),
      exitCode: command.exitCode,
      durationMs: command.durationMs,
    });
  }
  for (const patch of record.patches) {
    items.push({
      kind: "patch",
      line: patch.beginLine,
      endLine: patch.endLine,
      time: null,
      endTime: null,
      title: clipHead(patch.files.join(", ") || "patch", 300),
      body: clipped(patch.files.join("\n"), clips.text),
      success: patch.success,
    });
  }
  for (const approval of record.approvals) {
    const what = approval.command ? commandLine(approval.command) : approval.message;
    items.push({
      kind: "approval",
      line: approval.line,
      time: approval.time,
      ...point,
      title: `${approval.kind} approval${approval.resolved ? "" : " (unanswered)"}`,
      body: clipped(what, clips.text),
    });
  }
  for (const error of record.errors) {
    const retry = error.attempt !== undefined;
    const counter = retry ? ` ${error.attempt}/${error.maxAttempts ?? "?"}` : "";
    items.push({
      kind: retry ? "retry" : "error",
      line: error.line,
      time: null,
      ...point,
      title: `${error.kind}${counter}`,
      body: clipped(error.message, clips.text),
    });
  }
  items.sort((a, b) => a.line - b.line);
  const kept = keepEnds(items, clips.items);
  return {
    items: kept,
    itemsLeftOut: items.length - kept.length,
    prompt: record.prompt === undefined
      ? null
      : { ...clipped(record.prompt.text, clips.text), line: record.prompt.line },
    finalMessage: record.finalMessage === null
      ? null
      : clipped(record.finalMessage, clips.finalMessage),
  };
}

/** The first fifth and the rest from the end, when there are more than `max`. */
function keepEnds<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const head = Math.floor(max / 5);
  return [...items.slice(0, head), ...items.slice(items.length - (max - head))];
}

/** Characters a detail holds: what the page budget counts. */
export function detailSize(detail: ReportDetail | null): number {
  if (detail === null) return 0;
  let size = (detail.finalMessage?.text.length ?? 0) + (detail.prompt?.text.length ?? 0);
  for (const item of detail.items) size += item.body.text.length + item.title.length + 80;
  return size;
}
