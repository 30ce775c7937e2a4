/**
 * The reducer for `codex exec --json` output (Codex 0.154+): one event per line,
 * `{"type":"thread.started"|"turn.started"|"item.started"|"item.updated"|"item.completed"|
 * "turn.completed"|"turn.failed"|"error", ...}`. The events carry no turn id: turns are
 * numbered per thread, keyed `threadId:N` (requestId N).
 */

import { TurnBookReducer } from "../turn_book_reducer.ts";
import { readTokenUsage, splitCommand, type TrackedRequest } from "../../request/mod.ts";
import type { LineContext } from "../format_reducer.ts";
import { isObject, type JsonObject, numberAt, objectAt, stringAt } from "../../model/mod.ts";

/** A thread id for events that come before any `thread.started` (a torn file). */
const UNKNOWN_THREAD = "thread";

/** Reduces `exec --json` lines to one record per turn. */
export class ExecJsonReducer extends TurnBookReducer {
  #threadId: string | null = null;
  #turnsOfThread = new Map<string, number>();
  #turn: TrackedRequest | null = null;

  pushJson(value: unknown, context: LineContext): boolean {
    if (!isObject(value)) return false;
    const type = stringAt(value, "type");
    if (type === null || !type.includes(".") && type !== "error") return false;
    const book = this.book;
    switch (type) {
      case "thread.started":
        this.#threadId = stringAt(value, "thread_id") ?? this.#threadId;
        this.#turn = null;
        book.event(null, type, context);
        return true;
      case "turn.started": {
        const request = this.#newTurn(context);
        book.event(request, type, context);
        book.entry(request, context, { kind: "event", type, text: "turn started" });
        return true;
      }
      default:
        break;
    }
    const request = this.#turn ?? this.#newTurn(context);
    book.event(request, type, context);
    switch (type) {
      case "turn.completed": {
        const usage = readTokenUsage(value.usage);
        if (usage !== null) book.turnUsage(request, usage, context);
        book.end(request, "completed", context);
        break;
      }
      case "turn.failed": {
        const error = objectAt(value, "error");
        const message = (error === null ? null : stringAt(error, "message")) ?? "turn failed";
        const known = request.errors.some((recorded) =>
          recorded.kind === "error" && recorded.message === message
        );
        if (!known) book.error(request, { message, retry: false }, context);
        book.end(request, "failed", context);
        break;
      }
      case "error": {
        const message = stringAt(value, "message") ?? "error";
        // Retries read `Reconnecting... 1/5 (...)`; the last error repeats turn.failed's message.
        book.error(request, { message, retry: /^Re-?connecting\b/.test(message) }, context);
        break;
      }
      case "item.started":
      case "item.updated":
      case "item.completed":
        this.#item(request, objectAt(value, "item"), type === "item.completed", context);
        break;
      default:
        book.entry(request, context, { kind: "event", type, text: type });
    }
    return true;
  }

  #newTurn(context: LineContext): TrackedRequest {
    const threadId = this.#threadId ?? UNKNOWN_THREAD;
    const number = (this.#turnsOfThread.get(threadId) ?? 0) + 1;
    this.#turnsOfThread.set(threadId, number);
    const request = this.book.open(`${threadId}:${number}`, number, context);
    if (this.#threadId !== null) this.book.attach(request, threadId);
    this.#turn = request;
    return request;
  }

  #item(
    request: TrackedRequest,
    item: JsonObject | null,
    completed: boolean,
    context: LineContext,
  ) {
    if (item === null) return;
    const book = this.book;
    const id = stringAt(item, "id") ?? `line-${context.line}`;
    switch (item.type) {
      case "agent_message":
        if (completed) book.message(request, stringAt(item, "text") ?? "", context, id);
        return;
      case "reasoning":
        if (completed) book.reasoning(request, [stringAt(item, "text") ?? ""], context, id);
        return;
      case "command_execution": {
        const argv = splitCommand(stringAt(item, "command") ?? "");
        if (!completed) return book.beginCommand(request, { callId: id, argv, cwd: null }, context);
        return book.endCommand(request, {
          callId: id,
          argv,
          cwd: null,
          exitCode: numberAt(item, "exit_code"),
          durationMs: null,
          output: stringAt(item, "aggregated_output") ?? "",
        }, context);
      }
      case "file_change": {
        const changes = Array.isArray(item.changes) ? item.changes : [];
        const files = changes.flatMap((change) => {
          const path = isObject(change) ? stringAt(change, "path") : null;
          return path === null ? [] : [path];
        });
        return book.patch(request, {
          callId: id,
          files,
          ended: completed,
          success: completed ? item.status === "completed" : null,
        }, context);
      }
      case "error":
        if (completed) {
          const message = stringAt(item, "message") ?? "error";
          book.error(request, { message, retry: false, ends: false }, context);
        }
        return;
      default:
        if (completed) {
          const type = typeof item.type === "string" ? item.type : "item";
          book.entry(request, context, { kind: "event", type, text: `${type} completed` });
        }
    }
  }
}
