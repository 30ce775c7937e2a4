/**
 * The reducer for `codex app-server` output (Codex 0.154+; protocol doc section 14): JSON-RPC
 * lines without `"jsonrpc"`, notifications named by `method`, turns grouped by `threadId` +
 * `turnId`. A turn started by a `turn/start` whose response is in the file is keyed by that
 * request's id (as mcp-server requests are), any other turn by `threadId:turnId`.
 */

import { TurnBookReducer } from "../turn_book_reducer.ts";
import type { LineContext, ReducerOptions } from "../format_reducer.ts";
import {
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  type RequestId,
  requestKey,
  stringAt,
} from "../../model/mod.ts";
import {
  commandLine,
  readCamelUsage,
  splitCommand,
  type TrackedRequest,
  type TurnEnd,
} from "../../request/mod.ts";

const VERSION_IN_USER_AGENT = /\/(\d+\.\d+\.\d+[\w.+-]*)/;

/** Server requests that ask the user, by method. */
const APPROVAL_KINDS: Readonly<Record<string, "exec" | "patch" | "other">> = {
  "item/commandExecution/requestApproval": "exec",
  "execCommandApproval": "exec",
  "item/fileChange/requestApproval": "patch",
  "applyPatchApproval": "patch",
  "item/permissions/requestApproval": "other",
  "item/tool/requestUserInput": "other",
  "mcpServer/elicitation/request": "other",
};

/** Notifications that only stream text or repeat state: no entry of their own. */
const SILENT_METHODS: ReadonlySet<string> = new Set([
  "item/agentMessage/delta",
  "item/reasoning/summaryTextDelta",
  "item/reasoning/summaryPartAdded",
  "item/reasoning/textDelta",
  "item/commandExecution/outputDelta",
  "item/fileChange/outputDelta",
  "item/plan/delta",
  "item/started",
  "thread/tokenUsage/updated",
  "thread/status/changed",
  "account/rateLimits/updated",
  "turn/diff/updated",
  "rawResponseItem/completed",
  "rawResponse/completed",
]);

function isRequestId(value: unknown): value is RequestId {
  return typeof value === "number" || typeof value === "string";
}

/** Reduces app-server lines to one record per turn. */
export class AppServerReducer extends TurnBookReducer {
  #byTurnId = new Map<string, TrackedRequest>();
  #keyUses = new Map<string, number>();
  #context: LineContext = { line: 0, time: null };

  constructor(options: ReducerOptions) {
    // Messages and reasoning stream as deltas of items that `item/completed` records whole.
    super(options, { streamsDeltas: true });
  }

  pushJson(value: unknown, lineContext: LineContext): boolean {
    if (!isObject(value)) return false;
    // Notifications carry their own time; without arrival times it is the line's time.
    const context = this.#context;
    context.line = lineContext.line;
    context.time = lineContext.time ?? numberAt(value, "emittedAtMs");
    const method = value.method;
    const params = objectAt(value, "params") ?? {};
    if (typeof method === "string") {
      if (isRequestId(value.id)) return this.#serverRequest(method, value.id, params, context);
      this.#notification(method, params, context);
      return true;
    }
    if (!isRequestId(value.id)) return false;
    if ("result" in value) return this.#result(value.id, value.result, context);
    if ("error" in value) return this.#errorResponse(value.id, value.error, context);
    return false;
  }

  // A refused `turn/start` (or any request of the client) fails the request with that id, so
  // `session wait ID` ends; an unknown method (-32601) is only counted.
  #errorResponse(id: RequestId, error: unknown, context: LineContext): boolean {
    const book = this.book;
    const code = isObject(error) ? numberAt(error, "code") : null;
    if (code === -32601) {
      book.event(null, "error_response", context);
      return true;
    }
    const message = (isObject(error) ? stringAt(error, "message") : null) ?? "JSON-RPC error";
    const request = book.open(requestKey(id), id, context);
    book.event(request, "error_response", context);
    book.error(request, { message, retry: false }, context);
    return true;
  }

  #result(id: RequestId, result: unknown, context: LineContext): boolean {
    const book = this.book;
    if (!isObject(result)) return true;
    const userAgent = stringAt(result, "userAgent");
    if (userAgent !== null) {
      book.codexVersion = VERSION_IN_USER_AGENT.exec(userAgent)?.[1] ?? book.codexVersion;
      // A new server answered initialize: turns from now on have a live server.
      book.serverExited = false;
      book.event(null, "initialize", context);
      return true;
    }
    const thread = objectAt(result, "thread");
    if (thread !== null) {
      this.#threadFacts(thread);
      book.event(null, "thread", context);
      return true;
    }
    const turn = objectAt(result, "turn");
    const turnId = turn === null ? null : stringAt(turn, "id");
    if (turnId === null) {
      book.event(null, "response", context);
      return true;
    }
    let request = this.#byTurnId.get(turnId);
    if (request === undefined) {
      const base = requestKey(id);
      const uses = (this.#keyUses.get(base) ?? 0) + 1;
      this.#keyUses.set(base, uses);
      request = book.open(uses === 1 ? base : `${base}#${uses}`, id, context);
      request.begin({ turnId });
      this.#byTurnId.set(turnId, request);
    }
    book.event(request, "turn/start", context);
    return true;
  }

  #threadFacts(thread: JsonObject): void {
    const id = stringAt(thread, "id");
    if (id === null) return;
    this.book.describeThread(id, {
      model: stringAt(thread, "model"),
      cwd: stringAt(thread, "cwd"),
      rolloutPath: stringAt(thread, "path"),
    });
  }

  /** The turn `turnId` (created when new), on `threadId` when given. */
  #turn(threadId: string | null, turnId: string, context: LineContext): TrackedRequest {
    let request = this.#byTurnId.get(turnId);
    if (request === undefined) {
      const key = threadId === null ? turnId : `${threadId}:${turnId}`;
      request = this.book.open(key, turnId, context);
      request.begin({ turnId });
      this.#byTurnId.set(turnId, request);
    }
    if (threadId !== null) this.book.attach(request, threadId);
    return request;
  }

  /** The newest turn of `threadId` that has not ended. */
  #openTurn(threadId: string | null): TrackedRequest | null {
    let found: TrackedRequest | null = null;
    for (const request of this.#byTurnId.values()) {
      if (request.turnEnded) continue;
      if (threadId === null || request.threadId === threadId) found = request;
    }
    return found;
  }

  #notification(method: string, params: JsonObject, context: LineContext): void {
    const book = this.book;
    const threadId = stringAt(params, "threadId");
    const turnObject = objectAt(params, "turn");
    const turnId = stringAt(params, "turnId") ??
      (turnObject === null ? null : stringAt(turnObject, "id"));
    if (method === "thread/started") {
      const thread = objectAt(params, "thread");
      if (thread !== null) this.#threadFacts(thread);
    }
    if (method === "serverRequest/resolved" && isRequestId(params.requestId)) {
      book.resolveApproval(params.requestId, threadId);
    }
    if (turnId === null) {
      book.event(null, method, context);
      if (method === "warning" || method === "configWarning" || method === "deprecationNotice") {
        const text = stringAt(params, "message") ?? stringAt(params, "summary") ?? method;
        book.entry(null, context, { kind: "event", type: method, text });
      }
      return;
    }
    const request = this.#turn(threadId, turnId, context);
    book.event(request, method, context);
    switch (method) {
      case "turn/started":
        return book.entry(request, context, {
          kind: "event",
          type: method,
          text: "turn started",
        });
      case "turn/completed":
        return this.#turnCompleted(request, turnObject ?? {}, context);
      case "item/started":
        return this.#itemStarted(request, objectAt(params, "item"), context);
      case "item/completed":
        return this.#itemCompleted(request, objectAt(params, "item"), context);
      case "item/agentMessage/delta":
      case "item/reasoning/summaryTextDelta": {
        const itemId = stringAt(params, "itemId");
        if (itemId === null) return;
        const reasoning = method !== "item/agentMessage/delta";
        // A message streams as one part; a summary index out of range joins the nearest part.
        const index = reasoning
          ? Math.max(0, Math.min(numberAt(params, "summaryIndex") ?? 0, 1000))
          : 0;
        return book.delta(
          request,
          { itemId, kind: reasoning ? "reasoning" : "message", index },
          stringAt(params, "delta") ?? "",
          context,
        );
      }
      case "thread/tokenUsage/updated": {
        const usage = objectAt(params, "tokenUsage");
        const total = usage === null ? null : readCamelUsage(usage.total);
        if (usage === null || total === null) return;
        return book.totals(request, {
          total,
          last: readCamelUsage(usage.last),
          contextWindow: numberAt(usage, "modelContextWindow"),
        }, context);
      }
      case "error":
        return this.#error(request, params, context);
      default:
        if (!SILENT_METHODS.has(method)) {
          book.entry(request, context, { kind: "event", type: method, text: method });
        }
    }
  }

  #turnCompleted(request: TrackedRequest, turn: JsonObject, context: LineContext): void {
    const status = stringAt(turn, "status");
    if (status !== "completed" && status !== "failed" && status !== "interrupted") return;
    const error = objectAt(turn, "error");
    const message = error === null ? null : stringAt(error, "message");
    if (status === "failed" && message !== null) {
      const known = request.errors.some((recorded) =>
        recorded.kind === "error" && recorded.message.startsWith(message)
      );
      if (!known) this.book.error(request, { message, retry: false }, context);
    }
    const items = Array.isArray(turn.items) ? turn.items : [];
    for (const item of items) {
      // `items` repeats the turn's final message; record it only when its item was missed.
      if (!isObject(item) || item.type !== "agentMessage") continue;
      const text = stringAt(item, "text");
      if (text !== null && !request.messages.some((recorded) => recorded.text === text)) {
        this.book.message(request, text, context, stringAt(item, "id"));
      }
    }
    this.book.end(request, status as TurnEnd, context);
  }

  #itemStarted(request: TrackedRequest, item: JsonObject | null, context: LineContext): void {
    if (item === null) return;
    const id = stringAt(item, "id") ?? `line-${context.line}`;
    if (item.type === "commandExecution") {
      this.book.beginCommand(request, {
        callId: id,
        argv: splitCommand(stringAt(item, "command") ?? ""),
        cwd: stringAt(item, "cwd"),
      }, context);
    } else if (item.type === "fileChange") {
      this.book.patch(request, {
        callId: id,
        files: changedFiles(item),
        ended: false,
        success: null,
      }, context);
    }
  }

  #itemCompleted(request: TrackedRequest, item: JsonObject | null, context: LineContext): void {
    if (item === null) return;
    const book = this.book;
    const id = stringAt(item, "id");
    const callId = id ?? `line-${context.line}`;
    switch (item.type) {
      case "userMessage":
        request.setPrompt(userText(item), context.line);
        return book.entry(request, context, {
          kind: "event",
          type: "user_message",
          text: `user message: ${userText(item)}`,
        });
      case "agentMessage":
        return book.message(request, stringAt(item, "text") ?? "", context, id);
      case "reasoning": {
        const summary = strings(item.summary);
        return book.reasoning(
          request,
          summary.length > 0 ? summary : strings(item.content),
          context,
          id,
        );
      }
      case "commandExecution":
        return book.endCommand(request, {
          callId,
          argv: splitCommand(stringAt(item, "command") ?? ""),
          cwd: stringAt(item, "cwd"),
          exitCode: numberAt(item, "exitCode"),
          durationMs: numberAt(item, "durationMs"),
          output: stringAt(item, "aggregatedOutput") ?? "",
        }, context);
      case "fileChange":
        return book.patch(request, {
          callId,
          files: changedFiles(item),
          ended: true,
          success: item.status === "completed",
        }, context);
      default: {
        const type = typeof item.type === "string" ? item.type : "item";
        return book.entry(request, context, { kind: "event", type, text: `${type} completed` });
      }
    }
  }

  #error(request: TrackedRequest, params: JsonObject, context: LineContext): void {
    const error = objectAt(params, "error") ?? {};
    const text = stringAt(error, "message") ?? "error";
    const details = stringAt(error, "additionalDetails");
    const message = details === null ? text : `${text}: ${details}`;
    this.book.error(request, { message, retry: params.willRetry === true }, context);
  }

  #serverRequest(
    method: string,
    id: RequestId,
    params: JsonObject,
    context: LineContext,
  ): boolean {
    const book = this.book;
    const kind = APPROVAL_KINDS[method];
    const threadId = stringAt(params, "threadId") ?? stringAt(params, "conversationId");
    const turnId = stringAt(params, "turnId");
    const request = turnId !== null
      ? this.#turn(threadId, turnId, context)
      : this.#openTurn(threadId);
    book.event(request, method, context);
    if (kind === undefined || request === null) return true;
    const rawCommand = params.command;
    const argv = typeof rawCommand === "string"
      ? splitCommand(rawCommand)
      : Array.isArray(rawCommand)
      ? rawCommand.filter((part): part is string => typeof part === "string")
      : null;
    const reason = stringAt(params, "reason");
    const subject = argv !== null
      ? commandLine(argv)
      : kind === "patch"
      ? "apply a file change"
      : stringAt(params, "message") ?? method;
    book.approval(request, {
      serverRequestId: id,
      kind,
      callId: stringAt(params, "itemId") ?? stringAt(params, "callId"),
      command: argv,
      message: reason === null ? subject : `${subject} (${reason})`,
    }, context);
    return true;
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

function userText(item: JsonObject): string {
  const content = Array.isArray(item.content) ? item.content : [];
  return content.map((part) => isObject(part) ? stringAt(part, "text") ?? "" : "").join("");
}

function changedFiles(item: JsonObject): string[] {
  const changes = Array.isArray(item.changes) ? item.changes : [];
  return changes.flatMap((change) => {
    const path = isObject(change) ? stringAt(change, "path") : null;
    return path === null ? [] : [path];
  });
}
