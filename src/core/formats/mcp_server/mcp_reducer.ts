/**
 * The reducer for `codex mcp-server` output: JSON-RPC lines grouped by `_meta.requestId`.
 * Lines are read by the byte fast path (`byte_events.ts`, `byte_answers.ts`) or parsed and
 * read as JSON-RPC messages (`json_rpc.ts`); this file applies what they say to the requests,
 * which `request_table.ts` keeps and releases.
 *
 * @module
 */

import type {
  FormatReducer,
  LineContext,
  ReducerFacts,
  ReducerOptions,
} from "../format_reducer.ts";
import type { Entry, RequestId, RequestRecord, TokenUsage } from "../../model/mod.ts";
import {
  addApproval,
  applyEvent,
  applyTextPiece,
  applyTokenTotals,
  emitEntry,
  type EventContext,
  flushPending,
  isSilentType,
  joinLineThread,
  MODEL_OUTPUT_TYPES,
  type TokenTotals,
} from "../../events/mod.ts";
import { bytesAt, isCompleteJson } from "../../bytes/mod.ts";
import { COMPLETE, type LineKernel, UNKNOWN } from "../../wasm/mod.ts";
import { EventHeaderReader } from "./event_header.ts";
import { type Outcome, SessionRegistry, type TrackedRequest } from "../../request/mod.ts";
import { ParsePolicy, type ParseVerdict, SKIP, SOMETIMES } from "./parse_policy.ts";
import { RequestTable } from "./request_table.ts";
import { CALL_USAGE, EventByteReader, MSG, PARSE_LINE, TEXT_PIECE } from "./byte_events.ts";
import { HeldLines } from "./held_lines.ts";
import { readPlainAnswer, RESULT_START, ResultObjectReader, RPC_ID_START } from "./byte_answers.ts";
import { type Answer, type Elicitation, readRpcMessage, type RpcMessage } from "./json_rpc.ts";

const encoder = new TextEncoder();
// Tracing lines the server writes as it shuts down (RUST_LOG=info); ANSI codes never split them.
const SERVER_EXIT_LINES = [
  encoder.encode("processor task exited (channel closed)"),
  encoder.encode("stdout writer exited (channel closed)"),
];
const OPEN_PAREN = 0x28;
const TOKEN_COUNT = "token_count";
const AGENT_MESSAGE = "agent_message";

/**
 * Whether `buffer[start, end)` is one complete JSON value, as `isCompleteJson` says: checked in
 * `kernel` when its memory holds the line (one WebAssembly call instead of a JavaScript loop).
 */
function completeJson(
  buffer: Uint8Array,
  start: number,
  end: number,
  kernel: LineKernel | null,
): boolean {
  if (kernel !== null && kernel.holds(buffer)) {
    const verdict = kernel.complete(buffer.byteOffset + start, buffer.byteOffset + end);
    if (verdict !== UNKNOWN) return verdict === COMPLETE;
  }
  return isCompleteJson(buffer, start, end);
}

/**
 * Reduces mcp-server lines to request records. Requests are keyed by {@linkcode requestKey};
 * when a client reuses an id after its request ended, the new request gets the key
 * `KEY#2`, `KEY#3`...
 */
export class McpReducer implements FormatReducer {
  #full: boolean;
  #emit: ((entry: Entry) => void) | null;
  #header = new EventHeaderReader();
  #policy: ParsePolicy;
  #byteEvents: EventByteReader;
  /** Last-wins lines held undecoded; `null` when entries are wanted (each line is one). */
  #held: HeldLines | null;
  #resultObjects = new ResultObjectReader();
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
    this.#byteEvents = new EventByteReader(options.detail, {
      commandOutput: options.limits.commandOutput,
    });
    this.#held = this.#emit === null ? new HeldLines(this.#byteEvents, this.#sessions) : null;
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
      return this.#nonEventBytes(buffer, start, end, context);
    }
    // The header reads only the line's start: an incomplete line must go to the parse path.
    if (!header.isComplete(buffer, start, end)) return false;
    if (this.#countOnly(buffer, context)) return true;
    header.rebase(start);
    return this.#eventBytes(buffer.subarray(start, end), context);
  }

  /** A line that is no event in the byte shape: a 0.47 or 0.153 answer read from bytes, if it is one. */
  #nonEventBytes(buffer: Uint8Array, start: number, end: number, context: LineContext): boolean {
    let read = null;
    if (bytesAt(buffer, start, RESULT_START)) {
      read = completeJson(buffer, start, end, context.kernel ?? null)
        ? readPlainAnswer(buffer.subarray(start, end))
        : null;
    } else if (
      bytesAt(buffer, start, RPC_ID_START) &&
      completeJson(buffer, start, end, context.kernel ?? null)
    ) {
      read = this.#resultObjects.read(buffer.subarray(start, end));
    }
    return read !== null && this.#answer(read.id, read.answer, context);
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

  /** An event whose header was just read, read from its `bytes`: false when it must be parsed. */
  #readFromBytes(bytes: Uint8Array, context: LineContext): boolean {
    const reader = this.#byteEvents;
    const header = this.#header;
    const held = this.#held;
    if (held !== null && this.#holds(held, bytes, context)) return true;
    const event = reader.read(bytes, header);
    if (event === PARSE_LINE) return false;
    const request = this.#countedRequest(bytes, context);
    if (event === MSG) {
      const threadId = this.#threadIdFor(request, bytes);
      applyEvent(request, reader.msg, this.#eventContext(context, threadId));
    } else if (event === TEXT_PIECE) {
      const threadId = this.#threadIdFor(request, bytes);
      applyTextPiece(
        request,
        this.#header.type,
        reader.piece,
        this.#eventContext(context, threadId),
      );
    } else if (event === CALL_USAGE) request.addRawUsage(reader.usage as TokenUsage);
    else if (reader.totals !== null) this.#applyTotals(request, reader.totals, context);
    return true;
  }

  /**
   * Holds the event whose header was just read, when it is a last-wins line (a token count or
   * an agent message) its request holds (see `held_lines.ts`): counted now, read later.
   */
  #holds(held: HeldLines, bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    const type = header.type;
    if (type !== TOKEN_COUNT && type !== AGENT_MESSAGE) return false;
    // Token counts and agent messages never start a request: the lookup finds theirs.
    const known = this.#table.lookup(header.requestId);
    if (known === undefined) return false;
    const reader = this.#byteEvents;
    if (type === TOKEN_COUNT) {
      if (!held.wantsCount(known) || !reader.replacesTotals(bytes, header)) return false;
      const request = this.#countedRequest(bytes, context);
      if (held.holdCount(request, bytes, header)) return true;
      reader.read(bytes, header);
      this.#applyTotals(request, reader.totals as TokenTotals, context);
      return true;
    }
    if (!held.wantsMessage(known) || !reader.takesMembers(bytes, header)) return false;
    const request = this.#countedRequest(bytes, context);
    const eventContext = this.#eventContext(context, this.#threadIdFor(request, bytes));
    // Joining the line's thread is the part of applyEvent that cannot wait.
    joinLineThread(request, type, eventContext);
    const at = { type, msgStart: header.msgStart, line: context.line };
    if (held.holdMessage(request, bytes, at)) return true;
    reader.read(bytes, header);
    applyEvent(request, reader.msg, eventContext);
    return true;
  }

  /** Applies a token count read now, after the held counts it depends on. */
  #applyTotals(request: TrackedRequest, totals: TokenTotals, context: LineContext): void {
    this.#held?.settleBefore(request);
    applyTokenTotals(request, totals, this.#eventContext(context, null));
  }

  /** An event whose header was just read and whose body matters. */
  #eventBytes(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    if (
      this.#typeParse[header.eventType.id] === SOMETIMES && !this.#policy.needsParse(header, bytes)
    ) {
      this.#countHeaderEvent(bytes, context);
      return true;
    }
    return this.#readFromBytes(bytes, context);
  }

  pushJson(value: unknown, context: LineContext): boolean {
    const message = readRpcMessage(value);
    return message !== null && this.#apply(message, context);
  }

  /** Applies a message of a parsed line. */
  #apply(message: RpcMessage, context: LineContext): boolean {
    switch (message.kind) {
      case "event":
        return this.#event(message, context);
      case "elicitation":
        return this.#elicitation(message.elicitation, context);
      case "initialized":
        this.#codexVersion = message.version ?? this.#codexVersion;
        // A new server answered initialize: requests from now on have a live server.
        this.#serverExited = false;
        return true;
      case "answer":
        return this.#answer(message.id, message.answer, context);
      case "error":
        return this.#errorResponse(message, context);
      case "repeat":
        return true;
    }
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
        request.loseServer();
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
      request.clearChanged();
      keys.push(request.key);
    }
    this.#changed.clear();
    return keys;
  }

  /** The line's `_meta.threadId` when `applyEvent` can use it (decoding it costs). */
  #threadIdFor(request: TrackedRequest, bytes: Uint8Array): string | null {
    const header = this.#header;
    return request.threadId === null || header.type === "session_configured"
      ? header.threadId(bytes)
      : null;
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

  #event(event: Extract<RpcMessage, { kind: "event" }>, context: LineContext): boolean {
    const { type, requestId } = event;
    if (requestId === null) {
      // Cannot be grouped, but its type still counts for the file.
      this.#eventCounts.set(type, (this.#eventCounts.get(type) ?? 0) + 1);
      return true;
    }
    const request = this.#requestForEvent(requestId, type, context.line);
    this.#countEvent(request, type, context);
    // A parsed count may join the line's thread first: any session's total may be read.
    if (type === TOKEN_COUNT) this.#held?.settleAll();
    applyEvent(request, event.msg, this.#eventContext(context, event.threadId));
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
    request.noteEvent(!request.sawModelOutput && MODEL_OUTPUT_TYPES.has(type));
    if (request.otherApprovalPending && type !== "token_count" && !type.startsWith("request_")) {
      request.resolveOtherApprovals();
    }
    if (!request.changed) this.#markChanged(request);
  }

  #markChanged(request: TrackedRequest): void {
    if (request.markChanged()) this.#changed.add(request);
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

  #elicitation(elicitation: Elicitation, context: LineContext): boolean {
    const { callId, threadId, message } = elicitation;
    const request = this.#requestForApproval(callId, elicitation.toolCallId, context.line);
    if (request === undefined) return false;
    request.seen(context.line, context.time);
    this.#markChanged(request);
    if (threadId !== null) request.adoptThread(threadId);
    const known = callId === null ? undefined : request.approvalFor(callId);
    if (known !== undefined) {
      request.updateApproval(known, { serverRequestId: elicitation.serverRequestId, message });
      return true;
    }
    const eventContext = this.#eventContext(context, threadId);
    addApproval(request, eventContext, {
      serverRequestId: elicitation.serverRequestId,
      kind: elicitation.kind,
      callId,
      command: elicitation.command,
      message,
    });
    if (elicitation.cwd !== null) request.inherit({ cwd: elicitation.cwd });
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

  /** A result that is not an `initialize` answer: ends its request when it answers one. */
  #answer(id: RequestId, answer: Answer, context: LineContext): boolean {
    const { toolResult, failed, text, threadId } = answer;
    const known = this.#table.lookup(id);
    let request: TrackedRequest;
    if (known !== undefined && !known.ended && (known.hasEvents || toolResult)) request = known;
    else if (toolResult) request = this.#create(id, context.line);
    else return true;
    if (threadId !== null) request.adoptThread(threadId);
    const eventContext = this.#eventContext(context, null);
    if (failed) {
      const message = text ?? answer.error ?? "failed";
      request.addError({ kind: "result_error", message, line: context.line });
      emitEntry(request, eventContext, { kind: "error", type: "result", text: message });
    } else {
      request.answer(text);
      emitEntry(request, eventContext, { kind: "event", type: "result", text: "result received" });
    }
    this.#end(request, { kind: "result", success: !failed }, context);
    return true;
  }

  #errorResponse(
    response: Extract<RpcMessage, { kind: "error" }>,
    context: LineContext,
  ): boolean {
    const { id, message } = response;
    const known = this.#table.lookup(id);
    let request: TrackedRequest;
    if (known !== undefined && !known.ended) request = known;
    // An unknown method was never a tools/call, so it makes no request record.
    else if (!response.methodNotFound) request = this.#create(id, context.line);
    else return true;
    request.addError({ kind: "protocol_error", message, line: context.line });
    emitEntry(request, this.#eventContext(context, null), {
      kind: "error",
      type: "error_response",
      text: message,
    });
    this.#end(request, { kind: "rpc_error" }, context);
    return true;
  }

  #end(request: TrackedRequest, outcome: Outcome, context: LineContext): void {
    request.end(context.line, outcome);
    request.resolveApprovals(null);
    flushPending(request, this.#eventContext(context, null));
    if (request.joinPending) request.setJoinPending(false);
    request.seen(context.line, context.time);
    this.#markChanged(request);
    this.#table.finish(request, (released, record) => {
      this.#sessions.release(released);
      if (released.changed) {
        released.clearChanged();
        this.#changed.delete(released);
      }
      this.#onRelease?.(record, this.#codexVersion);
    });
  }
}
