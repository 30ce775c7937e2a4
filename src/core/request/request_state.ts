/**
 * The running state of one request, and its record: a `tools/call` of mcp-server or a turn of
 * the other formats (every reducer feeds the same state).
 */

import {
  type ApprovalRecord,
  clipHead,
  clipTail,
  type CommandRecord,
  type ErrorRecord,
  type Limits,
  type MessageRecord,
  type PatchRecord,
  pushBounded,
  type ReasoningBlock,
  type RequestId,
  type RequestRecord,
  type RequestState,
  type TokenUsage,
} from "../model/mod.ts";
import { PendingParts, type PendingRule } from "./pending_parts.ts";
import { addUsage, subtractUsage, ZERO_USAGE } from "./token_usage.ts";

/** The counts of `types` as a plain object, in the order of `types`. */
function countsObject(types: readonly string[], counts: readonly number[]): Record<string, number> {
  const object: Record<string, number> = {};
  for (let i = 0; i < types.length; i++) object[types[i] as string] = counts[i] as number;
  return object;
}

/** How a turn ended: `task_complete`, an error that ends it, or `turn_aborted` (and their app-server and `exec --json` names). */
export type TurnEnd = "completed" | "failed" | "interrupted";

/** How a request ended, as far as its result line tells. */
export type Outcome =
  | { readonly kind: "open" }
  | { readonly kind: "result"; readonly success: boolean }
  | { readonly kind: "rpc_error" };

/**
 * A line whose decoding waits (a token count, see {@linkcode TrackedRequest.deferTotals}; an
 * agent message, see {@linkcode TrackedRequest.deferMessage}): the reader that holds its
 * bytes applies it when asked.
 */
export interface LaterFact {
  /** Applies the line to its request (and session), as reading it at once would have. */
  settle(): void;
}

/**
 * The state of one request (named after no format: all four feed it). Readers see getters;
 * every change goes through a method named after what happened, so the rules for each fact sit
 * here. What a getter or a method hands out (a command, a patch, an approval, a message) is
 * typed read-only: it is the request's own object, changed only by the request's methods.
 * {@linkcode TrackedRequest.record} returns an independent copy.
 */
export class TrackedRequest {
  readonly key: string;
  readonly requestId: RequestId;
  readonly limits: Readonly<Limits>;
  #tool: string | null = null;
  #threadId: string | null = null;
  #turnId: string | null = null;
  #model: string | null = null;
  #cwd: string | null = null;
  #rolloutPath: string | null = null;
  #firstLine: number;
  #lastLine: number;
  #firstTime: number | null = null;
  #lastTime: number | null = null;
  #lastEventType: string | null = null;
  /** True once any `codex/event` of this request was seen. */
  #hasEvents = false;
  /** The request's own `session_configured` came: it is a `codex` call. */
  #configuredSession = false;
  /** Set when a 0.47 reply still waits to be joined to its session. */
  #joinPending = false;

  #outcome: Outcome = { kind: "open" };
  #endLine: number | null = null;
  #taskComplete = false;
  #errorEvent = false;
  #aborted = false;
  /** The server went away while this request was open. */
  #serverGone = false;

  #resultText: string | null = null;
  #taskCompleteMessage: string | null = null;
  #lastAgentMessage: string | null = null;
  #prompt: MessageRecord | null = null;

  #messages: MessageRecord[] = [];
  #reasoning: ReasoningBlock[] = [];
  #commands: CommandRecord[] = [];
  #patches: PatchRecord[] = [];
  #errors: ErrorRecord[] = [];
  #approvals: ApprovalRecord[] = [];
  // Made on first use: most requests run few commands and no patch.
  #commandsByCall: Map<string, CommandRecord> | null = null;
  #patchesByCall: Map<string, PatchRecord> | null = null;

  /** Session total before this request's first model call; `undefined` until known. */
  #baseTotal: TokenUsage | null | undefined = undefined;
  #lastTotal: TokenUsage | null = null;
  #lastUsage: TokenUsage | null = null;
  /** Legacy 0.20 flat token counts: this request's own sum. */
  #flatSum: TokenUsage | null = null;
  /** The session's running flat sum as of this request's last token count. */
  #flatSessionSum: TokenUsage | null = null;
  /** 0.153 `raw_response_completed` usages: one per model call. */
  #rawSum: TokenUsage | null = null;
  /** The total of a token count seen before any model output (0.47 replies: the previous total). */
  #totalBeforeOutput: TokenUsage | null = null;
  #sawModelOutput = false;
  #contextWindow: number | null = null;

  /** Event types in order of first appearance, and their counts (small arrays: few types). */
  #types: string[] = [];
  #counts: number[] = [];
  /** Streamed texts waiting for their full texts (full detail only), by its source's rule. */
  readonly pending: PendingParts | null;

  /** Set when the record must be rebuilt; read by the reducer's change tracking. */
  #changed = false;
  /** Set once the reducer handed the record on and forgot the request. */
  #released = false;
  #record: RequestRecord | null = null;
  /** A token count not read yet: settled before anything reads or changes the token facts. */
  #laterTotals: LaterFact | null = null;
  /** Token counts recorded and agent messages added: holding pays off only on long runs. */
  #totalsRecorded = 0;
  #agentMessages = 0;
  /** An agent message not read yet: settled before anything reads or adds messages. */
  #laterMessage: LaterFact | null = null;

  constructor(
    id: { key: string; requestId: RequestId },
    options: { line: number; limits: Readonly<Limits>; deltas: PendingRule | null },
  ) {
    this.key = id.key;
    this.requestId = id.requestId;
    this.#firstLine = options.line;
    this.#lastLine = options.line;
    this.limits = options.limits;
    this.pending = options.deltas === null
      ? null
      : new PendingParts(options.deltas, options.limits.pendingText);
  }

  // Read-only views: state changes go through the methods below.
  get tool(): string | null {
    return this.#tool;
  }

  get threadId(): string | null {
    return this.#threadId;
  }

  get turnId(): string | null {
    return this.#turnId;
  }

  get model(): string | null {
    return this.#model;
  }

  get cwd(): string | null {
    return this.#cwd;
  }

  get rolloutPath(): string | null {
    return this.#rolloutPath;
  }

  get firstLine(): number {
    return this.#firstLine;
  }

  get lastLine(): number {
    return this.#lastLine;
  }

  get firstTime(): number | null {
    return this.#firstTime;
  }

  get lastTime(): number | null {
    return this.#lastTime;
  }

  get lastEventType(): string | null {
    return this.#lastEventType;
  }

  /** True once any `codex/event` of this request was seen. */
  get hasEvents(): boolean {
    return this.#hasEvents;
  }

  /** The request's own `session_configured` came: it is a `codex` call. */
  get configuredSession(): boolean {
    return this.#configuredSession;
  }

  /** Set when a 0.47 reply still waits to be joined to its session. */
  get joinPending(): boolean {
    return this.#joinPending;
  }

  get outcome(): Outcome {
    return this.#outcome;
  }

  get endLine(): number | null {
    return this.#endLine;
  }

  get taskComplete(): boolean {
    return this.#taskComplete;
  }

  get errorEvent(): boolean {
    return this.#errorEvent;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  /** The server went away while this request was open. */
  get serverGone(): boolean {
    return this.#serverGone;
  }

  get resultText(): string | null {
    return this.#resultText;
  }

  get taskCompleteMessage(): string | null {
    return this.#taskCompleteMessage;
  }

  get lastAgentMessage(): string | null {
    this.settleMessage();
    return this.#lastAgentMessage;
  }

  get prompt(): Readonly<MessageRecord> | null {
    return this.#prompt;
  }

  get messages(): readonly Readonly<MessageRecord>[] {
    this.settleMessage();
    return this.#messages;
  }

  get reasoning(): readonly Readonly<ReasoningBlock>[] {
    return this.#reasoning;
  }

  get commands(): readonly Readonly<CommandRecord>[] {
    return this.#commands;
  }

  get patches(): readonly Readonly<PatchRecord>[] {
    return this.#patches;
  }

  get errors(): readonly Readonly<ErrorRecord>[] {
    return this.#errors;
  }

  get approvals(): readonly Readonly<ApprovalRecord>[] {
    return this.#approvals;
  }

  /** Session total before this request's first model call; `undefined` until known. */
  get baseTotal(): Readonly<TokenUsage> | null | undefined {
    this.settleTotals();
    return this.#baseTotal;
  }

  get lastTotal(): Readonly<TokenUsage> | null {
    this.settleTotals();
    return this.#lastTotal;
  }

  get lastUsage(): Readonly<TokenUsage> | null {
    this.settleTotals();
    return this.#lastUsage;
  }

  /** Legacy 0.20 flat token counts: this request's own sum. */
  get flatSum(): Readonly<TokenUsage> | null {
    return this.#flatSum;
  }

  /** The session's running flat sum as of this request's last token count. */
  get flatSessionSum(): Readonly<TokenUsage> | null {
    return this.#flatSessionSum;
  }

  /** 0.153 `raw_response_completed` usages: one per model call. */
  get rawSum(): Readonly<TokenUsage> | null {
    return this.#rawSum;
  }

  /** The total of a token count seen before any model output (0.47 replies: the previous total). */
  get totalBeforeOutput(): Readonly<TokenUsage> | null {
    this.settleTotals();
    return this.#totalBeforeOutput;
  }

  get sawModelOutput(): boolean {
    return this.#sawModelOutput;
  }

  get contextWindow(): number | null {
    this.settleTotals();
    return this.#contextWindow;
  }

  /** Set when the record must be rebuilt; read by the reducer's change tracking. */
  get changed(): boolean {
    return this.#changed;
  }

  /** Set once the reducer handed the record on and forgot the request. */
  get released(): boolean {
    return this.#released;
  }

  /** True while an approval of kind `other` waits (it has no call id to pair with). */
  get otherApprovalPending(): boolean {
    return this.#otherApprovalPending;
  }

  /** True once the result (or a JSON-RPC error) arrived. */
  get ended(): boolean {
    return this.#outcome.kind !== "open";
  }

  // State changes, named after what happened.

  /** The request runs on thread `threadId` (its session named it, or it joined one). */
  setThread(threadId: string): void {
    this.settleTotals();
    this.#threadId = threadId;
  }

  /** Takes `threadId` when the request has no thread yet. */
  adoptThread(threadId: string): void {
    this.settleTotals();
    this.#threadId ??= threadId;
  }

  /** Takes the facts it does not know yet from its session, thread or a server request. */
  inherit(
    facts: { model?: string | null; cwd?: string | null; rolloutPath?: string | null },
  ): void {
    this.#model ??= facts.model ?? null;
    this.#cwd ??= facts.cwd ?? null;
    this.#rolloutPath ??= facts.rolloutPath ?? null;
  }

  /** Its own `session_configured` came: a `codex` call on a new session, from zero tokens. */
  configureSession(
    facts: { model: string | null; rolloutPath: string | null; cwd: string | null },
  ): void {
    this.settleTotals();
    this.#configuredSession = true;
    this.#tool = "codex";
    this.#baseTotal ??= null;
    this.#model = facts.model ?? this.#model;
    this.#rolloutPath = facts.rolloutPath ?? this.#rolloutPath;
    if (facts.cwd !== null) this.#cwd = facts.cwd;
  }

  /** A turn began (facts it does not tell keep their values). */
  begin(facts: { turnId?: string | null; contextWindow?: number | null }): void {
    this.settleTotals();
    this.#contextWindow = facts.contextWindow ?? this.#contextWindow;
    this.#turnId = facts.turnId ?? this.#turnId;
  }

  /** Facts its thread now tells (a turn's context): they replace what the request knew. */
  learn(facts: { model: string | null; cwd: string | null }): void {
    this.#model = facts.model ?? this.#model;
    this.#cwd = facts.cwd ?? this.#cwd;
  }

  /** The MCP tool the request called (`codex` or `codex-reply`). */
  setTool(tool: string): void {
    this.#tool = tool;
  }

  /** An event of this request arrived (`modelOutput`: one the model wrote). */
  noteEvent(modelOutput: boolean): void {
    this.#hasEvents = true;
    if (modelOutput) this.#sawModelOutput = true;
  }

  /** Whether a reply without a thread id still waits to be joined to its session. */
  setJoinPending(pending: boolean): void {
    this.settleTotals();
    this.#joinPending = pending;
  }

  /**
   * The turn ended at `line`, as `how` tells: the one place that decides a turn's end, for
   * every format (an mcp-server request's turn, a turn of the others). Approvals still
   * waiting get no answer any more. {@linkcode TrackedRequest.turnEnded} is true from now on.
   */
  endTurn(how: TurnEnd, line: number): void {
    if (how === "completed") this.#taskComplete = true;
    else if (how === "failed") this.#errorEvent = true;
    else this.#aborted = true;
    this.#endLine ??= line;
    this.resolveApprovals(null);
  }

  /** The task's last agent message, as its end tells it (null: it tells none). */
  noteTaskMessage(message: string | null): void {
    this.#taskCompleteMessage = message ?? this.#taskCompleteMessage;
  }

  /** The request ended at `line`, with `outcome` when its answer tells one. */
  end(line: number, outcome?: Outcome): void {
    if (outcome !== undefined) this.#outcome = outcome;
    this.#endLine = line;
    this.#serverGone = false;
  }

  /** The server went away while this request was open. */
  loseServer(): void {
    this.#serverGone = true;
  }

  /** The text of the request's result. */
  answer(text: string | null): void {
    this.#resultText = text;
  }

  /** A complete agent message: kept, and the latest one. */
  addAgentMessage(text: string, line: number): void {
    this.settleMessage();
    this.#agentMessages++;
    this.#lastAgentMessage = text;
    this.addMessage(text, line);
  }

  /** The model's context window, when known. */
  setContextWindow(window: number | null): void {
    this.settleTotals();
    this.#contextWindow = window ?? this.#contextWindow;
  }

  /** The session total before this request's first usage update (set once). */
  setShareBase(total: TokenUsage | null): void {
    this.settleTotals();
    if (this.#baseTotal === undefined) this.#baseTotal = total;
  }

  /** A cumulative total seen before any model output (0.47 replies: the previous total). */
  noteTotalBeforeOutput(total: TokenUsage): void {
    this.settleTotals();
    if (!this.#sawModelOutput && this.#totalBeforeOutput === null) this.#totalBeforeOutput = total;
  }

  /** The session's cumulative total and the last model call's usage, when told. */
  recordTotals(total: TokenUsage, last: TokenUsage | null): void {
    this.settleTotals();
    this.#totalsRecorded++;
    this.#lastTotal = total;
    this.#lastUsage = last ?? this.#lastUsage;
  }

  /** Usage counted flat: the request's own sum, the session's running sum, the last call's. */
  recordFlatUsage(usage: { own: TokenUsage; session: TokenUsage; last?: TokenUsage }): void {
    this.settleTotals();
    this.#flatSum = usage.own;
    if (usage.last !== undefined) this.#lastUsage = usage.last;
    this.#flatSessionSum = usage.session;
  }

  /**
   * True when a new cumulative token count would change only last-wins facts (the totals, the
   * last call's usage, the context window, the session's total): the facts a first count
   * decides (the share base, the total before output, the join by total) are decided.
   */
  get totalsAreLastWins(): boolean {
    return this.#lastTotal !== null && this.#baseTotal !== undefined && !this.#joinPending &&
      (this.#sawModelOutput || this.#totalBeforeOutput !== null);
  }

  /**
   * Holds `later` instead of a token count read now (only while
   * {@linkcode totalsAreLastWins}, and a later count replaces it): it is settled before
   * anything reads or changes this request's token facts or builds its record.
   */
  deferTotals(later: LaterFact): void {
    this.#laterTotals = later;
  }

  /** Cumulative token counts recorded so far (held ones once settled). */
  get totalsRecorded(): number {
    return this.#totalsRecorded;
  }

  /** Agent messages added so far (held ones once settled). */
  get agentMessages(): number {
    return this.#agentMessages;
  }

  /** The token count not read yet, if any. */
  get laterTotals(): LaterFact | null {
    return this.#laterTotals;
  }

  /** Applies the token count not read yet, if any. */
  settleTotals(): void {
    const later = this.#laterTotals;
    if (later === null) return;
    this.#laterTotals = null;
    later.settle();
  }

  /**
   * True when a new agent message only replaces the last one (the final answer): no message
   * list is kept and no streamed part waits for it.
   */
  get messagesAreLastWins(): boolean {
    return this.limits.messages === 0 && this.pending === null;
  }

  /**
   * Holds `later` instead of an agent message read now (only while
   * {@linkcode messagesAreLastWins}, and a later message replaces it): it is settled before
   * anything reads or adds this request's messages or builds its record.
   */
  deferMessage(later: LaterFact): void {
    this.#laterMessage = later;
  }

  /** The agent message not read yet, if any. */
  get laterMessage(): LaterFact | null {
    return this.#laterMessage;
  }

  /** Applies the agent message not read yet, if any. */
  settleMessage(): void {
    const later = this.#laterMessage;
    if (later === null) return;
    this.#laterMessage = null;
    later.settle();
  }

  /** Marks the record changed for the reducer's change tracking; false when it already was. */
  markChanged(): boolean {
    if (this.#changed) return false;
    this.#changed = true;
    return true;
  }

  /** The reducer reported the change. */
  clearChanged(): void {
    this.#changed = false;
  }

  /** The reducer handed the record on and forgets the request. */
  markReleased(): void {
    this.#released = true;
  }

  /**
   * True once the turn ended: completed, failed or interrupted (the end of a turn format's
   * request; an mcp-server request ends with its result, {@linkcode TrackedRequest.ended}).
   */
  get turnEnded(): boolean {
    return this.taskComplete || this.errorEvent || this.aborted;
  }

  /** Drops the cached record after a change. */
  invalidate(): void {
    this.#record = null;
  }

  /** The first user message is the prompt; later ones (steering) are not. */
  setPrompt(text: string, line: number): void {
    this.#prompt ??= { text: clipHead(text, this.limits.text), line };
  }

  addMessage(text: string, line: number): void {
    this.settleMessage();
    pushBounded(
      this.#messages,
      { text: clipHead(text, this.limits.text), line },
      this.limits.messages,
    );
  }

  addReasoning(text: string, line: number): void {
    pushBounded(
      this.#reasoning,
      { text: clipHead(text, this.limits.text), line },
      this.limits.reasoning,
    );
  }

  addError(error: ErrorRecord): void {
    pushBounded(
      this.#errors,
      { ...error, message: clipHead(error.message, this.limits.text) },
      this.limits.errors,
    );
  }

  /** True while an approval of kind `other` waits (it has no call id to pair with). */
  #otherApprovalPending = false;

  addApproval(approval: ApprovalRecord): void {
    pushBounded(this.#approvals, approval, this.limits.approvals);
    if (approval.kind === "other") this.#otherApprovalPending = true;
  }

  /** The approval waiting for `callId`, if any. */
  approvalFor(callId: string): Readonly<ApprovalRecord> | undefined {
    return this.#approvals.find((approval) => approval.callId === callId);
  }

  /** The server asked again for a known approval: its request id, and its message if any. */
  updateApproval(
    approval: Readonly<ApprovalRecord>,
    update: { serverRequestId: RequestId; message: string },
  ): void {
    const own = approval as ApprovalRecord;
    own.serverRequestId = update.serverRequestId;
    if (update.message !== "") own.message = update.message;
  }

  /** Marks the approval of server request `serverRequestId` answered; false when none waits. */
  resolveServerRequest(serverRequestId: RequestId): boolean {
    const approval = this.#approvals.find((approval) =>
      !approval.resolved && approval.serverRequestId === serverRequestId
    );
    if (approval === undefined) return false;
    approval.resolved = true;
    if (approval.kind === "other") {
      this.#otherApprovalPending = this.#approvals.some((other) =>
        other.kind === "other" && !other.resolved
      );
    }
    return true;
  }

  /** Marks approvals answered: those of `callId`, or all of them when `callId` is null. */
  resolveApprovals(callId: string | null): void {
    if (callId === null) this.#otherApprovalPending = false;
    for (const approval of this.#approvals) {
      if (!approval.resolved && (callId === null || approval.callId === callId)) {
        approval.resolved = true;
      }
    }
  }

  /** The turn moved on: approvals without a call id were answered. */
  resolveOtherApprovals(): void {
    this.#otherApprovalPending = false;
    for (const approval of this.#approvals) {
      if (approval.kind === "other") approval.resolved = true;
    }
  }

  /** A command began; returns its record. */
  beginCommand(
    begin: Omit<CommandRecord, "exitCode" | "durationMs" | "output" | "endLine">,
  ): Readonly<CommandRecord> {
    const record: CommandRecord = {
      ...begin,
      command: begin.command.map((argument) => clipHead(argument, this.limits.argument)),
      exitCode: null,
      durationMs: null,
      output: "",
      endLine: null,
    };
    const dropped = pushBounded(this.#commands, record, this.limits.commands);
    const byCall = this.#commandsByCall ??= new Map();
    if (dropped !== undefined) byCall.delete(dropped.callId);
    byCall.set(record.callId, record);
    return record;
  }

  /** The command with `callId`, if it is still kept. */
  command(callId: string): Readonly<CommandRecord> | undefined {
    return this.#commandsByCall?.get(callId);
  }

  /** A command ended: fills its record (one this request handed out). */
  endCommand(
    record: Readonly<CommandRecord>,
    end: { exitCode: number | null; durationMs: number | null; output: string; line: number },
  ): void {
    const own = record as CommandRecord;
    own.exitCode = end.exitCode;
    own.durationMs = end.durationMs;
    own.output = clipTail(end.output, this.limits.commandOutput);
    own.endLine = end.line;
  }

  beginPatch(patch: PatchRecord): void {
    const record = { ...patch, files: patch.files.slice(0, this.limits.patchFiles) };
    const dropped = pushBounded(this.#patches, record, this.limits.patches);
    const byCall = this.#patchesByCall ??= new Map();
    if (dropped !== undefined) byCall.delete(dropped.callId);
    byCall.set(record.callId, record);
  }

  /** A patch ended (`success` null when the end tells no outcome; `record` one this request handed out). */
  endPatch(record: Readonly<PatchRecord>, end: { success: boolean | null; line: number }): void {
    const own = record as PatchRecord;
    own.success = end.success;
    own.endLine = end.line;
  }

  /** The patch with `callId`, if it is still kept. */
  patch(callId: string): Readonly<PatchRecord> | undefined {
    return this.#patchesByCall?.get(callId);
  }

  /** Counts one event and moves the request's last activity forward. */
  touch(type: string, line: number, time: number | null): void {
    const index = this.#types.indexOf(type);
    if (index >= 0) this.#counts[index] = (this.#counts[index] as number) + 1;
    else {
      this.#types.push(type);
      this.#counts.push(1);
    }
    this.#lastEventType = type;
    this.seen(line, time);
  }

  /** Moves the last activity forward without counting an event (results, server requests). */
  seen(line: number, time: number | null): void {
    if (line > this.#lastLine) this.#lastLine = line;
    if (time !== null) {
      if (this.#firstTime === null) this.#firstTime = time;
      this.#lastTime = time;
    }
    this.#record = null;
  }

  /** Where the request stands now. */
  state(): RequestState {
    const outcome = this.#outcome;
    if (this.#aborted) return "cancelled";
    if (outcome.kind === "rpc_error") return "failed";
    if (outcome.kind === "result") return outcome.success ? "completed" : "failed";
    if (this.#errorEvent) return "failed";
    if (this.#taskComplete) return "completed";
    if (this.#serverGone) return "no_response";
    if (this.#approvals.some((approval) => !approval.resolved)) return "awaiting_approval";
    return "running";
  }

  /** This request's own usage: its end total minus the session total before it. */
  ownTokens(): TokenUsage | null {
    this.settleTotals();
    if (this.#flatSum !== null) return this.#flatSum;
    if (this.#lastTotal !== null && this.#baseTotal !== undefined) {
      return subtractUsage(this.#lastTotal, this.#baseTotal ?? ZERO_USAGE);
    }
    if (this.#rawSum !== null) return this.#rawSum;
    if (this.#lastTotal !== null && this.#totalBeforeOutput !== null) {
      return subtractUsage(this.#lastTotal, this.#totalBeforeOutput);
    }
    return null;
  }

  /** Adds a 0.153 `raw_response_completed` usage. */
  addRawUsage(usage: TokenUsage): void {
    this.#rawSum = this.#rawSum === null ? usage : addUsage(this.#rawSum, usage);
  }

  /** The record as of now; cached until the next change, never mutated once returned. */
  record(): RequestRecord {
    this.settleMessage();
    this.settleTotals();
    this.#record ??= this.#build(true);
    return this.#record;
  }

  /**
   * The final record of a request that is forgotten right after: its lists are handed over
   * instead of copied, so nothing may change this request afterwards.
   */
  finalRecord(): RequestRecord {
    this.settleMessage();
    this.settleTotals();
    const record = this.#record ?? this.#build(false);
    this.#forgetItems();
    return record;
  }

  // A released request can stay in its table's list for a while (the list is compacted in
  // batches): it lets go of its items and texts, which only the final record needs now.
  #forgetItems(): void {
    this.#messages = [];
    this.#reasoning = [];
    this.#commands = [];
    this.#patches = [];
    this.#errors = [];
    this.#approvals = [];
    this.#commandsByCall = null;
    this.#patchesByCall = null;
    this.#resultText = null;
    this.#taskCompleteMessage = null;
    this.#lastAgentMessage = null;
    this.#prompt = null;
    this.#record = null;
  }

  /** A record with copies of the lists (`copy`) or the lists themselves. */
  #build(copy: boolean): RequestRecord {
    const finalMessage = this.#resultText ?? this.#taskCompleteMessage ?? this.#lastAgentMessage;
    return {
      key: this.key,
      requestId: this.requestId,
      tool: this.#tool,
      threadId: this.#threadId,
      turnId: this.#turnId,
      model: this.#model,
      cwd: this.#cwd,
      rolloutPath: this.#rolloutPath,
      state: this.state(),
      firstLine: this.#firstLine,
      lastLine: this.#lastLine,
      firstTime: this.#firstTime,
      lastTime: this.#lastTime,
      lastEventType: this.#lastEventType,
      finalMessage: finalMessage === null ? null : clipHead(finalMessage, this.limits.finalMessage),
      ...(this.#prompt === null ? {} : { prompt: copy ? { ...this.#prompt } : this.#prompt }),
      messages: copy ? this.#messages.map((message) => ({ ...message })) : this.#messages,
      reasoning: copy ? this.#reasoning.map((block) => ({ ...block })) : this.#reasoning,
      commands: copy
        ? this.#commands.map((command) => ({ ...command, command: [...command.command] }))
        : this.#commands,
      patches: copy
        ? this.#patches.map((patch) => ({ ...patch, files: [...patch.files] }))
        : this.#patches,
      errors: copy ? this.#errors.map((error) => ({ ...error })) : this.#errors,
      approvals: copy
        ? this.#approvals.map((approval) => ({
          ...approval,
          command: approval.command === null ? null : [...approval.command],
        }))
        : this.#approvals,
      tokens: this.ownTokens(),
      sessionTokens: this.#flatSessionSum ?? this.#lastTotal,
      lastTokenUsage: this.#lastUsage,
      contextWindow: this.#contextWindow,
      endLine: this.#endLine,
      eventCounts: countsObject(this.#types, this.#counts),
    };
  }
}
