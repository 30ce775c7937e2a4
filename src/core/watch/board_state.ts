/**
 * The rows of the live status board: one per request, open ones first. Pure: the caller
 * passes "now".
 *
 * @module
 */

import type { RequestId, RequestRecord, RequestState } from "../model/mod.ts";
import { isEnded, type Level } from "./transitions.ts";

/** The most rows the board shows; the oldest finished requests go first. */
export const MAX_BOARD_ROWS = 12;

/** One request on the board. */
export interface BoardRow {
  key: string;
  requestId: RequestId;
  state: RequestState;
  level: Level;
  /** The last event type (`exec_command_end`...), `null` before any event. */
  lastEventType: string | null;
  /** Arrival time of the request's last line, when known. */
  lastTime: number | null;
  /** Milliseconds since {@linkcode lastTime}, `null` when unknown. */
  idleMs: number | null;
  /** Total tokens of this request so far, `null` before any token count. */
  tokens: number | null;
  /** The argv of a command that began and has not ended, `null` when none runs. */
  command: string[] | null;
  /** The worst open finding's reason, when the level is not `ok`. */
  note: string | null;
}

/** The whole board. */
export interface BoardState {
  rows: BoardRow[];
  /** Requests not shown (finished ones beyond {@linkcode MAX_BOARD_ROWS}). */
  hidden: number;
  /** Counts of requests per state, over all requests. */
  states: Partial<Record<RequestState, number>>;
}

/** Options for {@linkcode buildBoard}. */
export interface BuildBoardOptions {
  now: number;
  /** The level of each request (from the transition tracker). */
  levels: ReadonlyMap<string, Level>;
  /** The reason to show per request key (the worst finding). */
  notes?: ReadonlyMap<string, string>;
  maxRows?: number;
}

/** Builds the board from the requests, open ones first, then the most recently active. */
export function buildBoard(
  requests: readonly RequestRecord[],
  options: BuildBoardOptions,
): BoardState {
  const states: Partial<Record<RequestState, number>> = {};
  for (const request of requests) states[request.state] = (states[request.state] ?? 0) + 1;
  const ordered = [...requests].sort((a, b) =>
    Number(isEnded(a.state)) - Number(isEnded(b.state)) || b.lastLine - a.lastLine
  );
  const max = options.maxRows ?? MAX_BOARD_ROWS;
  const shown = ordered.slice(0, max).sort((a, b) => a.firstLine - b.firstLine);
  const rows = shown.map((request): BoardRow => {
    const level = options.levels.get(request.key) ?? "ok";
    return {
      key: request.key,
      requestId: request.requestId,
      state: request.state,
      level,
      lastEventType: request.lastEventType,
      lastTime: request.lastTime,
      idleMs: request.lastTime === null ? null : Math.max(0, options.now - request.lastTime),
      tokens: request.tokens?.total ?? null,
      command: runningCommand(request),
      note: level === "ok" ? null : options.notes?.get(request.key) ?? null,
    };
  });
  return { rows, hidden: requests.length - rows.length, states };
}

function runningCommand(request: RequestRecord): string[] | null {
  if (isEnded(request.state)) return null;
  for (let index = request.commands.length - 1; index >= 0; index--) {
    const command = request.commands[index];
    if (command !== undefined && command.endLine === null) return command.command;
  }
  return null;
}
