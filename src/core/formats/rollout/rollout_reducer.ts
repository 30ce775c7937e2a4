/**
 * The reducer for rollout files (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`): one
 * `{timestamp, type, payload}` per line, `type` in `session_meta`, `turn_context`,
 * `event_msg` (the payload is a Codex event, as in mcp-server's `msg`), `response_item`,
 * `token_usage_record`... A rollout holds one thread; turns run from `task_started` to
 * `task_complete`/`turn_aborted` and are keyed `threadId:turnId`. The line timestamps are
 * the line times (timing, silence).
 *
 * The events are read by the event vocabulary (`applyEvent`), as mcp-server's are; what a
 * rollout reads differently is named in {@linkcode ROLLOUT_RULES}'s place: a `task_started`
 * opens a turn, `task_complete`/`turn_aborted` end it, `item_completed` is an item's record.
 */

import { TurnBookReducer } from "../turn_book_reducer.ts";
import { durationMs, fileUriToPath, type TrackedRequest } from "../../request/mod.ts";
import { applyEvent, type EventContext, type TurnRules } from "../../events/mod.ts";
import type { LineContext, ReducerOptions } from "../format_reducer.ts";
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

/** The event that opens a turn (its id names the turn). */
const TURN_START = "task_started";

/** Reduces the lines of one rollout file to one record per turn. */
export class RolloutReducer extends TurnBookReducer implements TurnRules {
  #threadId = UNKNOWN_THREAD;
  #turn: TrackedRequest | null = null;
  #turns = 0;
  #context: LineContext = { line: 0, time: null };
  readonly dropsRepeats = true;

  constructor(options: ReducerOptions) {
    super(options);
    this.book.readEventsWith(this);
  }

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
    return turn === null || turn.turnEnded ? null : turn;
  }

  #sessionMeta(payload: JsonObject, context: LineContext): void {
    const book = this.book;
    const meta = objectAt(payload, "meta") ?? payload;
    const threadId = stringAt(meta, "id") ?? stringAt(meta, "session_id");
    if (threadId !== null) this.#threadId = threadId;
    book.describeThread(this.#threadId, { cwd: stringAt(meta, "cwd") });
    book.codexVersion = stringAt(meta, "cli_version") ?? book.codexVersion;
    book.event(null, "session_meta", context);
  }

  #turnContext(payload: JsonObject, context: LineContext): void {
    const thread = this.book.describeThread(this.#threadId, {
      model: stringAt(payload, "model"),
      cwd: stringAt(payload, "cwd"),
    });
    const turn = this.#openTurn();
    if (turn !== null) {
      turn.learn(thread);
    }
    this.book.event(turn, "turn_context", context);
  }

  /** A turn begins: the event itself (its context window, its entry) is the vocabulary's. */
  #startTurn(payload: JsonObject, context: LineContext): void {
    this.#turns += 1;
    const turnId = stringAt(payload, "turn_id");
    const key = `${this.#threadId}:${turnId ?? this.#turns}`;
    const request = this.book.open(key, turnId ?? this.#turns, context);
    request.begin({ turnId });
    this.book.attach(request, this.#threadId);
    this.#turn = request;
  }

  #event(payload: JsonObject, context: LineContext): void {
    const book = this.book;
    const type = stringAt(payload, "type");
    if (type === TURN_START) this.#startTurn(payload, context);
    const request = this.#openTurn();
    book.event(request, type ?? "event_msg", context);
    if (request === null) return;
    if (type === null) {
      // No Codex event at all: only its line is told.
      return book.entry(request, context, { kind: "event", type: "event_msg", text: "event_msg" });
    }
    applyEvent(request, payload, book.eventContext(context));
  }

  /** {@linkcode TurnRules.endTurn}: `task_complete` (failed when it holds an error) or `turn_aborted`. */
  endTurn(request: TrackedRequest, payload: JsonObject, context: EventContext): void {
    const book = this.book;
    if (payload.type === "turn_aborted") return book.end(request, "interrupted", context);
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

  /** {@linkcode TurnRules.itemCompleted}: the item's record, as app-server's `item/completed`. */
  itemCompleted(request: TrackedRequest, item: JsonObject | null, context: EventContext): void {
    if (item === null) return;
    const book = this.book;
    const id = stringAt(item, "id");
    switch (item.type) {
      case "UserMessage": {
        const text = contentText(item);
        request.setPrompt(text, context.line);
        return book.entry(request, context, {
          kind: "event",
          type: "user_message",
          text: `user message: ${text}`,
        });
      }
      case "AgentMessage": {
        const text = contentText(item);
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
        return book.endCommand(request, commandEnd(item, id ?? `line-${context.line}`), context);
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

/** The text parts of a message item, joined. */
function contentText(item: JsonObject): string {
  const content = Array.isArray(item.content) ? item.content : [];
  return content.map((part) => isObject(part) ? stringAt(part, "text") ?? "" : "").join("");
}

function pathOf(cwd: string | null): string | null {
  return cwd === null ? null : fileUriToPath(cwd);
}

/** A `CommandExecution` item as the end of its command. */
function commandEnd(item: JsonObject, callId: string) {
  const aggregated = stringAt(item, "aggregated_output");
  return {
    callId,
    argv: stringsAt(item, "command") ?? [],
    cwd: pathOf(stringAt(item, "cwd")),
    exitCode: numberAt(item, "exit_code"),
    durationMs: durationMs(item.duration),
    output: aggregated ?? (stringAt(item, "stdout") ?? "") + (stringAt(item, "stderr") ?? ""),
  };
}
