/**
 * The reducer for rollout files (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`): one
 * `{timestamp, type, payload}` per line, `type` in `session_meta`, `turn_context`,
 * `event_msg` (the payload is a Codex event, as in mcp-server's `msg`), `response_item`,
 * `token_usage_record`... A rollout holds one thread; turns run from `task_started` to
 * `task_complete`/`turn_aborted` and are keyed `threadId:turnId`. The line timestamps are
 * the line times (timing, silence).
 */

import { TurnBookReducer } from "../turn_book_reducer.ts";
import {
  commandLine,
  durationMs,
  fileUriToPath,
  readTokenUsage,
  type TrackedRequest,
} from "../../request/mod.ts";
import type { LineContext } from "../format_reducer.ts";
import {
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  stringsAt,
} from "../../model/mod.ts";

/** The thread id used until `session_meta` names one. */
const UNKNOWN_THREAD = "rollout";

/** Event types that need no entry of their own. */
const SILENT_EVENTS: ReadonlySet<string> = new Set([
  "token_count",
  "item_started",
  "agent_message_delta",
  "agent_message_content_delta",
  "agent_reasoning_delta",
  "reasoning_content_delta",
  "agent_reasoning_section_break",
  "exec_command_output_delta",
  "thread_settings_applied",
  "turn_diff",
]);

/** Reduces the lines of one rollout file to one record per turn. */
export class RolloutReducer extends TurnBookReducer {
  #threadId = UNKNOWN_THREAD;
  #turn: TrackedRequest | null = null;
  #turns = 0;
  #context: LineContext = { line: 0, time: null };

  pushJson(value: unknown, lineContext: LineContext): boolean {
    if (!isObject(value)) return false;
    const type = stringAt(value, "type");
    const payload = objectAt(value, "payload");
    if (type === null || payload === null) return false;
    const stamp = stringAt(value, "timestamp");
    const parsed = stamp === null ? NaN : Date.parse(stamp);
    const context = this.#context;
    context.line = lineContext.line;
    context.time = Number.isFinite(parsed) ? parsed : lineContext.time;
    switch (type) {
      case "session_meta":
        this.#sessionMeta(payload, context);
        return true;
      case "turn_context":
        this.#turnContext(payload, context);
        return true;
      case "event_msg":
        this.#event(payload, context);
        return true;
      default:
        this.book.event(this.#openTurn(), type, context);
        return true;
    }
  }

  #openTurn(): TrackedRequest | null {
    const turn = this.#turn;
    return turn === null || this.book.ended(turn) ? null : turn;
  }

  #sessionMeta(payload: JsonObject, context: LineContext): void {
    const book = this.book;
    const meta = objectAt(payload, "meta") ?? payload;
    const threadId = stringAt(meta, "id") ?? stringAt(meta, "session_id");
    if (threadId !== null) this.#threadId = threadId;
    const thread = book.thread(this.#threadId);
    thread.cwd = stringAt(meta, "cwd") ?? thread.cwd;
    book.codexVersion = stringAt(meta, "cli_version") ?? book.codexVersion;
    book.event(null, "session_meta", context);
  }

  #turnContext(payload: JsonObject, context: LineContext): void {
    const thread = this.book.thread(this.#threadId);
    thread.model = stringAt(payload, "model") ?? thread.model;
    thread.cwd = stringAt(payload, "cwd") ?? thread.cwd;
    const turn = this.#openTurn();
    if (turn !== null) {
      turn.learn(thread);
    }
    this.book.event(turn, "turn_context", context);
  }

  #startTurn(payload: JsonObject, context: LineContext): TrackedRequest {
    this.#turns += 1;
    const turnId = stringAt(payload, "turn_id");
    const key = `${this.#threadId}:${turnId ?? this.#turns}`;
    const request = this.book.open(key, turnId ?? this.#turns, context);
    request.begin({ turnId });
    this.book.attach(request, this.#threadId);
    request.setContextWindow(numberAt(payload, "model_context_window"));
    this.#turn = request;
    return request;
  }

  #event(payload: JsonObject, context: LineContext): void {
    const book = this.book;
    const type = stringAt(payload, "type") ?? "event_msg";
    if (type === "task_started") {
      const request = this.#startTurn(payload, context);
      book.event(request, type, context);
      book.entry(request, context, { kind: "event", type, text: "task started" });
      return;
    }
    const request = this.#openTurn();
    book.event(request, type, context);
    if (request === null) return;
    switch (type) {
      case "task_complete":
        return this.#taskComplete(request, payload, context);
      case "turn_aborted":
        return book.end(request, "interrupted", context);
      case "token_count": {
        const info = objectAt(payload, "info");
        const total = info === null ? null : readTokenUsage(info.total_token_usage);
        if (info === null || total === null) return;
        return book.totals(request, {
          total,
          last: readTokenUsage(info.last_token_usage),
          contextWindow: numberAt(info, "model_context_window"),
        }, context);
      }
      case "item_completed":
        return this.#itemCompleted(request, objectAt(payload, "item"), context);
      case "agent_message": {
        const text = stringAt(payload, "message") ?? "";
        if (request.messages.at(-1)?.text !== text) book.message(request, text, context, null);
        return;
      }
      case "agent_reasoning": {
        const text = stringAt(payload, "text") ?? "";
        if (!request.reasoning.some((block) => block.text === text)) {
          book.reasoning(request, [text], context, null);
        }
        return;
      }
      case "exec_command_begin":
        return book.beginCommand(request, {
          callId: stringAt(payload, "call_id") ?? `line-${context.line}`,
          argv: stringsAt(payload, "command") ?? [],
          cwd: pathOf(stringAt(payload, "cwd")),
        }, context);
      case "exec_command_end":
        return book.endCommand(request, commandEnd(payload, context), context);
      case "exec_approval_request":
      case "apply_patch_approval_request": {
        const argv = stringsAt(payload, "command");
        const reason = stringAt(payload, "reason");
        const subject = argv === null ? "apply a file change" : commandLine(argv);
        return book.approval(request, {
          serverRequestId: null,
          kind: type === "exec_approval_request" ? "exec" : "patch",
          callId: stringAt(payload, "call_id"),
          command: argv,
          message: reason === null ? subject : `${subject} (${reason})`,
        }, context);
      }
      case "patch_apply_begin":
      case "patch_apply_end":
        return book.patch(request, {
          callId: stringAt(payload, "call_id") ?? `line-${context.line}`,
          files: Object.keys(objectAt(payload, "changes") ?? {}),
          ended: type === "patch_apply_end",
          success: typeof payload.success === "boolean" ? payload.success : null,
        }, context);
      case "error":
        return book.error(request, {
          message: stringAt(payload, "message") ?? "error",
          retry: false,
        }, context);
      case "stream_error": {
        const text = stringAt(payload, "message") ?? "stream error";
        const details = stringAt(payload, "additional_details");
        const message = details === null ? text : `${text}: ${details}`;
        return book.error(request, { message, retry: true }, context);
      }
      case "user_message":
        request.setPrompt(stringAt(payload, "message") ?? "", context.line);
        return book.entry(request, context, {
          kind: "event",
          type,
          text: `user message: ${stringAt(payload, "message") ?? ""}`,
        });
      default:
        if (!SILENT_EVENTS.has(type)) {
          book.entry(request, context, { kind: "event", type, text: type });
        }
    }
  }

  #taskComplete(request: TrackedRequest, payload: JsonObject, context: LineContext): void {
    const book = this.book;
    const error = objectAt(payload, "error");
    const message = error === null ? null : stringAt(error, "message");
    request.noteTaskMessage(stringAt(payload, "last_agent_message"));
    if (error !== null) {
      const text = message ?? "turn failed";
      const known = request.errors.some((recorded) =>
        recorded.kind === "error" && recorded.message === text
      );
      if (!known) book.error(request, { message: text, retry: false }, context);
      return book.end(request, "failed", context);
    }
    book.end(request, "completed", context);
  }

  #itemCompleted(request: TrackedRequest, item: JsonObject | null, context: LineContext): void {
    if (item === null) return;
    const book = this.book;
    const id = stringAt(item, "id");
    switch (item.type) {
      case "UserMessage": {
        const content = Array.isArray(item.content) ? item.content : [];
        const text = content.map((part) => isObject(part) ? stringAt(part, "text") ?? "" : "")
          .join("");
        request.setPrompt(text, context.line);
        return book.entry(request, context, {
          kind: "event",
          type: "user_message",
          text: `user message: ${text}`,
        });
      }
      case "AgentMessage": {
        const content = Array.isArray(item.content) ? item.content : [];
        const text = content.map((part) => isObject(part) ? stringAt(part, "text") ?? "" : "")
          .join("");
        if (request.messages.at(-1)?.text !== text) book.message(request, text, context, id);
        return;
      }
      case "Reasoning": {
        const texts = (stringsAt(item, "summary_text") ?? []).filter((text) =>
          !request.reasoning.some((block) => block.text === text)
        );
        return book.reasoning(request, texts, context, id);
      }
      case "CommandExecution":
        return book.endCommand(request, commandEnd({ ...item, call_id: id }, context), context);
      case "FileChange":
        return book.patch(request, {
          callId: id ?? `line-${context.line}`,
          files: Object.keys(objectAt(item, "changes") ?? {}),
          ended: true,
          success: item.status === "completed",
        }, context);
      default:
        return;
    }
  }
}

function pathOf(cwd: string | null): string | null {
  return cwd === null ? null : fileUriToPath(cwd);
}

function commandEnd(payload: JsonObject, context: LineContext) {
  const aggregated = stringAt(payload, "aggregated_output");
  return {
    callId: stringAt(payload, "call_id") ?? `line-${context.line}`,
    argv: stringsAt(payload, "command") ?? [],
    cwd: pathOf(stringAt(payload, "cwd")),
    exitCode: numberAt(payload, "exit_code"),
    durationMs: durationMs(payload.duration),
    output: aggregated ?? (stringAt(payload, "stdout") ?? "") + (stringAt(payload, "stderr") ?? ""),
  };
}
