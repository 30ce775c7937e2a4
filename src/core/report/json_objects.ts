/** The `--json` NDJSON schema: plain objects built from the model. README documents every field. */

import type { Analysis, Entry, RequestRecord, RequestTotals } from "../model/mod.ts";
import { cacheHitRate, contextFill, requestTotals, shortIdOf } from "../request/mod.ts";
import { analysisCost, DEFAULT_PRICE_TABLE, type PriceTable, requestCost } from "../pricing/mod.ts";

/** Options shared by the object builders. */
export interface JsonContext {
  /** The file the objects describe (labelled when several files are parsed). */
  file: string;
  codexVersion: string | null;
  /** Prices for `costUsd` (default: the shipped table). */
  prices?: PriceTable;
}

/** A `type: "request"` object. */
export function requestObject(
  request: RequestRecord,
  context: JsonContext,
): Record<string, unknown> {
  return {
    type: "request",
    file: context.file,
    requestId: request.requestId,
    key: request.key,
    shortId: shortIdOf(request.key),
    tool: request.tool,
    state: request.state,
    threadId: request.threadId,
    turnId: request.turnId,
    model: request.model,
    cwd: request.cwd,
    rolloutPath: request.rolloutPath,
    codexVersion: context.codexVersion,
    firstLine: request.firstLine,
    lastLine: request.lastLine,
    endLine: request.endLine,
    firstTime: request.firstTime,
    lastTime: request.lastTime,
    lastEventType: request.lastEventType,
    finalMessage: request.finalMessage,
    tokens: request.tokens,
    costUsd: requestCost(request, context.prices ?? DEFAULT_PRICE_TABLE),
    sessionTokens: request.sessionTokens,
    lastTokenUsage: request.lastTokenUsage,
    contextWindow: request.contextWindow,
    contextFill: contextFill(request),
    cacheHitRate: cacheHitRate(request.sessionTokens),
    commands: request.commands.map((command) => ({
      command: command.command,
      callId: command.callId,
      cwd: command.cwd,
      exitCode: command.exitCode,
      durationMs: command.durationMs,
      output: command.output,
      line: command.beginLine,
      endLine: command.endLine,
    })),
    patches: request.patches.map((patch) => ({
      callId: patch.callId,
      files: patch.files,
      success: patch.success,
      line: patch.beginLine,
    })),
    reasoning: request.reasoning.map((block) => block.text),
    messages: request.messages.map((message) => message.text),
    errors: request.errors.map((error) => ({ ...error })),
    approvals: request.approvals.map((approval) => ({ ...approval })),
    eventCounts: request.eventCounts,
  };
}

/**
 * The `type: "summary"` object that ends each file's output. Its counts and tokens cover every
 * request of the file, also those streamed earlier and no longer in `analysis.requests`.
 */
export function summaryObject(analysis: Analysis, context: JsonContext): Record<string, unknown> {
  const totals = analysis.totals ?? requestTotals(analysis.requests);
  return {
    type: "summary",
    file: context.file,
    format: analysis.format,
    codexVersion: analysis.codexVersion,
    requests: totals.requests,
    states: totals.states,
    tokens: totals.tokens,
    costUsd: analysisCost(analysis, context.prices ?? DEFAULT_PRICE_TABLE),
    lines: analysis.lines,
    skippedLines: analysis.lines.text + analysis.lines.other + analysis.lines.tooLong,
    incompleteLines: analysis.lines.incomplete,
    longLines: analysis.longLines,
    serverExited: analysis.serverExited,
    eventCounts: analysis.eventCounts,
  };
}

/** What a read from the end of a file covered. */
export interface PartialRead {
  /** True when the read reached the start of the file. */
  whole: boolean;
  /** The first line read, or `null` when none was. */
  firstLine: number | null;
}

/**
 * The summary of a `--last` read: what the lines read show, marked `partial` unless the whole
 * file was read. Totals the read did not see (request counts, tokens, server exit) are `null`.
 */
export function partialSummaryObject(
  analysis: Analysis,
  context: JsonContext,
  read: PartialRead,
): Record<string, unknown> {
  const summary = summaryObject(analysis, context);
  if (read.whole) return { ...summary, partial: false };
  return {
    ...summary,
    partial: true,
    requests: null,
    states: null,
    tokens: null,
    serverExited: analysis.serverExited ? true : null,
    firstLineRead: read.firstLine,
  };
}

/** The `type: "total"` object after several inputs: their totals added up. */
export function totalObject(totals: RequestTotals, files: number): Record<string, unknown> {
  return {
    type: "total",
    files,
    requests: totals.requests,
    states: totals.states,
    tokens: totals.tokens,
  };
}

/** A `type: "entry"` object (views such as `--last`, `--reasoning`). */
export function entryObject(entry: Entry, context: JsonContext): Record<string, unknown> {
  return {
    type: "entry",
    file: context.file,
    kind: entry.kind,
    key: entry.key,
    shortId: entry.key === null ? null : shortIdOf(entry.key),
    line: entry.line,
    time: entry.time,
    eventType: entry.type,
    text: entry.text,
    ...(entry.exitCode === undefined ? {} : { exitCode: entry.exitCode }),
  };
}
