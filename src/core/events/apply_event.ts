/** Applies one parsed `codex/event` message to its request (protocol doc sections 4 to 8). */

import {
  type ApprovalRecord,
  type Entry,
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  stringsAt,
  type TokenUsage,
} from "../model/mod.ts";
import {
  addUsage,
  commandLine,
  durationMs,
  fileUriToPath,
  type PartPosition,
  type PendingKind,
  type PendingPart,
  readTokenUsage,
  retryCounter,
  sameUsage,
  type Session,
  type SessionRegistry,
  type TrackedRequest,
  type TurnEnd,
} from "../request/mod.ts";

/** Where an event sits and what it may use. */
export interface EventContext {
  line: number;
  time: number | null;
  /**
   * `params._meta.threadId` (0.153), when the line has one; may be left `null` when the
   * request already has a thread and the event is not `session_configured` (then unused).
   */
  threadId: string | null;
  sessions: SessionRegistry;
  /** Receives readable entries; `null` when nobody wants them. */
  emit: ((entry: Entry) => void) | null;
  /** Set by a source that keeps turns (rollout files): where it reads events differently. */
  turns?: TurnRules;
}

/**
 * How a source that keeps turns reads the vocabulary where mcp-server reads it otherwise: each
 * difference is named here and decided by the source, not by a second switch over event types.
 */
export interface TurnRules {
  /**
   * `task_complete` and `turn_aborted` end the turn the source keeps (as app-server's
   * `turn/completed` does); an mcp-server request ends with its result.
   */
  endTurn(request: TrackedRequest, msg: JsonObject, context: EventContext): void;
  /**
   * `item_completed` is the record of its item (rollout files of 0.169+ keep messages,
   * reasoning, commands and file changes only so); for mcp-server it only completes text
   * streamed as deltas, since the item's own events carry it.
   */
  itemCompleted(request: TrackedRequest, item: JsonObject | null, context: EventContext): void;
  /**
   * A file may hold one text twice, as its event and as its item: an `agent_message` equal to
   * the last message, or an `agent_reasoning` equal to a kept block, is dropped.
   */
  dropsRepeats: boolean;
}

/** Event types that show the model has produced output in this request. */
export const MODEL_OUTPUT_TYPES: ReadonlySet<string> = new Set([
  "agent_reasoning",
  "agent_reasoning_delta",
  "agent_reasoning_section_break",
  "reasoning_content_delta",
  "agent_reasoning_raw_content",
  "agent_reasoning_raw_content_delta",
  "reasoning_raw_content_delta",
  "agent_message",
  "agent_message_delta",
  "agent_message_content_delta",
  "exec_command_begin",
  "exec_approval_request",
  "apply_patch_approval_request",
  "patch_apply_begin",
  "raw_response_completed",
]);

/** Event types that need no entry of their own (streaming pieces, raw copies, repeats). */
const SILENT_TYPES: ReadonlySet<string> = new Set([
  "agent_reasoning_delta",
  "agent_reasoning_section_break",
  "reasoning_content_delta",
  "agent_reasoning_raw_content_delta",
  "reasoning_raw_content_delta",
  "agent_message_delta",
  "agent_message_content_delta",
  "exec_command_output_delta",
  "raw_response_item",
  "raw_response_completed",
  "item_started",
  "item_completed",
  "turn_diff",
  "mcp_startup_complete",
  "mcp_startup_update",
  "plan_delta",
  "token_count",
  "thread_settings_applied",
]);

/** Approval-like events without a call id to pair with (resolved by the next event). */
const OTHER_APPROVAL_TYPES: ReadonlySet<string> = new Set([
  "request_user_input",
  "request_permissions",
  "elicitation_request",
]);

/** True when an event of `type` needs no entry (the fast path uses it for unparsed lines). */
export function isSilentType(type: string): boolean {
  return SILENT_TYPES.has(type);
}

/** Emits an entry for `request` when entries are wanted. */
export function emitEntry(
  request: TrackedRequest,
  context: Pick<EventContext, "line" | "time" | "emit">,
  entry: Pick<Entry, "kind" | "type" | "text" | "exitCode" | "durationMs">,
): void {
  context.emit?.({ key: request.key, line: context.line, time: context.time, ...entry });
}

/**
 * Gives a request without a thread the line's `_meta.threadId` (joining its session when
 * known), as every event of `type` does: also the events only counted from their bytes.
 */
export function joinLineThread(request: TrackedRequest, type: string, context: EventContext): void {
  if (context.threadId === null || request.threadId !== null) return;
  const session = context.sessions.get(context.threadId);
  if (session !== undefined && type !== "session_configured") {
    context.sessions.join(request, session);
  } else request.setThread(context.threadId);
}

/** Applies `msg` (already counted) to `request`. */
export function applyEvent(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const type = stringAt(msg, "type") ?? "";
  joinLineThread(request, type, context);
  switch (type) {
    case "session_configured":
      return sessionConfigured(request, msg, context);
    case "task_started":
      return taskStarted(request, msg, context);
    case "task_complete":
      if (context.turns !== undefined) return context.turns.endTurn(request, msg, context);
      return taskComplete(request, msg, context);
    case "turn_aborted":
      if (context.turns !== undefined) return context.turns.endTurn(request, msg, context);
      return turnAborted(request, msg, context);
    case "token_count":
      return tokenCount(request, msg, context);
    case "raw_response_completed": {
      const usage = readTokenUsage(msg.token_usage);
      if (usage !== null) request.addRawUsage(usage);
      return;
    }
    case "agent_message":
      return agentMessage(request, stringAt(msg, "message") ?? "", context);
    case "agent_reasoning":
      return agentReasoning(request, stringAt(msg, "text") ?? "", context);
    case "agent_reasoning_section_break":
      request.pending?.sectionBreak(partPosition(msg, type, context));
      return;
    case "agent_reasoning_delta":
    case "reasoning_content_delta":
    case "agent_message_delta":
    case "agent_message_content_delta":
      return streamDelta(request, stringAt(msg, "delta") ?? "", partPosition(msg, type, context));
    case "item_completed":
      if (context.turns !== undefined) {
        return context.turns.itemCompleted(request, objectAt(msg, "item"), context);
      }
      return itemCompleted(request, objectAt(msg, "item"), context);
    case "raw_response_item":
      return rawResponseItem(request, objectAt(msg, "item"), context);
    case "exec_command_begin":
      return commandBegin(request, msg, context);
    case "exec_command_end":
      return commandEnd(request, msg, context);
    case "exec_approval_request":
    case "apply_patch_approval_request":
      return approvalRequest(request, msg, context);
    case "patch_apply_begin":
      return patchBegin(request, msg, context);
    case "patch_apply_end":
      return patchEnd(request, msg, context);
    case "error":
      return errorEvent(request, msg, context);
    case "stream_error":
      return streamError(request, msg, context);
    case "user_message":
      request.setPrompt(stringAt(msg, "message") ?? "", context.line);
      return emitEntry(request, context, {
        kind: "event",
        type,
        text: `user message: ${stringAt(msg, "message") ?? ""}`,
      });
    default:
      if (OTHER_APPROVAL_TYPES.has(type)) return otherApproval(request, msg, context);
      if (!SILENT_TYPES.has(type)) emitEntry(request, context, { kind: "event", type, text: type });
  }
}

/** The kind of text each delta event streams. */
const DELTA_KINDS: ReadonlyMap<string, PendingKind> = new Map([
  ["agent_reasoning_delta", "reasoning"],
  ["reasoning_content_delta", "reasoning"],
  ["agent_message_delta", "message"],
  ["agent_message_content_delta", "message"],
]);

/** A delta event's members `applyEvent` reads, as a byte reader gives them without a message. */
export interface TextPiece {
  /** `delta`, when a string (else empty). */
  text: string;
  /** `item_id`, when a string. */
  itemId: string | null;
  /** `summary_index`, when a finite number. */
  index: number | null;
}

/** Applies a delta event of `type` read from its bytes, as {@linkcode applyEvent} applies a parsed one. */
export function applyTextPiece(
  request: TrackedRequest,
  type: string,
  piece: TextPiece,
  context: EventContext,
): void {
  joinLineThread(request, type, context);
  const { line, time } = context;
  streamDelta(request, piece.text, { itemId: piece.itemId, index: piece.index, line, time, type });
}

function streamDelta(request: TrackedRequest, text: string, position: PartPosition): void {
  const kind = DELTA_KINDS.get(position.type);
  if (kind !== undefined) request.pending?.delta(kind, text, position);
}

/**
 * The turn of `request` ended, as `how` tells (`task_complete`, an `error`, `turn_aborted`, or
 * a turn format's own end): the request model records the end, and the texts left streaming
 * are final. Every format ends a turn here.
 */
export function finishTurn(
  request: TrackedRequest,
  how: TurnEnd,
  context: Pick<EventContext, "line" | "emit">,
): void {
  request.endTurn(how, context.line);
  flushPending(request, context);
}

/**
 * Emits the delta-merged texts that never got a full text (they are the best there is), in the
 * order and with the repeat check of the request's {@linkcode PendingRule}. False when no part
 * (not even an empty one) waited.
 */
export function flushPending(
  request: TrackedRequest,
  context: Pick<EventContext, "emit">,
): boolean {
  const pending = request.pending;
  if (pending === null || !pending.waiting) return false;
  const matchesTexts = pending.rule === "full_texts";
  for (const part of pending.drain()) {
    const reasoning = part.kind === "reasoning";
    if (matchesTexts && isKept(request, part)) continue;
    if (reasoning) request.addReasoning(part.text, part.line);
    else request.addAgentMessage(part.text, part.line);
    context.emit?.({
      key: request.key,
      kind: reasoning ? "reasoning" : "message",
      line: part.line,
      time: part.time,
      type: part.type,
      text: part.text,
    });
  }
  return true;
}

/** True when `part`'s text is already kept as a block or message of its kind. */
function isKept(request: TrackedRequest, part: PendingPart): boolean {
  const kept = part.kind === "reasoning" ? request.reasoning : request.messages;
  return kept.some((record) => record.text === part.text);
}

function partPosition(msg: JsonObject, type: string, context: EventContext): PartPosition {
  return {
    itemId: stringAt(msg, "item_id"),
    index: numberAt(msg, "summary_index"),
    line: context.line,
    time: context.time,
    type,
  };
}

function sessionConfigured(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const cwd = stringAt(msg, "cwd");
  // A new session starts from zero tokens.
  request.configureSession({
    model: stringAt(msg, "model"),
    rolloutPath: stringAt(msg, "rollout_path"),
    cwd: cwd === null ? null : fileUriToPath(cwd),
  });
  const threadId = stringAt(msg, "session_id") ?? stringAt(msg, "thread_id") ?? context.threadId;
  if (threadId !== null) {
    request.setThread(threadId);
    context.sessions.configure(request, {
      threadId,
      model: request.model,
      cwd: request.cwd,
      rolloutPath: request.rolloutPath,
    });
  }
  const model = request.model === null ? "" : ` (model ${request.model})`;
  emitEntry(request, context, {
    kind: "event",
    type: "session_configured",
    text: `session configured: ${threadId ?? "?"}${model}`,
  });
}

function taskComplete(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  request.noteTaskMessage(stringAt(msg, "last_agent_message"));
  finishTurn(request, "completed", context);
  emitEntry(request, context, { kind: "event", type: "task_complete", text: "task complete" });
}

function taskStarted(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  request.begin({
    contextWindow: numberAt(msg, "model_context_window"),
    turnId: stringAt(msg, "turn_id"),
  });
  if (!request.configuredSession && request.tool === null) {
    // Every `codex` call opens with session_configured; a turn without one continues a session.
    request.setTool("codex-reply");
    if (request.threadId === null) context.sessions.joinAtStart(request);
  }
  emitEntry(request, context, { kind: "event", type: "task_started", text: "task started" });
}

function tokenCount(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  if (!("info" in msg) && readTokenUsage(msg) !== null) {
    return legacyTokenCount(request, msg, context);
  }
  const info = objectAt(msg, "info");
  if (info === null) return;
  const total = readTokenUsage(info.total_token_usage);
  if (total === null) return;
  applyTokenTotals(request, {
    total,
    last: readTokenUsage(info.last_token_usage),
    contextWindow: numberAt(info, "model_context_window"),
  }, context);
}

/** The usage numbers of one `token_count` with `info`. */
export interface TokenTotals {
  /** `total_token_usage`: cumulative for the session. */
  total: TokenUsage;
  /** `last_token_usage`: the latest model call. */
  last: TokenUsage | null;
  contextWindow: number | null;
}

/** Applies a `token_count` (read by parsing or from its bytes) to `request` and its session. */
export function applyTokenTotals(
  request: TrackedRequest,
  totals: TokenTotals,
  context: EventContext,
): void {
  const { total, last } = totals;
  request.setContextWindow(totals.contextWindow);
  if (request.joinPending) context.sessions.joinByTotal(request, total);
  const session = context.sessions.get(request.threadId);
  // The session total before this request's first count is the base of its own share.
  if (session !== undefined && session.lastRequest === request) {
    request.setShareBase(session.lastTotal);
  }
  request.noteTotalBeforeOutput(total);
  const changed = request.lastTotal === null || !sameUsage(request.lastTotal, total);
  request.recordTotals(total, last);
  if (session !== undefined) context.sessions.setTotal(session, total);
  if (changed && context.emit !== null) {
    emitEntry(request, context, {
      kind: "tokens",
      type: "token_count",
      text: tokenText(total, request),
    });
  }
}

/**
 * Applies a `token_count` read late: its request's totals were last-wins when it was read
 * ({@linkcode TrackedRequest.totalsAreLastWins}) and it was no view's entry, so this is what
 * {@linkcode applyTokenTotals} did then, on the session the request had then.
 */
export function settleTokenTotals(
  request: TrackedRequest,
  totals: TokenTotals,
  where: { session: Session | undefined; sessions: SessionRegistry },
): void {
  request.setContextWindow(totals.contextWindow);
  request.recordTotals(totals.total, totals.last);
  if (where.session !== undefined) where.sessions.settleTotal(where.session, totals.total);
}

/**
 * Applies an `agent_message` read late: its request kept no message list and no streamed
 * part ({@linkcode TrackedRequest.messagesAreLastWins}) and it was no view's entry, so this
 * is what reading it at line `line` did then.
 */
export function settleAgentMessage(request: TrackedRequest, msg: JsonObject, line: number): void {
  request.addAgentMessage(stringAt(msg, "message") ?? "", line);
}

/** 0.20.x: each (codex/event) token_count is one model call's usage, so these add up. */
function legacyTokenCount(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const usage = readTokenUsage(msg);
  if (usage === null) return;
  const own = request.flatSum === null ? usage : addUsage(request.flatSum, usage);
  const session = context.sessions.get(request.threadId);
  const sessionSum = session === undefined ? own : context.sessions.addFlat(session, usage);
  request.recordFlatUsage({ own, session: sessionSum, last: usage });
  emitEntry(request, context, {
    kind: "tokens",
    type: "token_count",
    text: tokenText(sessionSum, request),
  });
}

/** The text of a token entry: the session total, the last call and the context window. */
export function tokenText(total: TokenUsage, request: TrackedRequest): string {
  const parts = [
    `total ${total.total} (input ${total.input}, cached ${total.cachedInput}, output ${total.output}, reasoning ${total.reasoningOutput})`,
  ];
  if (request.lastUsage !== null) parts.push(`last call ${request.lastUsage.total}`);
  if (request.contextWindow !== null) parts.push(`context window ${request.contextWindow}`);
  return parts.join(", ");
}

function agentMessage(request: TrackedRequest, text: string, context: EventContext): void {
  if (context.turns?.dropsRepeats && request.messages.at(-1)?.text === text) return;
  request.pending?.fullTextArrived("message");
  request.addAgentMessage(text, context.line);
  emitEntry(request, context, { kind: "message", type: "agent_message", text });
}

function agentReasoning(request: TrackedRequest, text: string, context: EventContext): void {
  if (context.turns?.dropsRepeats && request.reasoning.some((block) => block.text === text)) {
    return;
  }
  request.pending?.fullTextArrived("reasoning");
  request.addReasoning(text, context.line);
  emitEntry(request, context, { kind: "reasoning", type: "agent_reasoning", text });
}

function itemCompleted(
  request: TrackedRequest,
  item: JsonObject | null,
  context: EventContext,
): void {
  if (item === null) return;
  const id = stringAt(item, "id");
  if (id === null) return;
  const position = {
    itemId: id,
    index: null,
    line: context.line,
    time: context.time,
    type: "item_completed",
  };
  if (item.type === "Reasoning") {
    request.pending?.itemCompleted(
      "reasoning",
      id,
      stringsAt(item, "summary_text") ?? [],
      position,
    );
  } else if (item.type === "AgentMessage") {
    const content = Array.isArray(item.content) ? item.content : [];
    const text = content.map((part) => isObject(part) ? stringAt(part, "text") ?? "" : "").join("");
    request.pending?.itemCompleted("message", id, [text], position);
  }
}

function rawResponseItem(
  request: TrackedRequest,
  item: JsonObject | null,
  context: EventContext,
): void {
  // The same reasoning again: only used when nothing else of that item id was seen.
  if (item === null || item.type !== "reasoning") return;
  const id = stringAt(item, "id");
  const pending = request.pending;
  if (id === null || pending === null || pending.knowsItem(id)) return;
  const summary = Array.isArray(item.summary) ? item.summary : [];
  const texts = summary.map((part) => isObject(part) ? stringAt(part, "text") ?? "" : "");
  pending.itemCompleted("reasoning", id, texts, {
    itemId: id,
    index: null,
    line: context.line,
    time: context.time,
    type: "raw_response_item",
  });
}

function commandBegin(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const callId = stringAt(msg, "call_id") ?? `line-${context.line}`;
  const argv = stringsAt(msg, "command") ?? [];
  const cwdText = stringAt(msg, "cwd");
  const cwd = cwdText === null ? null : fileUriToPath(cwdText);
  request.inherit({ cwd });
  const session = context.sessions.get(request.threadId);
  if (session !== undefined) context.sessions.ranIn(session, cwd);
  request.beginCommand({
    callId,
    command: argv,
    cwd,
    beginLine: context.line,
    beginTime: context.time,
  });
  request.resolveApprovals(callId);
  emitEntry(request, context, {
    kind: "command",
    type: "exec_command_begin",
    text: commandLine(argv),
  });
}

function commandEnd(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const callId = stringAt(msg, "call_id") ?? `line-${context.line}`;
  const cwdText = stringAt(msg, "cwd");
  // 0.153 repeats the command in the end event, so an end without its begin is still useful.
  const record = request.command(callId) ?? request.beginCommand({
    callId,
    command: stringsAt(msg, "command") ?? [],
    cwd: cwdText === null ? null : fileUriToPath(cwdText),
    beginLine: context.line,
    beginTime: null,
  });
  const aggregated = stringAt(msg, "aggregated_output");
  const output = aggregated ?? (stringAt(msg, "stdout") ?? "") + (stringAt(msg, "stderr") ?? "");
  const exitCode = numberAt(msg, "exit_code");
  request.endCommand(record, {
    exitCode,
    durationMs: durationMs(msg.duration),
    output,
    line: context.line,
  });
  emitEntry(request, context, {
    kind: "output",
    type: "exec_command_end",
    text: record.output,
    exitCode,
    durationMs: record.durationMs,
  });
}

function approvalRequest(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const type = stringAt(msg, "type") ?? "";
  const callId = stringAt(msg, "call_id");
  const argv = stringsAt(msg, "command");
  const kind = type === "exec_approval_request" ? "exec" : "patch";
  const reason = stringAt(msg, "reason");
  const subject = argv !== null ? commandLine(argv) : patchFiles(msg).join(", ");
  const message = reason === null ? subject : `${subject} (${reason})`;
  const known = callId === null ? undefined : request.approvalFor(callId);
  if (known !== undefined) return;
  addApproval(request, context, { serverRequestId: null, kind, callId, command: argv, message });
  const cwd = stringAt(msg, "cwd");
  if (cwd !== null) request.inherit({ cwd: fileUriToPath(cwd) });
}

/** Records an approval and emits its entry. */
export function addApproval(
  request: TrackedRequest,
  context: Pick<EventContext, "line" | "time" | "emit">,
  approval: Omit<ApprovalRecord, "line" | "time" | "resolved">,
): void {
  request.addApproval({ ...approval, line: context.line, time: context.time, resolved: false });
  emitEntry(request, context, {
    kind: "approval",
    type: approval.kind === "exec"
      ? "exec_approval_request"
      : approval.kind === "patch"
      ? "apply_patch_approval_request"
      : "approval",
    text: `approval requested: ${approval.message}`,
  });
}

function otherApproval(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const message = stringAt(msg, "message") ?? stringAt(msg, "reason") ?? stringAt(msg, "type") ??
    "";
  addApproval(request, context, {
    serverRequestId: null,
    kind: "other",
    callId: stringAt(msg, "call_id"),
    command: null,
    message,
  });
}

function patchFiles(msg: JsonObject): string[] {
  const changes = objectAt(msg, "changes");
  return changes === null ? [] : Object.keys(changes);
}

function patchBegin(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const callId = stringAt(msg, "call_id") ?? `line-${context.line}`;
  const files = patchFiles(msg);
  request.beginPatch({ callId, files, success: null, beginLine: context.line, endLine: null });
  request.resolveApprovals(callId);
  emitEntry(request, context, {
    kind: "patch",
    type: "patch_apply_begin",
    text: `patch: ${files.join(", ")}`,
  });
}

function patchEnd(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const callId = stringAt(msg, "call_id") ?? `line-${context.line}`;
  let record = request.patch(callId);
  if (record === undefined) {
    request.beginPatch({
      callId,
      files: patchFiles(msg),
      success: null,
      beginLine: context.line,
      endLine: null,
    });
    record = request.patch(callId);
  }
  const success = typeof msg.success === "boolean" ? msg.success : null;
  if (record !== undefined) request.endPatch(record, { success, line: context.line });
  const outcome = success === null ? "ended" : success ? "applied" : "failed";
  emitEntry(request, context, { kind: "patch", type: "patch_apply_end", text: `patch ${outcome}` });
}

function errorEvent(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const message = stringAt(msg, "message") ?? "error";
  request.addError({ kind: "error", message, line: context.line });
  finishTurn(request, "failed", context);
  emitEntry(request, context, { kind: "error", type: "error", text: message });
}

function streamError(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const text = stringAt(msg, "message") ?? "stream error";
  const details = stringAt(msg, "additional_details");
  const message = details === null ? text : `${text}: ${details}`;
  const counter = retryCounter(text);
  request.addError({ kind: "stream_error", message, line: context.line, ...(counter ?? {}) });
  // The broken attempt's partial texts will never be completed: the retry starts over.
  flushPending(request, context);
  emitEntry(request, context, { kind: "error", type: "stream_error", text: message });
}

function turnAborted(request: TrackedRequest, msg: JsonObject, context: EventContext): void {
  const reason = stringAt(msg, "reason") ?? "unknown";
  request.addError({
    kind: "turn_aborted",
    message: `turn aborted: ${reason}`,
    line: context.line,
  });
  finishTurn(request, "interrupted", context);
  emitEntry(request, context, {
    kind: "event",
    type: "turn_aborted",
    text: `turn aborted: ${reason}`,
  });
}
