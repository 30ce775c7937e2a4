/**
 * The request records of the turn-based formats (app-server, `exec --json`, rollout files):
 * one {@linkcode TrackedRequest} per turn, the threads they belong to, event counts, change
 * tracking, and the operations every turn format shares (items: messages, reasoning, commands,
 * patches; errors, approvals, the end of a turn). Token accounting and Codex events are the
 * request model's and the event vocabulary's: the book hands them its sessions.
 */

import type { ApprovalRecord, Entry, RequestId, RequestRecord, TokenUsage } from "../model/mod.ts";
import type { LineContext, ReducerFacts, ReducerOptions } from "./format_reducer.ts";
import {
  commandLine,
  type PendingKind,
  retryCounter,
  SessionRegistry,
  TrackedRequest,
  type TurnEnd,
} from "../request/mod.ts";
import {
  addApproval,
  applyTokenTotals,
  type EventContext,
  finishTurn,
  flushPending,
  tokenText,
  type TokenTotals,
  type TurnRules,
} from "../events/mod.ts";

/**
 * The entry names turn formats give what a Codex event names otherwise: one name per fact
 * for app-server, `exec --json` and rollout files alike.
 */
export const TURN_ENTRY_TYPES: ReadonlyMap<string, string> = new Map([
  ["token_count", "token_usage"],
  ["exec_command_begin", "command_begin"],
  ["exec_command_end", "command_end"],
  ["patch_apply_begin", "patch_begin"],
  ["patch_apply_end", "patch_end"],
  ["agent_reasoning", "reasoning"],
]);

/** What is known about one thread (its token usage is in the book's sessions). Read-only: {@linkcode TurnBook.describeThread} changes it. */
export interface ThreadFacts {
  readonly threadId: string;
  readonly model: string | null;
  readonly cwd: string | null;
  readonly rolloutPath: string | null;
  readonly turns: number;
}

/** Thread facts as the book keeps them. */
type StoredThread = { -readonly [K in keyof ThreadFacts]: ThreadFacts[K] };

/** What a turn format's book keeps beside its turns. */
export interface TurnBookOptions {
  /**
   * The format streams texts as deltas of items it later records whole (app-server): in full
   * detail its turns keep them by the `"items"` rule of {@linkcode PendingParts}.
   */
  streamsDeltas?: boolean;
}

/** The turns of one file and what they share. */
export class TurnBook {
  readonly full: boolean;
  #options: ReducerOptions;
  #turns: TrackedRequest[] = [];
  #byKey = new Map<string, TrackedRequest>();
  #threads = new Map<string, StoredThread>();
  #changed: TrackedRequest[] = [];
  #eventCounts = new Map<string, number>();
  /** The threads' token usage, kept as for mcp-server's sessions. */
  readonly sessions = new SessionRegistry();
  /** The context of a Codex event of this book (see {@linkcode TurnBook.eventContext}). */
  #eventContext: EventContext;
  codexVersion: string | null = null;
  serverExited = false;

  /** Whether turns keep streamed texts, and by which rule. */
  #deltas: "items" | null;

  constructor(options: ReducerOptions, book: TurnBookOptions = {}) {
    this.#options = options;
    this.full = options.detail === "full";
    this.#deltas = this.full && book.streamsDeltas === true ? "items" : null;
    const onEntry = options.onEntry;
    this.#eventContext = {
      line: 0,
      time: null,
      threadId: null,
      sessions: this.sessions,
      emit: onEntry === null ? null : (entry) => {
        entry.type = TURN_ENTRY_TYPES.get(entry.type) ?? entry.type;
        onEntry(entry);
      },
    };
  }

  /** Codex events of this book are read with `rules` where a turn format reads them otherwise. */
  readEventsWith(rules: TurnRules): void {
    this.#eventContext.turns = rules;
  }

  /**
   * The context in which the event vocabulary applies a Codex event to a turn of this book: its
   * sessions, and entries named as turn formats name them. One object, updated per line.
   */
  eventContext(context: LineContext): EventContext {
    const eventContext = this.#eventContext;
    eventContext.line = context.line;
    eventContext.time = context.time;
    return eventContext;
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
      deltas: this.#deltas,
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

  /** A line tells facts of `threadId` (`null`: it tells none): they replace the known ones. */
  describeThread(
    threadId: string,
    facts: { model?: string | null; cwd?: string | null; rolloutPath?: string | null },
  ): ThreadFacts {
    const thread = this.#thread(threadId);
    thread.model = facts.model ?? thread.model;
    thread.cwd = facts.cwd ?? thread.cwd;
    thread.rolloutPath = facts.rolloutPath ?? thread.rolloutPath;
    return thread;
  }

  /** The facts of `threadId`, created when new. */
  #thread(threadId: string): StoredThread {
    let thread = this.#threads.get(threadId);
    if (thread === undefined) {
      thread = { threadId, model: null, cwd: null, rolloutPath: null, turns: 0 };
      this.#threads.set(threadId, thread);
    }
    return thread;
  }

  /** Puts `request` on `threadId`: the first turn of a thread is `codex`, later ones `codex-reply`. */
  attach(request: TrackedRequest, threadId: string): ThreadFacts {
    const thread = this.#thread(threadId);
    if (request.threadId !== threadId) {
      request.setThread(threadId);
      thread.turns += 1;
      request.setTool(thread.turns === 1 ? "codex" : "codex-reply");
    }
    request.inherit(thread);
    // The thread's session: its last request is the turn that ran last.
    const sessions = this.sessions;
    const facts = { threadId, model: null, cwd: null, rolloutPath: null };
    sessions.join(request, sessions.get(threadId) ?? sessions.configure(request, facts));
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
    if (itemId !== null) request.pending?.itemRecorded(itemId);
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
    if (itemId !== null) request.pending?.itemRecorded(itemId);
    for (const text of texts) {
      if (text === "") continue;
      request.addReasoning(text, context.line);
      this.entry(request, context, { kind: "reasoning", type: "reasoning", text });
    }
  }

  /**
   * A delta of item `itemId`, kept by the request model until the item is recorded (full
   * detail only: the summary takes the full texts). Left over at the turn's end, it becomes
   * the item's text, named as the item's own entry would be.
   */
  delta(
    request: TrackedRequest,
    item: { itemId: string; kind: PendingKind; index: number },
    delta: string,
    context: LineContext,
  ): void {
    request.pending?.delta(item.kind, delta, {
      itemId: item.itemId,
      index: item.index,
      line: context.line,
      time: context.time,
      type: item.kind === "message" ? "agent_message" : "reasoning",
    });
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
  totals(request: TrackedRequest, totals: TokenTotals, context: LineContext): void {
    // A turn's own share starts at its thread's total before its first update, whichever turn
    // of the thread ran last (mcp-server needs the session's last request to be this one).
    if (request.baseTotal === undefined) {
      request.setShareBase(this.sessions.get(request.threadId)?.lastTotal ?? null);
    }
    applyTokenTotals(request, totals, this.eventContext(context));
  }

  /** The usage of the whole turn (`exec --json`: `turn.completed.usage`). */
  turnUsage(request: TrackedRequest, usage: TokenUsage, context: LineContext): void {
    const session = this.sessions.get(request.threadId);
    const total = session === undefined ? usage : this.sessions.addFlat(session, usage);
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
    // The texts left streaming stay until the turn's own end, which follows.
    if (!error.retry && error.ends !== false) request.endTurn("failed", context.line);
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

  /** The turn ended: as every format's turn does ({@linkcode finishTurn}), at its own end line. */
  end(request: TrackedRequest, end: TurnEnd, context: LineContext): void {
    if (end === "interrupted" && !request.errors.some((error) => error.kind === "turn_aborted")) {
      request.addError({
        kind: "turn_aborted",
        message: "turn aborted: interrupted",
        line: context.line,
      });
    }
    request.end(context.line);
    if (request.pending?.waiting) this.changed(request);
    finishTurn(request, end, { line: context.line, emit: this.#options.onEntry });
    this.entry(request, context, { kind: "event", type: "turn_completed", text: `turn ${end}` });
  }

  /** The server went away: open turns get no answer any more. */
  markServerExited(): void {
    this.serverExited = true;
    for (const request of this.#turns) {
      if (!request.turnEnded && !request.serverGone) {
        request.loseServer();
        this.changed(request);
      }
    }
  }

  /** End of a finished file: texts that never got their full version. */
  flush(): void {
    const context = { emit: this.#options.onEntry };
    for (const request of this.#turns) {
      if (flushPending(request, context)) this.changed(request);
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
}
