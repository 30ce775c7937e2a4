/**
 * The request records of the turn-based formats (app-server, `exec --json`, rollout files):
 * one {@linkcode TrackedRequest} per turn, the threads they belong to, event counts, change
 * tracking, and the operations every turn format shares (messages, reasoning, commands,
 * patches, token totals, errors, approvals, the end of a turn).
 */

import {
  type ApprovalRecord,
  clipHead,
  type Entry,
  type RequestId,
  type RequestRecord,
  type TokenUsage,
} from "../model/mod.ts";
import type { LineContext, ReducerFacts, ReducerOptions } from "./format_reducer.ts";
import { addUsage, commandLine, retryCounter, sameUsage, TrackedRequest } from "../request/mod.ts";
import { addApproval, tokenText } from "../events/mod.ts";

/** What is known about one thread. */
export interface ThreadFacts {
  threadId: string;
  model: string | null;
  cwd: string | null;
  rolloutPath: string | null;
  /** The thread's last cumulative usage. */
  lastTotal: TokenUsage | null;
  /** The running sum of per-turn usages (formats that report only those). */
  sum: TokenUsage | null;
  turns: number;
}

/** How a turn ended. */
export type TurnEnd = "completed" | "failed" | "interrupted";

/** Usage numbers of one token update. */
export interface TurnTotals {
  /** Cumulative for the thread. */
  total: TokenUsage;
  /** The latest model call. */
  last: TokenUsage | null;
  contextWindow: number | null;
}

/** Text streamed as deltas, waiting for its item's full text (full detail only). */
interface PendingItem {
  kind: "reasoning" | "message";
  parts: string[];
  line: number;
  time: number | null;
  type: string;
}

/** The turns of one file and what they share. */
export class TurnBook {
  readonly full: boolean;
  #options: ReducerOptions;
  #turns: TrackedRequest[] = [];
  #byKey = new Map<string, TrackedRequest>();
  #threads = new Map<string, ThreadFacts>();
  #pending = new Map<TrackedRequest, Map<string, PendingItem>>();
  #changed: TrackedRequest[] = [];
  #eventCounts = new Map<string, number>();
  codexVersion: string | null = null;
  serverExited = false;

  constructor(options: ReducerOptions) {
    this.#options = options;
    this.full = options.detail === "full";
  }

  /** The turn with `key`, if there is one. */
  get(key: string): TrackedRequest | undefined {
    return this.#byKey.get(key);
  }

  /** The turn with `key`, created at `line` when it is new. */
  open(key: string, requestId: RequestId, context: LineContext): TrackedRequest {
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    const request = new TrackedRequest({ key, requestId }, {
      line: context.line,
      limits: this.#options.limits,
      full: false,
    });
    request.seen(context.line, context.time);
    this.#turns.push(request);
    this.#byKey.set(key, request);
    this.changed(request);
    return request;
  }

  /** Gives a turn a second key (app-server: the turn id beside the client's request id). */
  alias(key: string, request: TrackedRequest): void {
    this.#byKey.set(key, request);
  }

  /** The facts of `threadId`, created when new. */
  thread(threadId: string): ThreadFacts {
    let thread = this.#threads.get(threadId);
    if (thread === undefined) {
      thread = {
        threadId,
        model: null,
        cwd: null,
        rolloutPath: null,
        lastTotal: null,
        sum: null,
        turns: 0,
      };
      this.#threads.set(threadId, thread);
    }
    return thread;
  }

  /** Puts `request` on `threadId`: the first turn of a thread is `codex`, later ones `codex-reply`. */
  attach(request: TrackedRequest, threadId: string): ThreadFacts {
    const thread = this.thread(threadId);
    if (request.threadId !== threadId) {
      request.setThread(threadId);
      thread.turns += 1;
      request.setTool(thread.turns === 1 ? "codex" : "codex-reply");
    }
    request.inherit(thread);
    return thread;
  }

  /** Counts an event of `type` for the file and, when given, for `request`. */
  event(request: TrackedRequest | null, type: string, context: LineContext): void {
    this.#eventCounts.set(type, (this.#eventCounts.get(type) ?? 0) + 1);
    if (request === null) return;
    request.touch(type, context.line, context.time);
    this.changed(request);
  }

  /** Marks `request` changed (its record is rebuilt, its key reported by takeChanged). */
  changed(request: TrackedRequest): void {
    request.invalidate();
    if (request.markChanged()) this.#changed.push(request);
  }

  /** Emits an entry for `request` when entries are wanted. */
  entry(
    request: TrackedRequest | null,
    context: LineContext,
    entry: Pick<Entry, "kind" | "type" | "text" | "exitCode" | "durationMs">,
  ): void {
    this.#options.onEntry?.({
      key: request?.key ?? null,
      line: context.line,
      time: context.time,
      ...entry,
    });
  }

  /** A complete agent message. */
  message(
    request: TrackedRequest,
    text: string,
    context: LineContext,
    itemId: string | null,
  ): void {
    if (itemId !== null) this.#pending.get(request)?.delete(itemId);
    request.addAgentMessage(text, context.line);
    this.entry(request, context, { kind: "message", type: "agent_message", text });
  }

  /** Complete reasoning texts (one per summary part). */
  reasoning(
    request: TrackedRequest,
    texts: readonly string[],
    context: LineContext,
    itemId: string | null,
  ): void {
    if (itemId !== null) this.#pending.get(request)?.delete(itemId);
    for (const text of texts) {
      if (text === "") continue;
      request.addReasoning(text, context.line);
      this.entry(request, context, { kind: "reasoning", type: "reasoning", text });
    }
  }

  /** A delta of item `itemId` (full detail only: the summary takes the full texts). */
  delta(
    request: TrackedRequest,
    item: { itemId: string; kind: "reasoning" | "message"; index: number; type: string },
    delta: string,
    context: LineContext,
  ): void {
    if (!this.full) return;
    let items = this.#pending.get(request);
    if (items === undefined) {
      items = new Map();
      this.#pending.set(request, items);
    }
    let pending = items.get(item.itemId);
    if (pending === undefined) {
      pending = {
        kind: item.kind,
        parts: [],
        line: context.line,
        time: context.time,
        type: item.type,
      };
      items.set(item.itemId, pending);
    }
    const index = Math.max(0, Math.min(item.index, 1000));
    while (pending.parts.length <= index) pending.parts.push("");
    const max = this.#options.limits.pendingText;
    const part = pending.parts[index] as string;
    if (part.length < max) pending.parts[index] = clipHead(part + delta, max);
  }

  /** A command began. */
  beginCommand(
    request: TrackedRequest,
    command: { callId: string; argv: string[]; cwd: string | null },
    context: LineContext,
  ): void {
    if (request.command(command.callId) !== undefined) return;
    request.inherit({ cwd: command.cwd });
    request.beginCommand({
      callId: command.callId,
      command: command.argv,
      cwd: command.cwd,
      beginLine: context.line,
      beginTime: context.time,
    });
    this.entry(request, context, {
      kind: "command",
      type: "command_begin",
      text: commandLine(command.argv),
    });
  }

  /** A command ended (begun here too when its begin was not seen). */
  endCommand(
    request: TrackedRequest,
    command: {
      callId: string;
      argv: string[];
      cwd: string | null;
      exitCode: number | null;
      durationMs: number | null;
      output: string;
    },
    context: LineContext,
  ): void {
    let record = request.command(command.callId);
    if (record === undefined) {
      record = request.beginCommand({
        callId: command.callId,
        command: command.argv,
        cwd: command.cwd,
        beginLine: context.line,
        beginTime: null,
      });
      // rollouts of 0.169+ record only the end: views still name the command that ran
      this.entry(request, context, {
        kind: "command",
        type: "command_begin",
        text: commandLine(command.argv),
      });
    }
    request.endCommand(record, {
      exitCode: command.exitCode,
      durationMs: command.durationMs,
      output: command.output,
      line: context.line,
    });
    request.resolveApprovals(command.callId);
    this.entry(request, context, {
      kind: "output",
      type: "command_end",
      text: record.output,
      exitCode: command.exitCode,
      durationMs: record.durationMs,
    });
  }

  /** A patch began, or ended (`ended`; `success` null when the end tells no outcome). */
  patch(
    request: TrackedRequest,
    patch: { callId: string; files: string[]; ended: boolean; success: boolean | null },
    context: LineContext,
  ): void {
    let record = request.patch(patch.callId);
    if (record === undefined) {
      request.beginPatch({
        callId: patch.callId,
        files: patch.files,
        success: null,
        beginLine: context.line,
        endLine: null,
      });
      record = request.patch(patch.callId);
      this.entry(request, context, {
        kind: "patch",
        type: "patch_begin",
        text: `patch: ${patch.files.join(", ")}`,
      });
    }
    if (!patch.ended || record === undefined) return;
    request.endPatch(record, { success: patch.success, line: context.line });
    request.resolveApprovals(patch.callId);
    const outcome = patch.success === null ? "ended" : patch.success ? "applied" : "failed";
    this.entry(request, context, { kind: "patch", type: "patch_end", text: `patch ${outcome}` });
  }

  /** A cumulative token update of the turn's thread. */
  totals(request: TrackedRequest, totals: TurnTotals, context: LineContext): void {
    const thread = request.threadId === null ? null : this.thread(request.threadId);
    // The thread total before this turn's first update is the base of the turn's own share.
    request.setShareBase(thread?.lastTotal ?? null);
    const changed = request.lastTotal === null || !sameUsage(request.lastTotal, totals.total);
    request.recordTotals(totals.total, totals.last);
    request.setContextWindow(totals.contextWindow);
    if (thread !== null) thread.lastTotal = totals.total;
    if (changed) {
      this.entry(request, context, {
        kind: "tokens",
        type: "token_usage",
        text: tokenText(totals.total, request),
      });
    }
  }

  /** The usage of the whole turn (`exec --json`: `turn.completed.usage`). */
  turnUsage(request: TrackedRequest, usage: TokenUsage, context: LineContext): void {
    const thread = request.threadId === null ? null : this.thread(request.threadId);
    const sum = thread?.sum ?? null;
    const total = sum === null ? usage : addUsage(sum, usage);
    if (thread !== null) thread.sum = total;
    request.recordFlatUsage({ own: usage, session: total });
    this.entry(request, context, {
      kind: "tokens",
      type: "token_usage",
      text: tokenText(total, request),
    });
  }

  /** An error: a retry (`retry`), or one that ends the turn (unless `ends` is false). */
  error(
    request: TrackedRequest,
    error: { message: string; retry: boolean; ends?: boolean },
    context: LineContext,
  ): void {
    const counter = error.retry ? retryCounter(error.message) : null;
    request.addError({
      kind: error.retry ? "stream_error" : "error",
      message: error.message,
      line: context.line,
      ...(counter ?? {}),
    });
    if (!error.retry && error.ends !== false) {
      request.fail(context.line);
      request.resolveApprovals(null);
    }
    this.entry(request, context, {
      kind: "error",
      type: error.retry ? "stream_error" : "error",
      text: error.message,
    });
  }

  /** An approval the server asked for. */
  approval(
    request: TrackedRequest,
    approval: Omit<ApprovalRecord, "line" | "time" | "resolved">,
    context: LineContext,
  ): void {
    const { line, time } = context;
    addApproval(request, { line, time, emit: this.#options.onEntry }, approval);
  }

  /** The server request `serverRequestId` was answered. */
  resolveApproval(serverRequestId: RequestId, threadId: string | null): void {
    for (let i = this.#turns.length - 1; i >= 0; i--) {
      const request = this.#turns[i] as TrackedRequest;
      if (threadId !== null && request.threadId !== threadId) continue;
      if (!request.resolveServerRequest(serverRequestId)) continue;
      this.changed(request);
      return;
    }
  }

  /** The turn ended. */
  end(request: TrackedRequest, end: TurnEnd, context: LineContext): void {
    if (end === "completed") request.completeTask(null, context.line);
    else if (end === "failed") request.fail(context.line);
    else {
      request.abort(context.line);
      if (!request.errors.some((error) => error.kind === "turn_aborted")) {
        request.addError({
          kind: "turn_aborted",
          message: "turn aborted: interrupted",
          line: context.line,
        });
      }
    }
    request.end(context.line);
    request.resolveApprovals(null);
    this.#flushTurn(request);
    this.entry(request, context, { kind: "event", type: "turn_completed", text: `turn ${end}` });
  }

  /** True once the turn ended. */
  ended(request: TrackedRequest): boolean {
    return request.taskComplete || request.errorEvent || request.aborted;
  }

  /** The server went away: open turns get no answer any more. */
  markServerExited(): void {
    this.serverExited = true;
    for (const request of this.#turns) {
      if (!this.ended(request) && !request.serverGone) {
        request.loseServer();
        this.changed(request);
      }
    }
  }

  /** End of a finished file: texts that never got their full version. */
  flush(): void {
    for (const request of this.#turns) {
      this.#flushTurn(request);
    }
  }

  requests(): RequestRecord[] {
    return this.#turns.map((request) => request.record());
  }

  facts(): ReducerFacts {
    return {
      codexVersion: this.codexVersion,
      serverExited: this.serverExited,
      eventCounts: Object.fromEntries(this.#eventCounts),
    };
  }

  takeChanged(): string[] {
    const keys = this.#changed.map((request) => {
      request.clearChanged();
      return request.key;
    });
    this.#changed = [];
    return keys;
  }

  /** The entry callback, for reducers that emit their own entries. */
  get emit(): ((entry: Entry) => void) | null {
    return this.#options.onEntry;
  }

  #flushTurn(request: TrackedRequest): void {
    const items = this.#pending.get(request);
    if (items === undefined) return;
    this.#pending.delete(request);
    for (const item of items.values()) {
      const itemContext = { line: item.line, time: item.time };
      if (item.kind === "message") {
        const text = item.parts.join("");
        if (text !== "") this.message(request, text, itemContext, null);
      } else {
        this.reasoning(request, item.parts, itemContext, null);
      }
    }
    this.changed(request);
  }
}
