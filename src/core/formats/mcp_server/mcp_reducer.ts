/** The reducer for `codex mcp-server` output: JSON-RPC lines grouped by `_meta.requestId`. */

import type {
  FormatReducer,
  LineContext,
  ReducerFacts,
  ReducerOptions,
} from "../format_reducer.ts";
import {
  type Entry,
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  type RequestId,
  type RequestRecord,
  stringAt,
  stringsAt,
} from "../../model/mod.ts";
import {
  addApproval,
  applyEvent,
  applyTokenTotals,
  byteReadEvents,
  emitEntry,
  type EventContext,
  flushPending,
  isSilentType,
  joinLineThread,
  MODEL_OUTPUT_TYPES,
} from "../../events/mod.ts";
import {
  bytesAt,
  isCompleteJson,
  isStringAt,
  MemberCursor,
  readIntOrNullAt,
  readStringAt,
  readValueAt,
  stringEnd,
  stringTail,
} from "../../bytes/mod.ts";
import { EventHeaderReader } from "./event_header.ts";
import { readUsageAt } from "./usage_bytes.ts";
import { SessionRegistry, type TrackedRequest } from "../../request/mod.ts";
import { ParsePolicy, type ParseVerdict, SKIP, SOMETIMES } from "./parse_policy.ts";
import { RequestTable } from "./request_table.ts";

const VERSION_IN_USER_AGENT = /\/(\d+\.\d+\.\d+[\w.+-]*)/;
const METHOD_NOT_FOUND = -32601;
const encoder = new TextEncoder();
// Tracing lines the server writes as it shuts down (RUST_LOG=info); ANSI codes never split them.
const SERVER_EXIT_LINES = [
  encoder.encode("processor task exited (channel closed)"),
  encoder.encode("stdout writer exited (channel closed)"),
];
const OPEN_PAREN = 0x28;
const QUOTE = 0x22;
const TOKEN_USAGE_KEY = encoder.encode(',"token_usage":');
const INFO_NULL = encoder.encode(',"info":null');
// token_count in both versions: `"type":"token_count","info":{"total_token_usage":{…},"last_token_usage":{…},"model_context_window":N}`.
const TOTAL_USAGE_KEY = encoder.encode(',"info":{"total_token_usage":');
const LAST_USAGE_KEY = encoder.encode(',"last_token_usage":');
const CONTEXT_WINDOW_KEY = encoder.encode(',"model_context_window":');
const RESPONSE_ID_KEY = encoder.encode(',"response_id":"');
/** Command ends longer than this are read from their bytes: their output can be megabytes. */
const BIG_LINE = 16 * 1024;
/** The fields of `exec_command_end` the model uses; the big output fields are not among them. */
const COMMAND_END_FIELDS = eventFields(
  "type",
  "call_id",
  "exit_code",
  "duration",
  "command",
  "cwd",
);
const AGGREGATED_OUTPUT_KEY = encoder.encode("aggregated_output");

/** A field of an event that {@linkcode applyEvent} reads, with its key's bytes. */
interface EventField {
  name: string;
  key: Uint8Array;
}

function eventFields(...names: string[]): readonly EventField[] {
  return names.map((name) => ({ name, key: encoder.encode(name) }));
}

/**
 * Frequent small events read from their bytes at a detail level: every field `applyEvent`
 * reads for that type, from the event vocabulary (the rest of the line is skipped, never decoded).
 */
function byteEvents(detail: "summary" | "full"): ReadonlyMap<string, readonly EventField[]> {
  return new Map(
    [...byteReadEvents(detail)].map(([type, fields]) => [type, eventFields(...fields)]),
  );
}

const BYTE_EVENTS = { summary: byteEvents("summary"), full: byteEvents("full") };
const TYPE_KEY = encoder.encode("type");
const LINE_END = encoder.encode("}}");
const ID_TAIL = encoder.encode(',"id":"');
// A tools/call answer as 0.47 writes it: `{"id":N,"jsonrpc":"2.0","result":{"content":[{"text":"…","type":"text"}]}}`.
const RESULT_START = encoder.encode('{"id":');
const RESULT_CONTENT = encoder.encode(',"jsonrpc":"2.0","result":{"content":[');
const TEXT_PART_START = encoder.encode('{"text":');
const TEXT_PART_END = encoder.encode(',"type":"text"}');
const RESULT_END = encoder.encode("]}}");
// A tools/call answer as 0.153 writes it: `{"jsonrpc":"2.0","id":N,"result":{"structuredContent":…,"content":[…]}}`.
const RPC_ID_START = encoder.encode('{"jsonrpc":"2.0","id":');
const ID_KEY = encoder.encode("id");
const JSONRPC_KEY = encoder.encode("jsonrpc");
const RESULT_KEY = encoder.encode("result");
const CONTENT_KEY = encoder.encode("content");
/** Members of a `tools/call` result read from bytes (a result with any other is parsed). */
const RESULT_FIELDS = eventFields("content", "structuredContent", "isError", "error");
/** Members of content parts and of `structuredContent` read from bytes (others: parsed). */
const PART_FIELDS = eventFields("type", "text", "threadId", "content");
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** What a `tools/call` answer says. */
interface Answer {
  /** A `tools/call` result (as opposed to an `initialize` or `tools/list` one). */
  toolResult: boolean;
  failed: boolean;
  text: string | null;
  error: string | null;
  threadId: string | null;
}

/** True when the `msg` object ended at `at` and the line ends as an event line does. */
function eventLineEnds(bytes: Uint8Array, at: number): boolean {
  if (at + 2 === bytes.length) return bytesAt(bytes, at, LINE_END);
  if (!bytesAt(bytes, at, ID_TAIL)) return false;
  const close = stringEnd(bytes, at + ID_TAIL.length - 1);
  return close + 3 === bytes.length && bytesAt(bytes, close + 1, LINE_END) &&
    isStringAt(bytes, at + ID_TAIL.length - 1, close + 1);
}

/** The request id after `{"id":` (a plain integer or plain string), or `null`. */
function readResultId(bytes: Uint8Array, at: number): { id: RequestId; end: number } | null {
  if (bytes[at] === QUOTE) {
    const close = stringEnd(bytes, at);
    if (close < 0) return null;
    const id = readStringAt(bytes, at, close + 1);
    return id === undefined ? null : { id, end: close + 1 };
  }
  const negative = bytes[at] === MINUS;
  const start = negative ? at + 1 : at;
  let end = start;
  let value = 0;
  while (end < bytes.length && end - start <= 15) {
    const byte = bytes[end] as number;
    if (byte < DIGIT_0 || byte > DIGIT_9) break;
    value = value * 10 + (byte - DIGIT_0);
    end++;
  }
  const digits = end - start;
  if (digits === 0 || digits > 15 || (digits > 1 && bytes[start] === DIGIT_0)) return null;
  return { id: negative ? -value : value, end };
}

/** Approval kinds by `codex_elicitation`. */
function elicitationKind(value: string | null): "exec" | "patch" | "other" {
  if (value === "exec-approval") return "exec";
  if (value === "patch-approval") return "patch";
  return "other";
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === "number" || typeof value === "string";
}

/** A `tools/call` result, as opposed to the result of `initialize` or `tools/list`. */
function isToolResult(result: unknown): result is JsonObject {
  return isObject(result) &&
    (Array.isArray(result.content) || typeof result.error === "string" || result.isError === true ||
      isObject(result.structuredContent));
}

function resultText(result: JsonObject): string | null {
  const content = Array.isArray(result.content) ? result.content : [];
  const texts = content.flatMap((part) =>
    isObject(part) && typeof part.text === "string" ? [part.text] : []
  );
  if (texts.length > 0) return texts.join("\n");
  const structured = objectAt(result, "structuredContent");
  return structured === null ? null : stringAt(structured, "content");
}

/**
 * Reduces mcp-server lines to request records. Requests are keyed by {@linkcode requestKey};
 * when a client reuses an id after its request ended, the new request gets the key
 * `KEY#2`, `KEY#3`...
 */
export class McpReducer implements FormatReducer {
  #full: boolean;
  #emit: ((entry: Entry) => void) | null;
  #options: ReducerOptions;
  #header = new EventHeaderReader();
  #cursor = new MemberCursor();
  #lineCursor = new MemberCursor();
  #partCursor = new MemberCursor();
  #policy: ParsePolicy;
  #byteEvents: ReadonlyMap<string, readonly EventField[]>;
  #sessions = new SessionRegistry();
  #sharedContext: EventContext;
  #table: RequestTable;
  #onRelease: ((record: RequestRecord, codexVersion: string | null) => void) | null;
  #eventCounts = new Map<string, number>();
  /** Counts of events read from their header bytes, by the header's type id. */
  #headerCounts: number[] = [];
  #headerTypes: string[] = [];
  /** The policy's verdict per header type id. */
  #typeParse: ParseVerdict[] = [];
  #changed = new Set<TrackedRequest>();
  #codexVersion: string | null = null;
  #serverExited = false;

  constructor(options: ReducerOptions) {
    this.#options = options;
    this.#full = options.detail === "full";
    this.#emit = options.onEntry;
    this.#sharedContext = {
      line: 0,
      time: null,
      threadId: null,
      sessions: this.#sessions,
      emit: this.#emit,
    };
    this.#policy = new ParsePolicy(options.detail, options.wholeTexts === true);
    this.#byteEvents = BYTE_EVENTS[this.#full ? "full" : "summary"];
    this.#onRelease = options.onRelease ?? null;
    this.#table = new RequestTable({
      ...(options.keepFinished === undefined ? {} : { keepFinished: options.keepFinished }),
      limits: options.limits,
      full: this.#full,
    });
  }

  pushRange(buffer: Uint8Array, start: number, end: number, context: LineContext): boolean {
    const header = this.#header;
    if (!header.read(buffer, start, end, context.kernel ?? null)) {
      return this.#nonEventBytes(buffer.subarray(start, end), context);
    }
    // The header reads only the line's start: an incomplete line must go to the parse path.
    if (!header.isComplete(buffer, start, end)) return false;
    if (this.#countOnly(buffer, context)) return true;
    header.rebase(start);
    return this.#eventBytes(buffer.subarray(start, end), context);
  }

  /** A line that is no event in the byte shape: a 0.47 or 0.153 answer read from bytes, if it is one. */
  #nonEventBytes(bytes: Uint8Array, context: LineContext): boolean {
    if (bytesAt(bytes, 0, RESULT_START)) {
      return isCompleteJson(bytes) && this.#resultFromBytes(bytes, context);
    }
    return bytesAt(bytes, 0, RPC_ID_START) && isCompleteJson(bytes) &&
      this.#resultObjectFromBytes(bytes, context);
  }

  /**
   * Counts the event whose header was just read when nothing else of it is needed (most lines:
   * deltas and raw items); false when its body must be read.
   */
  #countOnly(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    const eventType = header.eventType;
    let verdict = this.#typeParse[eventType.id];
    if (verdict === undefined) {
      verdict = this.#policy.parseVerdict(eventType.name);
      this.#typeParse[eventType.id] = verdict;
    }
    if (verdict !== SKIP) return false;
    this.#countHeaderEvent(bytes, context);
    return true;
  }

  #countHeaderEvent(bytes: Uint8Array, context: LineContext): void {
    const type = this.#header.type;
    const request = this.#countedRequest(bytes, context);
    if (this.#emit !== null && !isSilentType(type)) {
      emitEntry(request, this.#eventContext(context, null), { kind: "event", type, text: type });
    }
  }

  /**
   * The request of the event whose header was just read (in `bytes`), with the event counted
   * and the line's thread joined as parsing it would.
   */
  #countedRequest(bytes: Uint8Array, context: LineContext): TrackedRequest {
    const header = this.#header;
    const request = this.#requestForEvent(header.requestId, header.type, context.line);
    this.#countEvent(request, header.type, context, header.eventType.id);
    if (request.threadId === null && header.threadStart >= 0) {
      joinLineThread(request, header.type, this.#eventContext(context, header.threadId(bytes)));
    }
    return request;
  }

  /** Counts the event whose header was just read and applies `msg`, read from its `bytes`. */
  #applyFromBytes(msg: JsonObject, bytes: Uint8Array, context: LineContext): boolean {
    const request = this.#countedRequest(bytes, context);
    applyEvent(request, msg, this.#eventContext(context, this.#threadIdFor(request, bytes)));
    return true;
  }

  /** An event whose header was just read and whose body matters. */
  #eventBytes(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    const type = header.type;
    if (
      this.#typeParse[header.eventType.id] === SOMETIMES && !this.#policy.needsParse(header, bytes)
    ) {
      this.#countHeaderEvent(bytes, context);
      return true;
    }
    if (type === "token_count") return this.#tokenCountFromBytes(bytes, context);
    if (type === "raw_response_completed") return this.#rawUsageFromBytes(bytes, context);
    const fields = this.#byteEvents.get(type);
    if (fields !== undefined) return this.#eventFromBytes(bytes, fields, context);
    // Without output excerpts (the bounded summary) the big output fields need no parse at all.
    if (
      type === "exec_command_end" &&
      (bytes.length > BIG_LINE || this.#options.limits.commandOutput === 0)
    ) {
      return this.#commandEndFromBytes(bytes, context);
    }
    return false;
  }

  pushJson(value: unknown, context: LineContext): boolean {
    if (!isObject(value)) return false;
    const method = value.method;
    if (typeof method === "string") {
      if (isRequestId(value.id)) return this.#serverRequest(value, method, value.id, context);
      if (method === "codex/event") return this.#event(value, context);
      // 0.20 sends every event again as `method: <type>`; only the codex/event copy counts.
      const msg = objectAt(objectAt(value, "params") ?? {}, "msg");
      return msg !== null && msg.type === method;
    }
    if (!isRequestId(value.id)) return false;
    if ("result" in value) return this.#result(value.id, value.result, context);
    if ("error" in value) return this.#errorResponse(value.id, value.error, context);
    return false;
  }

  pushText(bytes: Uint8Array, _context: LineContext): void {
    // Both exit lines hold "(channel closed)": look for the rare "(" natively first.
    let paren = bytes.indexOf(OPEN_PAREN);
    while (paren >= 0) {
      for (const pattern of SERVER_EXIT_LINES) {
        const at = paren - (pattern.length - "(channel closed)".length);
        if (at >= 0 && bytesAt(bytes, at, pattern)) return this.markServerExited();
      }
      paren = bytes.indexOf(OPEN_PAREN, paren + 1);
    }
  }

  markServerExited(): void {
    this.#serverExited = true;
    for (const request of this.#table.all()) {
      if (!request.ended && !request.serverGone && !request.released) {
        request.serverGone = true;
        request.invalidate();
        this.#markChanged(request);
      }
    }
  }

  flush(): void {
    for (const request of this.#table.all()) {
      if (request.released) continue;
      flushPending(
        request,
        this.#eventContext({ line: request.lastLine, time: request.lastTime }, null),
      );
    }
  }

  requests(): RequestRecord[] {
    return this.#table.kept().map((request) => request.record());
  }

  facts(): ReducerFacts {
    const eventCounts = Object.fromEntries(this.#eventCounts);
    this.#headerCounts.forEach((count, id) => {
      const type = this.#headerTypes[id] as string;
      eventCounts[type] = (eventCounts[type] ?? 0) + count;
    });
    return { codexVersion: this.#codexVersion, serverExited: this.#serverExited, eventCounts };
  }

  takeChanged(): string[] {
    const keys: string[] = [];
    for (const request of this.#changed) {
      request.changed = false;
      keys.push(request.key);
    }
    this.#changed.clear();
    return keys;
  }

  /** A `token_count` read without parsing (the most frequent event the summary needs). */
  #tokenCountFromBytes(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    let totals = null;
    if (!header.followedBy(bytes, INFO_NULL)) {
      if (!header.followedBy(bytes, TOTAL_USAGE_KEY)) return false;
      const total = readUsageAt(bytes, header.typeEnd + TOTAL_USAGE_KEY.length);
      if (total === null || !bytesAt(bytes, total.end, LAST_USAGE_KEY)) return false;
      const last = readUsageAt(bytes, total.end + LAST_USAGE_KEY.length);
      if (last === null || !bytesAt(bytes, last.end, CONTEXT_WINDOW_KEY)) return false;
      const contextWindow = readIntOrNullAt(bytes, last.end + CONTEXT_WINDOW_KEY.length);
      if (contextWindow === undefined) return false;
      totals = { total: total.usage, last: last.usage, contextWindow };
    }
    const request = this.#countedRequest(bytes, context);
    if (totals !== null) applyTokenTotals(request, totals, this.#eventContext(context, null));
    return true;
  }

  /** A `raw_response_completed` (one per model call): only its `token_usage` matters. */
  #rawUsageFromBytes(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    if (!header.followedBy(bytes, RESPONSE_ID_KEY)) return false;
    const idEnd = stringEnd(bytes, header.typeEnd + RESPONSE_ID_KEY.length - 1);
    if (idEnd < 0 || !bytesAt(bytes, idEnd + 1, TOKEN_USAGE_KEY)) return false;
    const usage = readUsageAt(bytes, idEnd + 1 + TOKEN_USAGE_KEY.length);
    if (usage === null) return false;
    const request = this.#countedRequest(bytes, context);
    request.addRawUsage(usage.usage);
    return true;
  }

  /**
   * An `exec_command_end` with only the tail of its output decoded (big lines), or none of it
   * when no output excerpt is kept (then only whether there was output matters).
   */
  #commandEndFromBytes(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, header.msgStart)) return false;
    const maxOutput = this.#options.limits.commandOutput;
    const msg: JsonObject = {};
    let output: string | null = null;
    try {
      while (cursor.next()) {
        if (cursor.keyIs(AGGREGATED_OUTPUT_KEY)) {
          const member = { key: "aggregated_output", start: cursor.start, end: cursor.end };
          if (maxOutput > 0) output = stringTail(bytes, member, maxOutput);
          else if (bytes[member.start] === QUOTE) {
            // Clipped to nothing anyway: "" stays "", any other text becomes the clip mark.
            output = member.end - member.start === 2 ? "" : " ";
          }
          continue;
        }
        for (const field of COMMAND_END_FIELDS) {
          if (!cursor.keyIs(field.key)) continue;
          const value = readValueAt(bytes, cursor.start, cursor.end);
          if (value === undefined) return false;
          msg[field.name] = value;
          break;
        }
      }
    } catch {
      return false;
    }
    if (cursor.closed < 0 || !eventLineEnds(bytes, cursor.closed)) return false;
    if (output === null || msg.type !== "exec_command_end") return false;
    msg.aggregated_output = output;
    return this.#applyFromBytes(msg, bytes, context);
  }

  /**
   * A small event read from its bytes: only the `fields` its type needs are decoded, into a
   * message `applyEvent` handles as if the line had been parsed.
   */
  #eventFromBytes(
    bytes: Uint8Array,
    fields: readonly EventField[],
    context: LineContext,
  ): boolean {
    const header = this.#header;
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, header.msgStart) || !cursor.next()) return false;
    // The first member is the type the header read; a second `type` would override it.
    const msg: JsonObject = { type: header.type };
    while (cursor.next()) {
      if (cursor.keyIs(TYPE_KEY)) return false;
      for (const field of fields) {
        if (!cursor.keyIs(field.key)) continue;
        const value = readValueAt(bytes, cursor.start, cursor.end);
        if (value === undefined) return false;
        msg[field.name] = value;
        break;
      }
    }
    if (cursor.closed < 0 || !eventLineEnds(bytes, cursor.closed)) return false;
    return this.#applyFromBytes(msg, bytes, context);
  }

  /** A `tools/call` answer in the exact shape 0.47 writes, read from its bytes. */
  #resultFromBytes(bytes: Uint8Array, context: LineContext): boolean {
    const read = readResultId(bytes, RESULT_START.length);
    if (read === null || !bytesAt(bytes, read.end, RESULT_CONTENT)) return false;
    let at = read.end + RESULT_CONTENT.length;
    let text: string | null = null;
    if (bytes[at] !== CLOSE_BRACKET) {
      while (true) {
        if (!bytesAt(bytes, at, TEXT_PART_START)) return false;
        const open = at + TEXT_PART_START.length;
        const close = bytes[open] === QUOTE ? stringEnd(bytes, open) : -1;
        if (close < 0) return false;
        const part = readStringAt(bytes, open, close + 1);
        if (part === undefined || !bytesAt(bytes, close + 1, TEXT_PART_END)) return false;
        text = text === null ? part : `${text}\n${part}`;
        at = close + 1 + TEXT_PART_END.length;
        if (bytes[at] === CLOSE_BRACKET) break;
        if (bytes[at] !== COMMA) return false;
        at++;
      }
    }
    if (at + RESULT_END.length !== bytes.length || !bytesAt(bytes, at, RESULT_END)) return false;
    const answer = { toolResult: true, failed: false, text, error: null, threadId: null };
    return this.#answer(read.id, answer, context);
  }

  /** The line's `_meta.threadId` when `applyEvent` can use it (decoding it costs). */
  #threadIdFor(request: TrackedRequest, bytes: Uint8Array): string | null {
    const header = this.#header;
    return request.threadId === null || header.type === "session_configured"
      ? header.threadId(bytes)
      : null;
  }

  /**
   * A response with a result object holding only `content`, `structuredContent`, `isError`
   * and `error`, read from its bytes into the value parsing would give.
   */
  #resultObjectFromBytes(bytes: Uint8Array, context: LineContext): boolean {
    const line = this.#lineCursor;
    if (!line.begin(bytes, 0)) return false;
    let id: unknown = undefined;
    let resultStart = -1;
    let resultEnd = -1;
    while (line.next()) {
      if (line.keyIs(ID_KEY)) id = readValueAt(bytes, line.start, line.end);
      else if (line.keyIs(RESULT_KEY)) {
        resultStart = line.start;
        resultEnd = line.end;
      } else if (
        !line.keyIs(JSONRPC_KEY) || readValueAt(bytes, line.start, line.end) === undefined
      ) {
        return false;
      }
    }
    if (line.closed !== bytes.length || !isRequestId(id) || resultStart < 0) return false;
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, resultStart)) return false;
    const result: JsonObject = {};
    while (cursor.next()) {
      const field = RESULT_FIELDS.find((candidate) => cursor.keyIs(candidate.key));
      if (field === undefined) return false;
      let value: unknown;
      if (cursor.keyIs(CONTENT_KEY)) value = this.#readParts(bytes, cursor.start, cursor.end);
      else {
        value = this.#readSmallObject(bytes, cursor.start, cursor.end);
        // An object read from bytes must fill the member exactly.
        if (this.#partEnd >= 0 && this.#partEnd !== cursor.end) return false;
      }
      if (value === undefined) return false;
      result[field.name] = value;
    }
    if (cursor.closed !== resultEnd) return false;
    return this.#result(id, result, context);
  }

  /** An array of small objects (content parts) from its bytes, or any value by parsing. */
  #readParts(bytes: Uint8Array, start: number, end: number): unknown {
    if (bytes[start] !== OPEN_BRACKET) return readValueAt(bytes, start, end);
    const parts: unknown[] = [];
    let at = start + 1;
    if (bytes[at] === CLOSE_BRACKET) return at + 1 === end ? parts : undefined;
    while (at < end) {
      const part = this.#readSmallObject(bytes, at, end);
      if (part === undefined || this.#partEnd < 0) return readValueAt(bytes, start, end);
      parts.push(part);
      at = this.#partEnd;
      if (bytes[at] === CLOSE_BRACKET) return at + 1 === end ? parts : undefined;
      if (bytes[at] !== COMMA) return undefined;
      at++;
    }
    return undefined;
  }

  /** Where the object {@linkcode McpReducer.#readSmallObject} read last ended, or -1. */
  #partEnd = -1;

  /**
   * The object at `start` when it holds only members of {@linkcode PART_FIELDS} (then
   * `#partEnd` is where it ended); any other value up to `end` by parsing.
   */
  #readSmallObject(bytes: Uint8Array, start: number, end: number): unknown {
    this.#partEnd = -1;
    const cursor = this.#partCursor;
    if (!cursor.begin(bytes, start)) return readValueAt(bytes, start, end);
    const object: JsonObject = {};
    while (cursor.next()) {
      const field = PART_FIELDS.find((candidate) => cursor.keyIs(candidate.key));
      const value = field === undefined ? undefined : readValueAt(bytes, cursor.start, cursor.end);
      if (field === undefined || value === undefined) return readValueAt(bytes, start, end);
      object[field.name] = value;
    }
    if (cursor.closed < 0) return readValueAt(bytes, start, end);
    this.#partEnd = cursor.closed;
    return object;
  }

  /**
   * The context for `applyEvent` and its helpers, which never keep it: one object serves every
   * event, so the most frequent lines allocate nothing for it.
   */
  #eventContext(context: LineContext, threadId: string | null): EventContext {
    const shared = this.#sharedContext;
    shared.line = context.line;
    shared.time = context.time;
    shared.threadId = threadId;
    return shared;
  }

  #event(value: JsonObject, context: LineContext): boolean {
    const params = objectAt(value, "params");
    const meta = params === null ? null : objectAt(params, "_meta");
    const msg = params === null ? null : objectAt(params, "msg");
    const type = msg === null ? null : stringAt(msg, "type");
    if (msg === null || type === null) return false;
    const requestId = meta?.requestId;
    if (!isRequestId(requestId)) {
      // Cannot be grouped, but its type still counts for the file.
      this.#eventCounts.set(type, (this.#eventCounts.get(type) ?? 0) + 1);
      return true;
    }
    const request = this.#requestForEvent(requestId, type, context.line);
    this.#countEvent(request, type, context);
    const threadId = meta === null ? null : stringAt(meta, "threadId");
    applyEvent(request, msg, this.#eventContext(context, threadId));
    return true;
  }

  /** Counts an event of `type`; `typeId` is its header id when it was read from bytes. */
  #countEvent(request: TrackedRequest, type: string, context: LineContext, typeId = -1): void {
    if (typeId < 0) this.#eventCounts.set(type, (this.#eventCounts.get(type) ?? 0) + 1);
    else {
      const counts = this.#headerCounts;
      const count = counts[typeId];
      if (count === undefined) {
        // The map keeps types in the order first seen; header counts are added in facts().
        if (!this.#eventCounts.has(type)) this.#eventCounts.set(type, 0);
        this.#headerTypes[typeId] = type;
        counts[typeId] = 1;
      } else counts[typeId] = count + 1;
    }
    request.touch(type, context.line, context.time);
    request.hasEvents = true;
    if (!request.sawModelOutput && MODEL_OUTPUT_TYPES.has(type)) request.sawModelOutput = true;
    if (request.otherApprovalPending && type !== "token_count" && !type.startsWith("request_")) {
      request.resolveOtherApprovals();
    }
    if (!request.changed) this.#markChanged(request);
  }

  #markChanged(request: TrackedRequest): void {
    if (request.changed) return;
    request.changed = true;
    this.#changed.add(request);
  }

  /** The request an event belongs to; a new one when an ended id starts a new call. */
  #requestForEvent(id: RequestId, type: string, line: number): TrackedRequest {
    const request = this.#table.lookup(id);
    if (request !== undefined) {
      const restarts = type === "session_configured" || type === "task_started";
      if (!request.ended || !restarts) return request;
    }
    return this.#create(id, line);
  }

  #create(id: RequestId, line: number): TrackedRequest {
    const request = this.#table.create(id, line);
    this.#markChanged(request);
    return request;
  }

  #serverRequest(value: JsonObject, method: string, id: RequestId, context: LineContext): boolean {
    if (method !== "elicitation/create") return false;
    const params = objectAt(value, "params") ?? {};
    const callId = stringAt(params, "codex_call_id");
    const toolCallId = stringAt(params, "codex_mcp_tool_call_id");
    const request = this.#requestForApproval(callId, toolCallId, context.line);
    if (request === undefined) return false;
    request.seen(context.line, context.time);
    this.#markChanged(request);
    const threadId = stringAt(params, "threadId");
    if (threadId !== null) request.threadId ??= threadId;
    const message = stringAt(params, "message") ?? "";
    const known = callId === null ? undefined : request.approvalFor(callId);
    if (known !== undefined) {
      known.serverRequestId = id;
      if (message !== "") known.message = message;
      return true;
    }
    const eventContext = this.#eventContext(context, threadId);
    addApproval(request, eventContext, {
      serverRequestId: id,
      kind: elicitationKind(stringAt(params, "codex_elicitation")),
      callId,
      command: stringsAt(params, "codex_command"),
      message,
    });
    const cwd = stringAt(params, "codex_cwd");
    if (cwd !== null) request.cwd ??= cwd;
    return true;
  }

  /** The request an `elicitation/create` is about: by call id, else by the tool call id. */
  #requestForApproval(
    callId: string | null,
    toolCallId: string | null,
    line: number,
  ): TrackedRequest | undefined {
    if (callId !== null) {
      const requests = this.#table.all();
      for (let i = requests.length - 1; i >= 0; i--) {
        const request = requests[i] as TrackedRequest;
        if (!request.ended && !request.released && request.approvalFor(callId) !== undefined) {
          return request;
        }
      }
    }
    if (toolCallId === null) return undefined;
    // `codex_mcp_tool_call_id` is the request id as text: 1 and "1" both read "1".
    const asNumber = /^-?\d+$/.test(toolCallId)
      ? this.#table.byNumber(Number(toolCallId))
      : undefined;
    const asString = this.#table.byString(toolCallId);
    const open = [asNumber, asString].find((request) => request !== undefined && !request.ended);
    return open ?? asNumber ?? asString ??
      this.#create(/^-?\d+$/.test(toolCallId) ? Number(toolCallId) : toolCallId, line);
  }

  #result(id: RequestId, result: unknown, context: LineContext): boolean {
    if (isObject(result) && isObject(result.serverInfo)) {
      const info = result.serverInfo;
      const userAgent = stringAt(info, "user_agent");
      const fromAgent = userAgent === null ? undefined : VERSION_IN_USER_AGENT.exec(userAgent)?.[1];
      this.#codexVersion = stringAt(info, "version") ?? fromAgent ?? this.#codexVersion;
      // A new server answered initialize: requests from now on have a live server.
      this.#serverExited = false;
      return true;
    }
    const object = isObject(result) ? result : {};
    const structured = objectAt(object, "structuredContent");
    return this.#answer(id, {
      toolResult: isToolResult(result),
      failed: object.isError === true || typeof object.error === "string",
      text: resultText(object),
      error: stringAt(object, "error"),
      threadId: structured === null ? null : stringAt(structured, "threadId"),
    }, context);
  }

  /** A result that is not an `initialize` answer: ends its request when it answers one. */
  #answer(id: RequestId, answer: Answer, context: LineContext): boolean {
    const { toolResult, failed, text, threadId } = answer;
    const known = this.#table.lookup(id);
    let request: TrackedRequest;
    if (known !== undefined && !known.ended && (known.hasEvents || toolResult)) request = known;
    else if (toolResult) request = this.#create(id, context.line);
    else return true;
    if (threadId !== null) request.threadId ??= threadId;
    const eventContext = this.#eventContext(context, null);
    if (failed) {
      const message = text ?? answer.error ?? "failed";
      request.addError({ kind: "result_error", message, line: context.line });
      emitEntry(request, eventContext, { kind: "error", type: "result", text: message });
    } else {
      request.resultText = text;
      emitEntry(request, eventContext, { kind: "event", type: "result", text: "result received" });
    }
    this.#end(request, { kind: "result", success: !failed }, context);
    return true;
  }

  #errorResponse(id: RequestId, error: unknown, context: LineContext): boolean {
    const object = isObject(error) ? error : {};
    const code = numberAt(object, "code");
    const known = this.#table.lookup(id);
    let request: TrackedRequest;
    if (known !== undefined && !known.ended) request = known;
    // An unknown method was never a tools/call, so it makes no request record.
    else if (code !== METHOD_NOT_FOUND) request = this.#create(id, context.line);
    else return true;
    const text = stringAt(object, "message") ?? "JSON-RPC error";
    const message = code === null ? text : `${text} (${code})`;
    request.addError({ kind: "protocol_error", message, line: context.line });
    emitEntry(request, this.#eventContext(context, null), {
      kind: "error",
      type: "error_response",
      text: message,
    });
    this.#end(request, { kind: "rpc_error" }, context);
    return true;
  }

  #end(request: TrackedRequest, outcome: TrackedRequest["outcome"], context: LineContext): void {
    request.outcome = outcome;
    request.endLine = context.line;
    request.serverGone = false;
    request.resolveApprovals(null);
    flushPending(request, this.#eventContext(context, null));
    if (request.joinPending) request.joinPending = false;
    request.seen(context.line, context.time);
    this.#markChanged(request);
    this.#table.finish(request, (released, record) => {
      this.#sessions.release(released);
      if (released.changed) {
        released.changed = false;
        this.#changed.delete(released);
      }
      this.#onRelease?.(record, this.#codexVersion);
    });
  }
}
