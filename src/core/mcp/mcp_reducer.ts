/** The reducer for `codex mcp-server` output: JSON-RPC lines grouped by `_meta.requestId`. */

import type {
  FormatReducer,
  LineContext,
  ReducerFacts,
  ReducerOptions,
} from "../model/format_reducer.ts";
import {
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  stringsAt,
} from "../model/json_access.ts";
import { RecentMap } from "../model/recent_map.ts";
import { requestKey } from "../model/request_key.ts";
import type { Entry, RequestId, RequestRecord } from "../model/types.ts";
import {
  addApproval,
  applyEvent,
  applyTokenTotals,
  emitEntry,
  type EventContext,
  flushPending,
  isSilentType,
  MODEL_OUTPUT_TYPES,
} from "./apply_event.ts";
import {
  bytesAt,
  objectMembers,
  parseMember,
  readIntOrNullAt,
  readUsageAt,
  stringEnd,
  stringTail,
} from "./byte_json.ts";
import { EventHeaderReader } from "./event_header.ts";
import { McpRequest } from "./mcp_request.ts";
import { ParsePolicy } from "./parse_policy.ts";
import { SessionRegistry } from "./sessions.ts";

const VERSION_IN_USER_AGENT = /\/(\d+\.\d+\.\d+[\w.+-]*)/;
const METHOD_NOT_FOUND = -32601;
/** Distinct request ids remembered (at least) for `KEY#2` keys when finished requests are released. */
const KEY_USES_KEPT = 32_768;
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
const COMMAND_END_FIELDS: ReadonlySet<string> = new Set([
  "type",
  "call_id",
  "exit_code",
  "duration",
  "command",
  "cwd",
]);

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
  #policy: ParsePolicy;
  #sessions = new SessionRegistry();
  #byNumber = new Map<number, McpRequest>();
  #byString = new Map<string, McpRequest>();
  /** Kept requests in order of creation; released ones are dropped from it in batches. */
  #requests: McpRequest[] = [];
  #releasedInList = 0;
  /** Ended requests still kept, oldest end first. */
  #finished: McpRequest[] = [];
  #keepFinished: number;
  #onRelease: ((record: RequestRecord, codexVersion: string | null) => void) | null;
  #keyUses: RecentMap<string, number>;
  #eventCounts = new Map<string, number>();
  #changed = new Set<McpRequest>();
  #codexVersion: string | null = null;
  #serverExited = false;

  constructor(options: ReducerOptions) {
    this.#options = options;
    this.#full = options.detail === "full";
    this.#emit = options.onEntry;
    this.#policy = new ParsePolicy(options.detail);
    this.#keepFinished = options.keepFinished ?? Infinity;
    this.#onRelease = options.onRelease ?? null;
    // Ids of released requests are remembered for `KEY#2` keys, but not without bound.
    this.#keyUses = new RecentMap(Number.isFinite(this.#keepFinished) ? KEY_USES_KEPT : Infinity);
  }

  pushBytes(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    if (!header.read(bytes)) return false;
    const type = header.type;
    if (this.#policy.needsParse(header, bytes)) {
      if (type === "token_count") return this.#tokenCountFromBytes(bytes, context);
      if (type === "raw_response_completed") return this.#rawUsageFromBytes(bytes, context);
      // Without output excerpts (the bounded summary) the big output fields need no parse at all.
      if (
        type === "exec_command_end" &&
        (bytes.length > BIG_LINE || this.#options.limits.commandOutput === 0)
      ) {
        return this.#commandEndFromBytes(bytes, context);
      }
      return false;
    }
    const request = this.#requestForEvent(header.requestId, type, context.line);
    this.#countEvent(request, type, context);
    if (this.#emit !== null && !isSilentType(type)) {
      emitEntry(request, this.#eventContext(context, null), { kind: "event", type, text: type });
    }
    return true;
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
    for (const request of this.#requests) {
      if (!request.ended && !request.serverGone && !request.released) {
        request.serverGone = true;
        request.invalidate();
        this.#markChanged(request);
      }
    }
  }

  flush(): void {
    for (const request of this.#requests) {
      if (request.released) continue;
      flushPending(
        request,
        this.#eventContext({ line: request.lastLine, time: request.lastTime }, null),
      );
    }
  }

  requests(): RequestRecord[] {
    this.#dropReleased();
    return this.#requests.map((request) => request.record());
  }

  facts(): ReducerFacts {
    return {
      codexVersion: this.#codexVersion,
      serverExited: this.#serverExited,
      eventCounts: Object.fromEntries(this.#eventCounts),
    };
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
    const request = this.#requestForEvent(header.requestId, header.type, context.line);
    this.#countEvent(request, header.type, context);
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
    const request = this.#requestForEvent(header.requestId, header.type, context.line);
    this.#countEvent(request, header.type, context);
    request.addRawUsage(usage.usage);
    return true;
  }

  /**
   * An `exec_command_end` with only the tail of its output decoded (big lines), or none of it
   * when no output excerpt is kept (then only whether there was output matters).
   */
  #commandEndFromBytes(bytes: Uint8Array, context: LineContext): boolean {
    const header = this.#header;
    const members = objectMembers(bytes, header.msgStart);
    if (members === null) return false;
    const maxOutput = this.#options.limits.commandOutput;
    const msg: JsonObject = {};
    let output: string | null = null;
    try {
      for (const member of members) {
        if (COMMAND_END_FIELDS.has(member.key)) msg[member.key] = parseMember(bytes, member);
        else if (member.key === "aggregated_output") {
          if (maxOutput > 0) output = stringTail(bytes, member, maxOutput);
          else if (bytes[member.start] === QUOTE) {
            // Clipped to nothing anyway: "" stays "", any other text becomes the clip mark.
            output = member.end - member.start === 2 ? "" : " ";
          }
        }
      }
    } catch {
      return false;
    }
    if (output === null || msg.type !== "exec_command_end") return false;
    msg.aggregated_output = output;
    const request = this.#requestForEvent(header.requestId, header.type, context.line);
    this.#countEvent(request, header.type, context);
    applyEvent(request, msg, this.#eventContext(context, header.threadId(bytes)));
    return true;
  }

  #eventContext(context: LineContext, threadId: string | null): EventContext {
    return {
      line: context.line,
      time: context.time,
      threadId,
      sessions: this.#sessions,
      emit: this.#emit,
    };
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

  #countEvent(request: McpRequest, type: string, context: LineContext): void {
    this.#eventCounts.set(type, (this.#eventCounts.get(type) ?? 0) + 1);
    request.touch(type, context.line, context.time);
    request.hasEvents = true;
    if (!request.sawModelOutput && MODEL_OUTPUT_TYPES.has(type)) request.sawModelOutput = true;
    if (request.otherApprovalPending && type !== "token_count" && !type.startsWith("request_")) {
      request.resolveOtherApprovals();
    }
    if (!request.changed) this.#markChanged(request);
  }

  #markChanged(request: McpRequest): void {
    if (request.changed) return;
    request.changed = true;
    this.#changed.add(request);
  }

  #lookup(id: RequestId): McpRequest | undefined {
    return typeof id === "number" ? this.#byNumber.get(id) : this.#byString.get(id);
  }

  /** The request an event belongs to; a new one when an ended id starts a new call. */
  #requestForEvent(id: RequestId, type: string, line: number): McpRequest {
    const request = this.#lookup(id);
    if (request !== undefined) {
      const restarts = type === "session_configured" || type === "task_started";
      if (!request.ended || !restarts) return request;
    }
    return this.#create(id, line);
  }

  #create(id: RequestId, line: number): McpRequest {
    const base = requestKey(id);
    const uses = (this.#keyUses.get(base) ?? 0) + 1;
    this.#keyUses.set(base, uses);
    const key = uses === 1 ? base : `${base}#${uses}`;
    const request = new McpRequest({ key, requestId: id }, {
      line,
      limits: this.#options.limits,
      full: this.#full,
    });
    this.#requests.push(request);
    if (typeof id === "number") this.#byNumber.set(id, request);
    else this.#byString.set(id, request);
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
  ): McpRequest | undefined {
    if (callId !== null) {
      for (let i = this.#requests.length - 1; i >= 0; i--) {
        const request = this.#requests[i] as McpRequest;
        if (!request.ended && !request.released && request.approvalFor(callId) !== undefined) {
          return request;
        }
      }
    }
    if (toolCallId === null) return undefined;
    // `codex_mcp_tool_call_id` is the request id as text: 1 and "1" both read "1".
    const asNumber = /^-?\d+$/.test(toolCallId)
      ? this.#byNumber.get(Number(toolCallId))
      : undefined;
    const asString = this.#byString.get(toolCallId);
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
    const toolResult = isToolResult(result);
    const known = this.#lookup(id);
    let request: McpRequest;
    if (known !== undefined && !known.ended && (known.hasEvents || toolResult)) request = known;
    else if (toolResult) request = this.#create(id, context.line);
    else return true;
    const object = isObject(result) ? result : {};
    const failed = object.isError === true || typeof object.error === "string";
    const text = resultText(object);
    const structured = objectAt(object, "structuredContent");
    const threadId = structured === null ? null : stringAt(structured, "threadId");
    if (threadId !== null) request.threadId ??= threadId;
    const eventContext = this.#eventContext(context, null);
    if (failed) {
      const message = text ?? stringAt(object, "error") ?? "failed";
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
    const known = this.#lookup(id);
    let request: McpRequest;
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

  #end(request: McpRequest, outcome: McpRequest["outcome"], context: LineContext): void {
    request.outcome = outcome;
    request.endLine = context.line;
    request.serverGone = false;
    request.resolveApprovals(null);
    flushPending(request, this.#eventContext(context, null));
    if (request.joinPending) request.joinPending = false;
    request.seen(context.line, context.time);
    this.#markChanged(request);
    this.#finished.push(request);
    while (this.#finished.length > this.#keepFinished) {
      this.#release(this.#finished.shift() as McpRequest);
    }
  }

  /** Hands a finished request's record to `onRelease` and forgets the request. */
  #release(request: McpRequest): void {
    const record = request.record();
    request.released = true;
    this.#releasedInList++;
    if (this.#lookup(request.requestId) === request) {
      if (typeof request.requestId === "number") this.#byNumber.delete(request.requestId);
      else this.#byString.delete(request.requestId);
    }
    this.#sessions.release(request);
    if (request.changed) {
      request.changed = false;
      this.#changed.delete(request);
    }
    this.#onRelease?.(record, this.#codexVersion);
    if (this.#releasedInList > 1024 && this.#releasedInList * 2 > this.#requests.length) {
      this.#dropReleased();
    }
  }

  #dropReleased(): void {
    if (this.#releasedInList === 0) return;
    this.#requests = this.#requests.filter((request) => !request.released);
    this.#releasedInList = 0;
  }
}
