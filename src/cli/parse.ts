/** `codexmon parse FILE...`: wiring of flags to views. */

import { type Command, Option } from "@commander-js/extra-typings";
import { Analyzer } from "../core/analyze/mod.ts";
import {
  type Analysis,
  decodeTextLine,
  type Entry,
  ENTRY_KINDS,
  type EntryKind,
  requestKey,
  type RequestRecord,
} from "../core/model/mod.ts";
import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { CodexmonError, UsageError } from "../core/errors.ts";
import {
  ambiguityMessage,
  keyMatcher,
  requestTotals,
  resolveRequest,
} from "../core/request/mod.ts";
import {
  analyzeFile,
  expandInputs,
  type FileAnalysis,
  type Input,
  readLastRateLimits,
  readTail,
} from "../io/mod.ts";
import {
  type Colors,
  createColors,
  createProgress,
  findingJson,
  formatInt,
  HeaderFirstWriter,
  NO_PROGRESS,
  type Progress,
  rateLimitLines,
  renderEntry,
  renderEventCounts,
  renderFindings,
  renderGrandTotal,
  renderRequestCard,
  renderRequestStats,
  renderSummary,
  renderTimelineEntry,
  shouldColor,
  terminalWidth,
  type TerminalWidthOptions,
} from "../ui/mod.ts";
import {
  buildDigest,
  DEFAULT_DIGEST_CHARS,
  entryObject,
  findingNotes,
  grandTotal,
  type InputTotals,
  LastEntries,
  partialSummaryObject,
  requestObject,
  summaryObject,
  totalObject,
} from "../core/report/mod.ts";
import { serverGoneBeside } from "../session/mod.ts";
import type { CliContext } from "./context.ts";
import { pricesFrom, resolveFileArguments } from "./codex_home_options.ts";
import { analysisCost, type PriceTable } from "../core/pricing/mod.ts";
import { rateLimitsObject } from "../core/usage/mod.ts";
import {
  type ColorChoice,
  colorMode,
  colorOption,
  commaList,
  positiveInt,
  requestIdText,
} from "./options.ts";
import {
  collectThreshold,
  resolveThresholds,
  STUCK_OPTIONS,
  type StuckOptionValues,
} from "./stuck_options.ts";
import { DEFAULT_MAX_LINE_BYTES, type StuckThresholds } from "../core/config/mod.ts";
import { detectStuck, verdictExitCode } from "../core/stuck/mod.ts";
import {
  longLineNotes,
  MAX_LINE_BYTES_OPTION,
  resolveMaxLineBytes,
  tailLongLineNotes,
} from "./line_limit.ts";

// Files above this size show a progress line (on a TTY only).
const PROGRESS_MIN_BYTES = 32 * 1024 * 1024;
// The default summary lists this many finished requests (the latest); totals cover all of them.
const SUMMARY_ROWS = 1000;
// Finished requests held back before they are printed (`--json`) or listed from their final
// records, in case a later line still names one.
const JSON_HOLD_BACK = 16;

const PARSE_EXAMPLES = `
Examples:
  codexmon parse output.jsonl                     one row per request, then totals
  codexmon parse -s output.jsonl                  is anything stuck? (exit 3 stuck, 4 approval)
  codexmon parse -n 20 output.jsonl               the last 20 events, read from the end
  codexmon parse --commands --request-id 2 out.jsonl   commands of request 2, with exit codes
  codexmon parse -j ~/.codex/sessions/2026/12/04  every rollout of a day, as NDJSON
  cat output.jsonl | codexmon parse -             read stdin`;

/** Registers `parse` on `program`. */
export function registerParse(program: Command, context: CliContext): void {
  program
    .command("parse")
    .description(
      "Summarise Codex output (mcp-server, app-server, exec --json, rollout): requests, states, answers, tokens, commands",
    )
    .argument(
      "[inputs...]",
      "Codex output files, directories of them, - for stdin, or session id prefixes (see ls)",
    )
    .option("--latest", "also parse the newest Codex session of $CODEX_HOME")
    .optionsGroup("Views:")
    .option("-n, --last <n>", "the last N events (read from the end of the file)", positiveInt)
    .option(
      "--last-lines <n>",
      "the last N physical lines as they are, JSON or not, with line numbers",
      positiveInt,
    )
    .option("--reasoning", "reasoning")
    .option("--commands", "commands with their output and exit code")
    .option("--messages", "agent messages")
    .option("--types <kinds>", `only these kinds: ${ENTRY_KINDS.join(",")}`, commaList)
    .option("--last-of-type <kind>", "only the last entry of this kind")
    .option("--timeline", "entries as a timeline, one line each")
    .option("--compact", "one line per entry")
    .option("--stderr", "add the non-JSON (stderr) lines to an entry view")
    .option("--summary", "counts of event types and lines")
    .option("--request-stats", "event statistics per request")
    .option("--digest", "a compact plain-text digest per request, for an LLM reader")
    .option("--max-chars <n>", "digest budget in characters", positiveInt, DEFAULT_DIGEST_CHARS)
    .optionsGroup("Filters:")
    .option(
      "-r, --request-id <id>",
      "only this request: short id, key, turn id or requestId",
      requestIdText,
    )
    .option(
      "--check-request <id>",
      "one request in detail; exit code by its state",
      requestIdText,
    )
    .addOption(
      new Option("--format <format>", "read the input as this format (default: detect)").choices(
        ["mcp-server", "app-server", "exec-json", "rollout"] as const,
      ),
    )
    .optionsGroup("Stuck detection:")
    .option("-s, --stuck", "detect stuck requests; exit 3 when stuck, 4 when awaiting approval")
    .option(STUCK_OPTIONS[0][0], STUCK_OPTIONS[0][1])
    .option(STUCK_OPTIONS[1][0], STUCK_OPTIONS[1][1])
    .option(STUCK_OPTIONS[2][0], STUCK_OPTIONS[2][1])
    .option(STUCK_OPTIONS[3][0], STUCK_OPTIONS[3][1])
    .option("--threshold <key=value>", "set any stuck threshold (repeatable)", collectThreshold)
    .optionsGroup("Input:")
    .option(MAX_LINE_BYTES_OPTION[0], MAX_LINE_BYTES_OPTION[1], positiveInt)
    .optionsGroup("Output:")
    .option("-j, --json", "NDJSON output: request, entry, finding, summary and total objects")
    .addOption(colorOption())
    .option("--no-color", "never use colours (same as --color=never)")
    .addHelpText("after", PARSE_EXIT_CODES + PARSE_EXAMPLES)
    .action(async (files, options) => {
      files = await resolveFileArguments(files, options, context);
      context.exitCode = await runParse(files, options, context);
    });
}

const PARSE_EXIT_CODES = `
Exit codes (parse): the most severe over all inputs
    0  ok
    1  an input cannot be read, or a request given with --request-id is not found
    2  usage error (unknown flag, bad value, ambiguous request id)
    3  with --stuck: a request is stuck
    4  with --stuck: a request needs approval; --check-request: it awaits approval
    6  --check-request: the request failed, was cancelled or got no response
    7  an input holds no Codex output (empty, text, binary)
`;

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
  color?: ColorChoice | boolean;
  stderr?: true;
  format?: "mcp-server" | "app-server" | "exec-json" | "rollout";
  maxLineBytes?: number;
}

interface ParsePlan {
  kinds: Set<EntryKind> | null;
  lastOfType: EntryKind | null;
  entryView: boolean;
  /** What --request-id names (any form the resolver takes). */
  requestQuery: string | null;
  /** What --check-request names. */
  checkQuery: string | null;
  colors: Colors;
  width: number;
  /** Set with --stuck. */
  thresholds: StuckThresholds | null;
  /** Lines longer than this are skipped unread. */
  maxLineBytes: number;
  /** The shipped prices with the config's `pricing` on top. */
  prices: PriceTable;
}

/** Runs `parse` and returns its exit code: the most severe over all inputs. */
export async function runParse(
  args: string[],
  flags: ParseFlags,
  context: CliContext,
): Promise<ExitCode> {
  const thresholds = flags.stuck ? await resolveThresholds(flags, context) : null;
  const plan = planParse(flags, context, { thresholds, prices: await pricesFrom(flags, context) });
  plan.maxLineBytes = await resolveMaxLineBytes(flags.maxLineBytes, flags, context);
  const expanded = await expandInputs(args);
  for (const note of expanded.notes) context.stderr.line(`note: ${note}`);
  let exitCode: ExitCode = EXIT.ok;
  const fail = (message: string, code: ExitCode) => {
    context.stdout.flush();
    context.stderr.line(`error: ${message}`);
    exitCode = worseExit(exitCode, code);
  };
  for (const problem of expanded.problems) fail(problem, EXIT.runtime);
  const several = expanded.inputs.length > 1;
  const totals: InputTotals[] = [];
  const query = plan.requestQuery ?? plan.checkQuery;
  let sections = 0;
  let missing = 0;
  let found = 0;
  for (const input of expanded.inputs) {
    // Each input's output starts with its `==> NAME <==` header, printed with its first line:
    // an input without output (unreadable, or without the request asked for) shows none.
    const stdout = several && !flags.json
      ? new HeaderFirstWriter(context.stdout, () => {
        if (sections++ > 0) context.stdout.line();
        context.stdout.line(plan.colors.bold(`==> ${input.label} <==`));
      })
      : context.stdout;
    try {
      const code = await parseOneFile(input, flags, plan, {
        context: { ...context, stdout },
        totals,
      });
      exitCode = worseExit(exitCode, code);
      found += 1;
    } catch (error) {
      if (!(error instanceof CodexmonError)) throw error;
      // Like grep: with several inputs, a request is missing only when no input has it.
      if (error instanceof RequestNotFound && several) missing += 1;
      else fail(error.message, error.exitCode);
    }
    context.stdout.flush();
  }
  if (query !== null && found === 0 && missing > 0) {
    fail(`No request "${query}" in any of the ${missing} inputs`, EXIT.runtime);
  }
  if (totals.length > 1 && showsTotals(flags, plan)) {
    const total = grandTotal(totals);
    if (flags.json) context.stdout.line(JSON.stringify(totalObject(total)));
    else {
      context.stdout.line();
      context.stdout.line(plan.colors.bold(renderGrandTotal(total, plan.colors)));
    }
  }
  return exitCode;
}

function showsTotals(flags: ParseFlags, plan: ParsePlan): boolean {
  return !plan.entryView && plan.checkQuery === null && !flags.digest && !flags.stuck &&
    !flags.requestStats && !flags.summary;
}

/** "Not found" of a request id: with several inputs it counts only when no input has it. */
class RequestNotFound extends CodexmonError {}

function planParse(
  flags: ParseFlags,
  context: CliContext,
  loaded: { thresholds: StuckThresholds | null; prices: PriceTable },
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
  for (const kind of flags.types ?? []) kinds.add(entryKind(kind, "--types"));
  // --stderr adds the text lines to whatever the view shows; alone it shows every entry.
  if (flags.stderr && kinds.size > 0) kinds.add("text");
  const lastOfType = flags.lastOfType === undefined
    ? null
    : entryKind(flags.lastOfType, "--last-of-type");
  const entryView = kinds.size > 0 || lastOfType !== null || flags.timeline === true ||
    flags.last !== undefined || flags.lastLines !== undefined || flags.stderr === true;
  const colors = createColors(
    shouldColor({ isTty: context.stdoutIsTty, ...colorMode(flags.color), env: context.env }),
  );
  return {
    kinds: kinds.size > 0 ? kinds : null,
    lastOfType,
    entryView,
    requestQuery: flags.requestId ?? null,
    checkQuery: flags.checkRequest ?? null,
    colors,
    width: terminalWidth(context.stdoutIsTty, PARSE_WIDTH),
    thresholds: loaded.thresholds,
    prices: loaded.prices,
    maxLineBytes: DEFAULT_MAX_LINE_BYTES,
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

interface FileRun {
  context: CliContext;
  /** Receives each input's totals and cost, for the grand total. */
  totals: InputTotals[];
}

async function parseOneFile(
  input: Input,
  flags: ParseFlags,
  plan: ParsePlan,
  run: FileRun,
): Promise<ExitCode> {
  const { context } = run;
  if (flags.lastLines !== undefined) return await printLastLines(input, flags, plan, context);
  const matches = await requestFilter(input, flags, plan);
  if (flags.last !== undefined && matches !== null) {
    return await parseRequestTail(input, flags, plan, { context, matches });
  }
  if (flags.last !== undefined) return await parseTail(input, flags, plan, { context, matches });
  const entries = createEntrySink(input.label, flags, plan, { context, matches });
  const needsDetail = plan.entryView || flags.json || flags.digest || flags.stuck ||
    plan.checkQuery !== null || plan.requestQuery !== null;
  const keepFinished = finishedKept(flags, plan);
  // `--json` prints each finished request as the analyzer lets it go, so memory stays flat.
  const streamJson = flags.json === true && !plan.entryView && keepFinished !== undefined;
  const onRequestDone = (record: RequestRecord, codexVersion: string | null) =>
    context.stdout.line(
      JSON.stringify(
        requestObject(record, { file: input.label, codexVersion, prices: plan.prices }),
      ),
    );
  const progress = progressFor(context);
  const gone = input.path !== "-" && await serverGoneNote(input.path, context);
  let result: FileAnalysis;
  try {
    result = await analyzeFile(input.path, {
      serverExited: gone,
      detail: needsDetail ? "full" : "summary",
      ...(plan.entryView ? { onEntry: entries.push } : {}),
      ...(flags.format ? { format: flags.format } : {}),
      ...(keepFinished === undefined ? {} : { keepFinished }),
      ...(listsTable(flags, plan, keepFinished) ? { listFinished: SUMMARY_ROWS } : {}),
      ...(streamJson ? { onRequestDone } : {}),
      maxLineBytes: plan.maxLineBytes,
      onProgress: (read, total) => total >= PROGRESS_MIN_BYTES && progress.update(read, total),
    });
  } finally {
    progress.done();
  }
  result = { ...result, path: input.label };
  entries.end();
  for (const note of longLineNotes(result.analysis, input.label, plan.maxLineBytes)) {
    context.stderr.line(note);
  }
  requireCodexOutput(result.analysis, input.label);
  run.totals.push({
    totals: result.analysis.totals ?? requestTotals(result.analysis.requests),
    costUsd: analysisCost(result.analysis, plan.prices),
  });
  return await report(result, flags, plan, { context, source: input.path });
}

/** Throws (exit 7) when nothing in the input was Codex output: empty, text or binary. */
function requireCodexOutput(analysis: Analysis, label: string): void {
  if (analysis.format !== "unknown") return;
  const { total, json } = analysis.lines;
  const what = total === 0 && analysis.lines.incomplete === 0
    ? "it is empty"
    : `${formatInt(json)} of ${formatInt(total + analysis.lines.incomplete)} lines are JSON`;
  throw new CodexmonError(`No Codex output in "${label}": ${what}`, {
    exitCode: EXIT.noCodexOutput,
  });
}

/**
 * How many finished requests the analysis keeps, or `undefined` for all of them: views that
 * judge or list every request (stuck, digest, one request, request stats) need them all; the
 * others hold each only briefly, so memory stays flat however big the file is.
 */
function finishedKept(flags: ParseFlags, plan: ParsePlan): number | undefined {
  if (
    flags.stuck || flags.digest || flags.requestStats || plan.checkQuery !== null ||
    plan.requestQuery !== null
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

/**
 * `--last-lines N`: the last N physical lines as the file has them (JSON or not), each after
 * its line number, terminal escapes removed; with `--json` one `line` object each, text exact.
 * Nothing is parsed or rendered.
 */
async function printLastLines(
  input: Input,
  flags: ParseFlags,
  plan: ParsePlan,
  context: CliContext,
): Promise<ExitCode> {
  const tail = await readTail(input.path, {
    count: flags.lastLines ?? 0,
    mode: "lines",
    maxLineBytes: plan.maxLineBytes,
  });
  for (const note of tailLongLineNotes(tail.longLines, input.label, plan.maxLineBytes)) {
    context.stderr.line(note);
  }
  const lines = tail.incomplete ? [...tail.lines.slice(1), tail.incomplete] : tail.lines;
  const width = String(lines.at(-1)?.line ?? 0).length;
  for (const { bytes, line } of lines) {
    if (flags.json) {
      const text = lineDecoder.decode(bytes);
      context.stdout.line(JSON.stringify({ type: "line", file: input.label, line, text }));
    } else {
      // The file's own terminal escapes (Codex's coloured logs) would paint this terminal.
      const text = decodeTextLine(bytes);
      context.stdout.line(`${plan.colors.dim(String(line).padStart(width))}  ${text}`);
    }
  }
  if (tail.incomplete && !flags.json) {
    context.stderr.line(incompleteNote(input.label));
  }
  return EXIT.ok;
}

/** The note for an input whose last line is not complete yet. */
function incompleteNote(label: string): string {
  return `note: "${label}" ends with an incomplete line (still being written?)`;
}

/**
 * Which request keys a streamed view of `--request-id` shows. A file is read once first to
 * resolve the id among all its requests (a turn id or an ambiguous prefix is only known then);
 * stdin, which cannot be read twice, is matched key by key.
 */
async function requestFilter(
  input: Input,
  flags: ParseFlags,
  plan: ParsePlan,
): Promise<KeyFilter | null> {
  const query = plan.requestQuery;
  if (query === null || !plan.entryView) return null;
  if (input.path === "-") return keyMatcher(query);
  const { analysis } = await analyzeFile(input.path, {
    detail: "summary",
    ...(flags.format ? { format: flags.format } : {}),
  });
  const key = resolveIn(analysis, query, input.label);
  return (candidate) => candidate === key;
}

type KeyFilter = (key: string) => boolean;

interface ViewRun {
  context: CliContext;
  matches: KeyFilter | null;
}

async function parseTail(
  input: Input,
  flags: ParseFlags,
  plan: ParsePlan,
  { context, matches }: ViewRun,
): Promise<ExitCode> {
  const tailOf = (lineNumbers: boolean) =>
    readTail(input.path, {
      count: flags.last ?? 0,
      mode: "events",
      keepText: flags.stderr === true,
      ...(matches === null ? {} : { accept: (bytes: Uint8Array) => lineMatches(bytes, matches) }),
      maxLineBytes: plan.maxLineBytes,
      lineNumbers,
    });
  // Only --json, --timeline and the notes on skipped long lines show line numbers: the plain
  // view does without counting the lines before the tail, which is most of its cost.
  let tail = await tailOf(flags.json === true || flags.timeline === true);
  if (!tail.numbered && tail.longLines.length > 0) tail = await tailOf(true);
  for (const note of tailLongLineNotes(tail.longLines, input.label, plan.maxLineBytes)) {
    context.stderr.line(note);
  }
  const entries = createEntrySink(input.label, flags, plan, { context, matches });
  const analyzer = new Analyzer({
    detail: "full",
    onEntry: entries.push,
    ...(flags.format ? { format: flags.format } : {}),
  });
  for (const long of [...tail.longLines].reverse()) {
    analyzer.pushLongLine(long.bytes, { line: long.line });
  }
  for (const { bytes, line } of tail.lines) analyzer.pushLine(bytes, { line });
  if (tail.incomplete) {
    analyzer.pushIncomplete(tail.incomplete.bytes, { line: tail.incomplete.line });
  }
  if (input.path !== "-" && await serverGoneNote(input.path, context)) {
    analyzer.markServerExited();
  }
  const analysis = analyzer.finish();
  entries.end();
  if (input.path === "-" && plan.requestQuery !== null) {
    resolveIn(analysis, plan.requestQuery, input.label);
  }
  if (flags.json) {
    const jsonContext = {
      file: input.label,
      codexVersion: analysis.codexVersion,
      prices: plan.prices,
    };
    const read = { whole: tail.reachedStart, firstLine: tail.lines[0]?.line ?? null };
    context.stdout.line(JSON.stringify(partialSummaryObject(analysis, jsonContext, read)));
  } else if (tail.incomplete) {
    context.stderr.line(incompleteNote(input.label));
  }
  return EXIT.ok;
}

/**
 * `--last N --request-id ID`: the last N events of that request, on every format. Only the
 * analyzer knows which request an app-server, exec --json or rollout line belongs to, so the
 * input is read forward once (after the pass that resolved the id) and the last N kept.
 */
async function parseRequestTail(
  input: Input,
  flags: ParseFlags,
  plan: ParsePlan,
  { context, matches }: { context: CliContext; matches: KeyFilter },
): Promise<ExitCode> {
  const last = new LastEntries(
    flags.last ?? 0,
    (entry) => entry.key !== null && matches(entry.key),
  );
  const gone = input.path !== "-" && await serverGoneNote(input.path, context);
  const { analysis } = await analyzeFile(input.path, {
    serverExited: gone,
    detail: "full",
    onEntry: last.push,
    ...(flags.format ? { format: flags.format } : {}),
    maxLineBytes: plan.maxLineBytes,
  });
  for (const note of longLineNotes(analysis, input.label, plan.maxLineBytes)) {
    context.stderr.line(note);
  }
  if (input.path === "-" && plan.requestQuery !== null) {
    resolveIn(analysis, plan.requestQuery, input.label);
  }
  const entries = createEntrySink(input.label, flags, plan, { context, matches });
  for (const entry of last.entries()) entries.push(entry);
  entries.end();
  if (flags.json) {
    const jsonContext = { file: input.label, codexVersion: analysis.codexVersion };
    const read = { whole: true, firstLine: 1 };
    context.stdout.line(JSON.stringify(partialSummaryObject(analysis, jsonContext, read)));
  } else if (analysis.lines.incomplete > 0) {
    context.stderr.line(incompleteNote(input.label));
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

// mcp-server lines name their request; other formats' lines do not, so they all count.
function lineMatches(bytes: Uint8Array, matches: (key: string) => boolean): boolean {
  const key = lineRequestKey(bytes);
  if (key !== null) return matches(key);
  return !lineDecoder.decode(bytes.subarray(0, 64)).includes('"jsonrpc"');
}

/**
 * The request key `query` names in `analysis`; throws "not found" (exit 1) or "ambiguous"
 * (exit 2, with the candidates).
 */
function resolveIn(analysis: Analysis, query: string, label: string): string {
  const resolution = resolveRequest(analysis.requests, query);
  switch (resolution.kind) {
    case "found":
      return resolution.key;
    case "none":
      throw new RequestNotFound(`No request "${query}" in "${label}"`, { exitCode: EXIT.runtime });
    case "ambiguous":
      throw new UsageError(`${ambiguityMessage(query, resolution.candidates)} in "${label}"`);
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
  { context, matches }: ViewRun,
): EntrySink {
  let last: Entry | null = null;
  let startTime: number | null = null;
  const jsonContext = { file: path, codexVersion: null, prices: plan.prices };
  const showRequest = plan.requestQuery === null;
  const keep = (entry: Entry): boolean => {
    if (matches !== null && (entry.key === null || !matches(entry.key))) return false;
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

/** Where a report goes and what it read: `source` is the path opened (`-` for stdin). */
interface ReportTarget {
  context: CliContext;
  source: string;
}

async function report(
  result: FileAnalysis,
  flags: ParseFlags,
  plan: ParsePlan,
  { context, source }: ReportTarget,
): Promise<ExitCode> {
  const { analysis } = result;
  // Rate limits come from the file's last token snapshot; stdin cannot be read again for it.
  const rateLimits = () => source === "-" ? Promise.resolve(null) : readLastRateLimits(source);
  const jsonContext = {
    file: result.path,
    codexVersion: analysis.codexVersion,
    prices: plan.prices,
  };
  if (plan.checkQuery !== null) return checkRequest(result, flags, plan, context);
  const requests = selectRequests(analysis, plan, result.path);
  const limits = flags.stuck || flags.json ? await rateLimits() : null;
  const findings = plan.thresholds
    ? detectStuck({ ...analysis, requests }, {
      thresholds: plan.thresholds,
      now: Date.now(),
      lastLineTime: result.mtime,
      rateLimits: limits?.windows ?? [],
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
    if (limits) context.stdout.line(JSON.stringify(rateLimitsObject(limits, result.path)));
    context.stdout.line(JSON.stringify(summaryObject(analysis, jsonContext)));
    return verdict;
  }
  if (plan.entryView) {
    if (analysis.lines.incomplete > 0) {
      context.stderr.line(incompleteNote(result.path));
    }
    return verdict;
  }
  const filtered: Analysis = { ...analysis, requests };
  let lines: string[];
  if (flags.digest) {
    lines = [
      buildDigest(filtered, {
        maxChars: flags.maxChars,
        prices: plan.prices,
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
  } else if (plan.requestQuery !== null) {
    lines = requests.flatMap((request) => renderRequestCard(request, plan.colors));
  } else {
    lines = renderSummary(filtered, {
      colors: plan.colors,
      prices: plan.prices,
      width: plan.width,
      mtime: result.mtime,
      now: Date.now(),
    });
    lines.push(
      ...rateLimitLines((await rateLimits())?.windows ?? [], plan.colors),
    );
  }
  for (const line of lines) context.stdout.line(line);
  return verdict;
}

function selectRequests(analysis: Analysis, plan: ParsePlan, label: string): RequestRecord[] {
  if (plan.requestQuery === null) return analysis.requests;
  const key = resolveIn(analysis, plan.requestQuery, label);
  return analysis.requests.filter((request) => request.key === key);
}

function checkRequest(
  result: FileAnalysis,
  flags: ParseFlags,
  plan: ParsePlan,
  context: CliContext,
): ExitCode {
  const key = resolveIn(result.analysis, plan.checkQuery ?? "", result.path);
  const request = result.analysis.requests.find((item) => item.key === key);
  if (!request) throw new RequestNotFound(`No request "${plan.checkQuery}" in "${result.path}"`);
  if (flags.json) {
    const jsonContext = {
      file: result.path,
      codexVersion: result.analysis.codexVersion,
      prices: plan.prices,
    };
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

// Exit codes by severity over several inputs: no Codex output < approval < failed < stuck <
// unreadable < usage.
const SEVERITY: Record<number, number> = { 0: 0, 7: 1, 4: 2, 6: 3, 3: 4, 1: 5, 2: 6 };

function worseExit(a: ExitCode, b: ExitCode): ExitCode {
  return (SEVERITY[b] ?? 0) > (SEVERITY[a] ?? 0) ? b : a;
}
