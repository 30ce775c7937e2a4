/** `codexmon parse FILE...`: wiring of flags to views. */

import { type Command, Option } from "@commander-js/extra-typings";
import { Analyzer } from "../core/analyze/mod.ts";
import {
  type Analysis,
  type Entry,
  ENTRY_KINDS,
  type EntryKind,
  parseRequestIdArg,
  requestKey,
  type RequestRecord,
} from "../core/model/mod.ts";
import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { UsageError } from "../core/errors.ts";
import {
  buildDigest,
  DEFAULT_DIGEST_CHARS,
  entryObject,
  findingNotes,
  requestObject,
  summaryObject,
} from "../core/report/mod.ts";
import { analyzeFile, type FileAnalysis } from "../io/analyze_file.ts";
import { readTail } from "../io/tail_lines.ts";
import { serverGoneBeside } from "../session/record_beside.ts";
import { type Colors, createColors, shouldColor } from "../ui/colors.ts";
import { renderEntry, renderTimelineEntry } from "../ui/entry_view.ts";
import { createProgress, NO_PROGRESS, type Progress } from "../ui/progress.ts";
import { renderEventCounts, renderRequestCard, renderRequestStats } from "../ui/request_view.ts";
import { renderSummary } from "../ui/summary_view.ts";
import { terminalWidth, type TerminalWidthOptions } from "../ui/terminal.ts";
import type { CliContext } from "./context.ts";
import { resolveFileArguments } from "./codex_home_options.ts";
import { readLastRateLimits } from "../io/rate_limits_reader.ts";
import { rateLimitLines } from "../ui/rate_limits_view.ts";
import { rateLimitsObject } from "../core/usage/mod.ts";
import { commaList, positiveInt } from "./options.ts";
import {
  collectThreshold,
  resolveThresholds,
  STUCK_OPTIONS,
  type StuckOptionValues,
} from "./stuck_options.ts";
import type { StuckThresholds } from "../core/config/mod.ts";
import { detectStuck, verdictExitCode } from "../core/stuck/mod.ts";
import { findingJson, renderFindings } from "../ui/findings.ts";

// Files above this size show a progress line (on a TTY only).
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;
// The default summary lists this many finished requests (the latest); totals cover all of them.
const SUMMARY_ROWS = 1000;
// Finished requests held back before they are printed (`--json`) or listed from their final
// records, in case a later line still names one.
const JSON_HOLD_BACK = 16;

/** Registers `parse` on `program`. */
export function registerParse(program: Command, context: CliContext): void {
  program
    .command("parse")
    .description("Summarise Codex output files: requests, states, answers, tokens, commands")
    .argument("[files...]", "Codex output files, rollouts or session id prefixes (see ls)")
    .option("--latest", "also parse the newest Codex session of $CODEX_HOME")
    .option("--last <n>", "show the last N events (read from the end of the file)", positiveInt)
    .option("--last-lines <n>", "show the last N raw lines, non-JSON lines included", positiveInt)
    .option("--reasoning", "show reasoning")
    .option("--commands", "show commands and their results")
    .option("--messages", "show agent messages")
    .option("--types <kinds>", `show only these kinds: ${ENTRY_KINDS.join(",")}`, commaList)
    .option("--last-of-type <kind>", "show only the last entry of this kind")
    .option("--timeline", "show entries as a timeline, one line each")
    .option("--compact", "one line per entry")
    .option("--summary", "show counts of event types and lines")
    .option("--request-id <id>", "only this request (7 is a number, '\"7\"' a string id)")
    .option("--request-stats", "show event statistics per request")
    .option("--check-request <id>", "show one request in detail; exit code by its state")
    .option("--digest", "a compact plain-text digest per request, for an LLM reader")
    .option("--max-chars <n>", "digest budget in characters", positiveInt, DEFAULT_DIGEST_CHARS)
    .option("--stuck", "detect stuck requests; exit 3 when stuck, 4 when awaiting approval")
    .option(STUCK_OPTIONS[0][0], STUCK_OPTIONS[0][1])
    .option(STUCK_OPTIONS[1][0], STUCK_OPTIONS[1][1])
    .option(STUCK_OPTIONS[2][0], STUCK_OPTIONS[2][1])
    .option(STUCK_OPTIONS[3][0], STUCK_OPTIONS[3][1])
    .option("--threshold <key=value>", "set any stuck threshold (repeatable)", collectThreshold)
    .option("--json", "NDJSON output: request, entry and summary objects")
    .option("--no-color", "never use colours")
    .addOption(new Option("--stderr", "show non-JSON (stderr) lines in entry views"))
    .addOption(
      new Option("--format <format>", "read the files as this format (default: detect)").choices(
        ["mcp-server", "app-server", "exec-json", "rollout"] as const,
      ),
    )
    .action(async (files, options) => {
      files = await resolveFileArguments(files, options, context);
      context.exitCode = await runParse(files, options, context);
    });
}

/** The parsed flags of `parse`. */
export interface ParseFlags extends StuckOptionValues {
  latest?: true;
  last?: number;
  lastLines?: number;
  reasoning?: true;
  commands?: true;
  messages?: true;
  types?: string[];
  lastOfType?: string;
  timeline?: true;
  compact?: true;
  summary?: true;
  requestId?: string;
  requestStats?: true;
  checkRequest?: string;
  digest?: true;
  maxChars: number;
  stuck?: true;
  json?: true;
  color: boolean;
  stderr?: true;
  format?: "mcp-server" | "app-server" | "exec-json" | "rollout";
}

interface ParsePlan {
  kinds: Set<EntryKind> | null;
  lastOfType: EntryKind | null;
  entryView: boolean;
  requestKey: string | null;
  checkKey: string | null;
  colors: Colors;
  width: number;
  /** Set with --stuck. */
  thresholds: StuckThresholds | null;
}

/** Runs `parse` and returns its exit code. */
export async function runParse(
  files: string[],
  flags: ParseFlags,
  context: CliContext,
): Promise<ExitCode> {
  const thresholds = flags.stuck ? await resolveThresholds(flags, context) : null;
  const plan = planParse(flags, context, thresholds);
  let exitCode: ExitCode = EXIT.ok;
  for (const [index, file] of files.entries()) {
    if (files.length > 1 && !flags.json) {
      if (index > 0) context.stdout.line();
      context.stdout.line(plan.colors.bold(`==> ${file} <==`));
    }
    const code = await parseOneFile(file, flags, plan, context);
    exitCode = worseExit(exitCode, code);
    context.stdout.flush();
  }
  return exitCode;
}

function planParse(
  flags: ParseFlags,
  context: CliContext,
  thresholds: StuckThresholds | null,
): ParsePlan {
  const views = [flags.json, flags.digest, flags.summary, flags.requestStats].filter(Boolean);
  if (flags.json && flags.digest) throw new UsageError("Cannot combine --json with --digest");
  if (views.length > 1 && !flags.json) {
    throw new UsageError("Choose one of --digest, --summary and --request-stats");
  }
  if (flags.last !== undefined && flags.lastLines !== undefined) {
    throw new UsageError("Cannot combine --last with --last-lines");
  }
  const kinds = new Set<EntryKind>();
  if (flags.reasoning) kinds.add("reasoning");
  if (flags.commands) kinds.add("command").add("output");
  if (flags.messages) kinds.add("message");
  if (flags.stderr) kinds.add("text");
  for (const kind of flags.types ?? []) kinds.add(entryKind(kind, "--types"));
  const lastOfType = flags.lastOfType === undefined
    ? null
    : entryKind(flags.lastOfType, "--last-of-type");
  const entryView = kinds.size > 0 || lastOfType !== null || flags.timeline === true ||
    flags.last !== undefined || flags.lastLines !== undefined;
  const colors = createColors(
    shouldColor({ isTty: context.stdoutIsTty, noColorFlag: !flags.color, env: context.env }),
  );
  return {
    kinds: kinds.size > 0 ? kinds : null,
    lastOfType,
    entryView,
    requestKey: flags.requestId === undefined
      ? null
      : requestKey(parseRequestIdArg(flags.requestId)),
    checkKey: flags.checkRequest === undefined
      ? null
      : requestKey(parseRequestIdArg(flags.checkRequest)),
    colors,
    width: terminalWidth(context.stdoutIsTty, PARSE_WIDTH),
    thresholds,
  };
}

function entryKind(text: string, flag: string): EntryKind {
  const normalised = text.replace(/s$/, "") === "command" ? "command" : text;
  const singular = ENTRY_KINDS.find((kind) => kind === normalised || `${kind}s` === normalised);
  if (!singular) {
    throw new UsageError(
      `Cannot use "${text}" with ${flag}: expected one of ${ENTRY_KINDS.join(", ")}`,
    );
  }
  return singular;
}

/** The width of the parse views. */
const PARSE_WIDTH: TerminalWidthOptions = { notTty: 160, unknown: 120, min: 60 };

async function parseOneFile(
  path: string,
  flags: ParseFlags,
  plan: ParsePlan,
  context: CliContext,
): Promise<ExitCode> {
  if (flags.last !== undefined || flags.lastLines !== undefined) {
    return await parseTail(path, flags, plan, context);
  }
  const entries = createEntrySink(path, flags, plan, context);
  const needsDetail = plan.entryView || flags.json || flags.digest || flags.stuck ||
    plan.checkKey !== null || plan.requestKey !== null;
  const keepFinished = finishedKept(flags, plan);
  // `--json` prints each finished request as the analyzer lets it go, so memory stays flat.
  const streamJson = flags.json === true && !plan.entryView && keepFinished !== undefined;
  const onRequestDone = (record: RequestRecord, codexVersion: string | null) =>
    context.stdout.line(JSON.stringify(requestObject(record, { file: path, codexVersion })));
  const progress = progressFor(context);
  const gone = await serverGoneNote(path, context);
  let result: FileAnalysis;
  try {
    result = await analyzeFile(path, {
      serverExited: gone,
      detail: needsDetail ? "full" : "summary",
      ...(plan.entryView ? { onEntry: entries.push } : {}),
      ...(flags.format ? { format: flags.format } : {}),
      ...(keepFinished === undefined ? {} : { keepFinished }),
      ...(listsTable(flags, plan, keepFinished) ? { listFinished: SUMMARY_ROWS } : {}),
      ...(streamJson ? { onRequestDone } : {}),
      onProgress: (read, total) => total >= PROGRESS_MIN_BYTES && progress.update(read, total),
    });
  } finally {
    progress.done();
  }
  entries.end();
  return await report(result, flags, plan, context);
}

/**
 * How many finished requests the analysis keeps, or `undefined` for all of them: views that
 * judge or list every request (stuck, digest, one request, request stats) need them all; the
 * others hold each only briefly, so memory stays flat however big the file is.
 */
function finishedKept(flags: ParseFlags, plan: ParsePlan): number | undefined {
  if (
    flags.stuck || flags.digest || flags.requestStats || plan.checkKey !== null ||
    plan.requestKey !== null
  ) {
    return undefined;
  }
  return JSON_HOLD_BACK;
}

/** True for the default table, which lists the latest finished requests from their records. */
function listsTable(flags: ParseFlags, plan: ParsePlan, keepFinished: number | undefined): boolean {
  return keepFinished !== undefined && !flags.json && !plan.entryView && !flags.summary;
}

function progressFor(context: CliContext): Progress {
  if (!context.stderrIsTty) return NO_PROGRESS;
  return createProgress(Deno.stderr, { label: "reading" });
}

async function parseTail(
  path: string,
  flags: ParseFlags,
  plan: ParsePlan,
  context: CliContext,
): Promise<ExitCode> {
  const wanted = plan.requestKey;
  const tail = await readTail(path, {
    count: flags.last ?? flags.lastLines ?? 0,
    mode: flags.last !== undefined ? "events" : "lines",
    ...(wanted === null ? {} : { accept: (bytes: Uint8Array) => lineRequestKey(bytes) === wanted }),
  });
  const entries = createEntrySink(path, flags, plan, context);
  const analyzer = new Analyzer({
    detail: "full",
    onEntry: entries.push,
    ...(flags.format ? { format: flags.format } : {}),
  });
  // Line numbers are unknown when reading from the end: count back from the last line.
  const base = -tail.lines.length - (tail.incomplete ? 1 : 0);
  tail.lines.forEach((bytes, index) => analyzer.pushLine(bytes, { line: base + index }));
  if (tail.incomplete) analyzer.pushIncomplete(tail.incomplete, { line: -1 });
  if (await serverGoneNote(path, context)) analyzer.markServerExited();
  const analysis = analyzer.finish();
  entries.end();
  if (flags.json) {
    const context2 = { file: path, codexVersion: analysis.codexVersion };
    context.stdout.line(JSON.stringify(summaryObject(analysis, context2)));
  } else if (tail.incomplete) {
    context.stderr.line(`note: "${path}" ends with an incomplete line (still being written?)`);
  }
  return EXIT.ok;
}

// The session record beside a session's output.json says when its Codex is gone.
async function serverGoneNote(path: string, context: CliContext): Promise<boolean> {
  const gone = await serverGoneBeside(path);
  if (gone === null) return false;
  context.stderr.line(
    `note: session "${gone.session}" is not running (${gone.reason}): open requests got no response`,
  );
  return true;
}

const lineDecoder = new TextDecoder();

function lineRequestKey(bytes: Uint8Array): string | null {
  try {
    const message = JSON.parse(lineDecoder.decode(bytes)) as Record<string, unknown>;
    const params = message.params as Record<string, unknown> | undefined;
    const meta = params?._meta as Record<string, unknown> | undefined;
    const id = meta?.requestId ?? (message.method ? undefined : message.id);
    if (typeof id === "number" || typeof id === "string") return requestKey(id);
    const callId = params?.codex_mcp_tool_call_id;
    return typeof callId === "string" ? requestKey(Number(callId)) : null;
  } catch {
    return null;
  }
}

interface EntrySink {
  push: (entry: Entry) => void;
  end: () => void;
}

// Streams entries to stdout as they come (memory stays flat), or keeps only the last of a kind.
function createEntrySink(
  path: string,
  flags: ParseFlags,
  plan: ParsePlan,
  context: CliContext,
): EntrySink {
  let last: Entry | null = null;
  let startTime: number | null = null;
  const jsonContext = { file: path, codexVersion: null };
  const showRequest = plan.requestKey === null;
  const keep = (entry: Entry): boolean => {
    if (plan.requestKey !== null && entry.key !== plan.requestKey) return false;
    if (plan.kinds) return plan.kinds.has(entry.kind);
    return entry.kind !== "text" || flags.stderr === true;
  };
  const emit = (entry: Entry) => {
    if (flags.json) {
      context.stdout.line(JSON.stringify(entryObject(entry, jsonContext)));
    } else if (flags.timeline) {
      startTime ??= entry.time;
      context.stdout.line(
        renderTimelineEntry(entry, {
          colors: plan.colors,
          showRequest,
          width: plan.width,
          startTime,
        }),
      );
    } else {
      context.stdout.line(
        renderEntry(entry, {
          colors: plan.colors,
          compact: flags.compact === true,
          showRequest,
          width: plan.width,
        }),
      );
    }
  };
  return {
    push: (entry) => {
      if (plan.lastOfType !== null) {
        if (entry.kind === plan.lastOfType && keep({ ...entry, kind: entry.kind })) last = entry;
        return;
      }
      if (keep(entry)) emit(entry);
    },
    end: () => {
      if (plan.lastOfType === null) return;
      if (last) emit(last);
      else if (!flags.json) context.stdout.line(`No ${plan.lastOfType} entry found`);
    },
  };
}

async function report(
  result: FileAnalysis,
  flags: ParseFlags,
  plan: ParsePlan,
  context: CliContext,
): Promise<ExitCode> {
  const { analysis } = result;
  const jsonContext = { file: result.path, codexVersion: analysis.codexVersion };
  const requests = selectRequests(analysis, plan);
  if (plan.checkKey !== null) return checkRequest(result, flags, plan, context);
  const findings = plan.thresholds
    ? detectStuck({ ...analysis, requests }, {
      thresholds: plan.thresholds,
      now: Date.now(),
      lastLineTime: result.mtime,
    })
    : null;
  const verdict = findings ? verdictExitCode(findings) : EXIT.ok;
  if (flags.json) {
    for (const finding of findings ?? []) {
      context.stdout.line(JSON.stringify({ ...findingJson(finding), file: result.path }));
    }
    if (!plan.entryView) {
      for (const request of requests) {
        context.stdout.line(JSON.stringify(requestObject(request, jsonContext)));
      }
    }
    const limits = await readLastRateLimits(result.path);
    if (limits) context.stdout.line(JSON.stringify(rateLimitsObject(limits, result.path)));
    context.stdout.line(JSON.stringify(summaryObject(analysis, jsonContext)));
    return verdict;
  }
  if (plan.entryView) {
    if (analysis.lines.incomplete > 0) {
      context.stderr.line(
        `note: "${result.path}" ends with an incomplete line (still being written?)`,
      );
    }
    return verdict;
  }
  const filtered: Analysis = { ...analysis, requests };
  let lines: string[];
  if (flags.digest) {
    lines = [
      buildDigest(filtered, {
        maxChars: flags.maxChars,
        file: result.path,
        notes: findingNotes(findings ?? []),
      }),
    ];
  } else if (findings) {
    lines = [renderFindings(findings, { color: plan.colors.enabled }).trimEnd()];
  } else if (flags.summary) {
    lines = renderEventCounts(filtered, plan.colors);
  } else if (flags.requestStats) {
    lines = renderRequestStats(filtered, plan.colors);
  } else if (plan.requestKey !== null) {
    lines = requests.length === 0
      ? [`No request ${plan.requestKey} in "${result.path}"`]
      : requests.flatMap((request) => renderRequestCard(request, plan.colors));
  } else {
    lines = renderSummary(filtered, {
      colors: plan.colors,
      width: plan.width,
      mtime: result.mtime,
      now: Date.now(),
    });
    lines.push(
      ...rateLimitLines((await readLastRateLimits(result.path))?.windows ?? [], plan.colors),
    );
  }
  for (const line of lines) context.stdout.line(line);
  return verdict;
}

function selectRequests(analysis: Analysis, plan: ParsePlan): RequestRecord[] {
  if (plan.requestKey === null) return analysis.requests;
  return analysis.requests.filter((request) => request.key === plan.requestKey);
}

function checkRequest(
  result: FileAnalysis,
  flags: ParseFlags,
  plan: ParsePlan,
  context: CliContext,
): ExitCode {
  const request = result.analysis.requests.find((item) => item.key === plan.checkKey);
  if (!request) {
    if (flags.json) {
      context.stdout.line(
        JSON.stringify({ type: "request", file: result.path, key: plan.checkKey, found: false }),
      );
    } else context.stdout.line(`No events found for request ${plan.checkKey} in "${result.path}"`);
    return EXIT.runtime;
  }
  if (flags.json) {
    const jsonContext = { file: result.path, codexVersion: result.analysis.codexVersion };
    context.stdout.line(JSON.stringify(requestObject(request, jsonContext)));
  } else {
    for (const line of renderRequestCard(request, plan.colors)) context.stdout.line(line);
  }
  return stateExitCode(request);
}

/** The exit code `--check-request` uses for a request's state. */
export function stateExitCode(request: RequestRecord): ExitCode {
  switch (request.state) {
    case "awaiting_approval":
      return EXIT.needsApproval;
    case "failed":
    case "no_response":
    case "cancelled":
      return EXIT.failed;
    case "running":
    case "completed":
      return EXIT.ok;
  }
}

// Exit codes by severity for several files: failed and stuck outrank approval, which outranks ok.
const SEVERITY: Record<number, number> = { 0: 0, 4: 1, 6: 2, 3: 3, 1: 4, 2: 5 };

function worseExit(a: ExitCode, b: ExitCode): ExitCode {
  return (SEVERITY[b] ?? 0) > (SEVERITY[a] ?? 0) ? b : a;
}
