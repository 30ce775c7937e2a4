/**
 * The Analyzer: lines in, one {@linkcode Analysis} out. It counts lines, keeps text lines,
 * detects the output format from the first JSON lines and hands every JSON line to that
 * format's reducer. Pure: no I/O, no clock; arrival times come with the lines.
 */

import {
  AppServerReducer,
  EventHeaderReader,
  ExecJsonReducer,
  type FormatReducer,
  type LineContext,
  McpReducer,
  type ReducerOptions,
  RolloutReducer,
} from "../formats/mod.ts";
import {
  type Analysis,
  clipHead,
  decodeTextLine,
  type Entry,
  type Format,
  FULL_LIMITS,
  type Limits,
  type LineCounts,
  type LongLineNote,
  pushBounded,
  type RequestRecord,
  SUMMARY_LIMITS,
  TABLE_LIMITS,
  type TextLine,
} from "../model/mod.ts";
import { TotalsAccumulator } from "../request/mod.ts";
import type { LineKernel } from "../wasm/mod.ts";
import { detectFormat } from "./format_detect.ts";
import { OPEN_BRACE, OPEN_BRACKET } from "../bytes/mod.ts";

/** Where a line sits in its file. */
export interface LineMeta {
  /** 1-based line number. */
  line: number;
  /** Arrival time (ms since epoch) when known. */
  time?: number | null;
  /**
   * The line kernel whose memory holds the line's bytes (the line scanner's buffer, when it is
   * one): event headers are then read in WebAssembly. Without it they are read in JavaScript.
   */
  kernel?: LineKernel | null;
}

/** Options for {@linkcode Analyzer}. */
export interface AnalyzerOptions {
  /** "summary" (default): skip the work only detail views need (delta text merging, raw items); "full": everything. */
  detail?: "summary" | "full";
  /** Receives readable entries (deltas merged, no duplicates) in file order; implies full detail. */
  onEntry?: (entry: Entry) => void;
  /** Read every line as this format instead of detecting it (`--format`). */
  format?: Format;
  /**
   * Keep at most this many finished requests in {@linkcode Analysis.requests} (default: all),
   * the most recently finished ones; every open request is kept. The others are counted in
   * `Analysis.omittedRequests` and `Analysis.totals`, so memory stays flat on big files.
   * In summary detail, records then keep only what the summary table shows
   * (`TABLE_LIMITS`: a 300-character answer, the last error, no messages or command output).
   */
  keepFinished?: number;
  /**
   * Receives the final record of each finished request as it is left out (see
   * `keepFinished`), in the order they finished, with the Codex version the file showed
   * last: streaming `--json` prints them here.
   */
  onRequestDone?: (record: RequestRecord, codexVersion: string | null) => void;
  /**
   * List this many finished requests in {@linkcode Analysis.requests} (the most recently
   * finished ones), more than `keepFinished` holds: the final records of the requests left
   * out last are listed too. A request is then held only briefly, so little of it outlives a
   * young garbage collection; listed records come in order of first line.
   */
  listFinished?: number;
  /** Caps per request instead of the detail level's own (the report keeps more than a summary). */
  limits?: Readonly<Limits>;
  /** In summary detail, read whole reasoning texts and prompts too (not deltas): the report shows them. */
  wholeTexts?: boolean;
}

/** `listed` and `kept` (each in order of creation) as one list in order of first line. */
function byFirstLine(listed: RequestRecord[], kept: RequestRecord[]): RequestRecord[] {
  listed.sort((a, b) => a.firstLine - b.firstLine);
  const merged: RequestRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < listed.length || j < kept.length) {
    const a = listed[i];
    const b = kept[j];
    if (b === undefined || (a !== undefined && a.firstLine < b.firstLine)) {
      merged.push(a as RequestRecord);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  return merged;
}

/** Long lines noted by number (all are counted). */
const LONG_LINES_NOTED = 20;
/** Text lines kept for display. */
const TEXT_LINES_KEPT = 50;
/** Characters kept of one text line. */
const TEXT_LINE_CHARS = 2000;
/** Bytes copied of a kept text line: enough for its characters, decoded only when shown. */
const TEXT_LINE_BYTES = TEXT_LINE_CHARS * 4;

/** A kept text line: raw bytes until someone asks for the text. */
interface KeptText {
  line: number;
  bytes: Uint8Array;
  text: string | null;
}
const DECODER = new TextDecoder();

function textLine(kept: KeptText): TextLine {
  kept.text ??= clipHead(decodeTextLine(kept.bytes), TEXT_LINE_CHARS);
  return { line: kept.line, text: kept.text };
}

/** The reducer for `format`, or `null` while codexmon has none for it. */
function reducerFor(format: Format, options: ReducerOptions): FormatReducer | null {
  switch (format) {
    case "mcp-server":
      return new McpReducer(options);
    case "app-server":
      return new AppServerReducer(options);
    case "exec-json":
      return new ExecJsonReducer(options);
    case "rollout":
      return new RolloutReducer(options);
    case "unknown":
      return null;
  }
}

function firstNonSpace(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return byte;
  }
  return -1;
}

/**
 * Reads the lines of one Codex output file, in order, and builds its analysis.
 *
 * Memory is bounded per request by the caps in `limits.ts` (summary: at most 20 reasoning
 * blocks and messages of 2000 characters, 100 commands with 2000-character output tails,
 * 50 patches, errors and approvals, a 4000-character final message; full: 5000 of each list,
 * texts up to 100 000 characters), and by 50 kept text lines for the file.
 */
export class Analyzer {
  #reducerOptions: ReducerOptions;
  #onEntry: ((entry: Entry) => void) | null;
  #format: Format = "unknown";
  #reducer: FormatReducer | null = null;
  #probe = new EventHeaderReader();
  #lines: LineCounts = { total: 0, json: 0, text: 0, other: 0, incomplete: 0, tooLong: 0 };
  #longLines: LongLineNote[] = [];
  #textLines: KeptText[] = [];
  #serverExited = false;
  #context: LineContext = { line: 0, time: null, kernel: null };
  /** Requests the reducer released (only with `keepFinished`). */
  #omitted: TotalsAccumulator | null = null;
  /** Final records of released requests still listed (see `listFinished`), oldest first. */
  #listed: RequestRecord[] = [];
  #listedCap = 0;

  constructor(options: AnalyzerOptions = {}) {
    const full = options.detail === "full" || options.onEntry !== undefined;
    this.#onEntry = options.onEntry ?? null;
    const bounded = options.keepFinished !== undefined;
    this.#reducerOptions = {
      detail: full ? "full" : "summary",
      limits: options.limits ?? (full ? FULL_LIMITS : bounded ? TABLE_LIMITS : SUMMARY_LIMITS),
      onEntry: this.#onEntry,
      wholeTexts: options.wholeTexts === true,
    };
    if (options.keepFinished !== undefined) {
      const omitted = new TotalsAccumulator();
      const onRequestDone = options.onRequestDone;
      this.#omitted = omitted;
      this.#reducerOptions.keepFinished = options.keepFinished;
      this.#listedCap = Math.max(0, (options.listFinished ?? 0) - options.keepFinished);
      this.#reducerOptions.onRelease = (record, codexVersion) => {
        omitted.add(record);
        onRequestDone?.(record, codexVersion);
        if (this.#listedCap > 0) this.#list(record);
      };
    }
    if (options.format !== undefined && options.format !== "unknown") {
      this.#setFormat(options.format);
    }
  }

  /** One complete line: bytes without the newline (CR already stripped). `bytes` is a view valid only during the call. */
  pushLine(bytes: Uint8Array, meta: LineMeta): void {
    this.pushLineRange(bytes, 0, bytes.length, meta);
  }

  /**
   * {@linkcode Analyzer.pushLine} for the line `buffer[start, end)`: most lines of big files
   * are handled without making a view of them.
   */
  pushLineRange(buffer: Uint8Array, start: number, end: number, meta: LineMeta): void {
    const lines = this.#lines;
    lines.total++;
    const context = this.#context;
    context.line = meta.line;
    context.time = meta.time ?? null;
    context.kernel = meta.kernel ?? null;
    if (
      this.#reducer === null && this.#format === "unknown" &&
      this.#probe.read(buffer, start, end, context.kernel)
    ) {
      this.#setFormat("mcp-server");
    }
    if (this.#reducer?.pushRange(buffer, start, end, context)) {
      lines.json++;
      return;
    }
    const whole = start === 0 && end === buffer.length;
    this.#parseLine(whole ? buffer : buffer.subarray(start, end), context);
  }

  /** A torn last line of a finished file: counted in lines.incomplete, never parsed as an event. */
  pushIncomplete(_bytes: Uint8Array, _meta: LineMeta): void {
    this.#lines.total++;
    this.#lines.incomplete++;
  }

  /** A line longer than the line limit, skipped unread: counted, and noted while few. */
  pushLongLine(bytes: number, meta: LineMeta): void {
    this.#lines.total++;
    this.#lines.tooLong++;
    if (this.#longLines.length < LONG_LINES_NOTED) this.#longLines.push({ line: meta.line, bytes });
  }

  /** The caller knows the server process is gone: open requests become no_response. */
  markServerExited(): void {
    this.#serverExited = true;
    this.#reducer?.markServerExited();
  }

  /** The analysis so far; may be called repeatedly while lines keep coming (watch). */
  analysis(): Analysis {
    const facts = this.#reducer?.facts();
    const kept = this.#reducer?.requests() ?? [];
    const listed = this.#listedRecords();
    const requests = listed.length === 0 ? kept : byFirstLine(listed, kept);
    const analysis: Analysis = {
      format: this.#format,
      codexVersion: facts?.codexVersion ?? null,
      requests,
      lines: { ...this.#lines },
      eventCounts: facts?.eventCounts ?? {},
      textLines: this.#textLines.map(textLine),
      serverExited: facts?.serverExited ?? this.#serverExited,
      longLines: this.#longLines.slice(),
    };
    const omitted = this.#omitted;
    if (omitted !== null && omitted.count > listed.length) {
      const states = omitted.states();
      for (const record of listed) states[record.state]--;
      analysis.omittedRequests = { count: omitted.count - listed.length, states };
      // Listed records are already in the accumulator: only the kept requests are added.
      analysis.totals = omitted.totalsWith(kept);
    }
    return analysis;
  }

  #list(record: RequestRecord): void {
    const listed = this.#listed;
    listed.push(record);
    // Trimmed in batches, so each release costs O(1) on average.
    if (listed.length >= 2 * this.#listedCap) listed.splice(0, listed.length - this.#listedCap);
  }

  #listedRecords(): RequestRecord[] {
    const listed = this.#listed;
    return listed.length > this.#listedCap ? listed.slice(-this.#listedCap) : listed.slice();
  }

  /** Call once at the end of a finished file: emits pending partial reasoning/messages, returns the analysis. */
  finish(): Analysis {
    this.#reducer?.flush();
    return this.analysis();
  }

  /** Keys of requests that changed since the previous call (for live views). */
  takeChanged(): string[] {
    return this.#reducer?.takeChanged() ?? [];
  }

  #setFormat(format: Format): void {
    this.#format = format;
    this.#reducer = reducerFor(format, this.#reducerOptions);
    if (this.#serverExited) this.#reducer?.markServerExited();
  }

  #parseLine(bytes: Uint8Array, context: LineContext): void {
    const first = firstNonSpace(bytes);
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(DECODER.decode(bytes));
      } catch {
        parsed = false;
      }
      if (parsed) {
        this.#lines.json++;
        if (this.#format === "unknown") {
          const format = detectFormat(value);
          if (format !== "unknown") this.#setFormat(format);
        }
        if (this.#reducer === null || !this.#reducer.pushJson(value, context)) this.#lines.other++;
        return;
      }
    }
    this.#textLine(bytes, context, first < 0);
  }

  #textLine(bytes: Uint8Array, context: LineContext, blank: boolean): void {
    this.#lines.text++;
    if (blank) return;
    const kept = { line: context.line, bytes: bytes.slice(0, TEXT_LINE_BYTES), text: null };
    pushBounded(this.#textLines, kept, TEXT_LINES_KEPT);
    this.#reducer?.pushText(bytes, context);
    if (this.#onEntry !== null) {
      const text = decodeTextLine(bytes);
      const { line, time } = context;
      this.#onEntry({ kind: "text", key: null, line, time, type: "text", text });
    }
  }
}
