/**
 * What `watch` draws: one line per transition or notice for the event stream, and on a TTY
 * the status board (one row per request) redrawn in place below that stream.
 *
 * @module
 */

import type { RequestState } from "../core/model/mod.ts";
import { shortIdOf, shortIds } from "../core/request/mod.ts";
import type { BoardRow, BoardState, Transition, TransitionKind } from "../core/watch/mod.ts";
import type { Colors, Paint } from "./colors.ts";
import { formatCommand, formatCompact, formatDuration, oneLine } from "./format.ts";
import type { BatchedWriter } from "./output.ts";
import { stateLabel, statePaint } from "./state_style.ts";

/** Options shared by the line renderers. */
export interface WatchLineOptions {
  colors: Colors;
  /** Characters per line; longer lines are cut with an ellipsis. */
  width: number;
  /** When watching started: times show as `+12.3s` after it. */
  startTime: number;
}

/** `    +12.3s`: a time relative to the start of watching, right-aligned. */
export function relativeTime(time: number, startTime: number): string {
  return `+${formatDuration(time - startTime)}`.padStart(9);
}

const KIND_LABELS: Record<TransitionKind, string> = {
  started: "STARTED",
  completed: "COMPLETED",
  failed: "FAILED",
  approval: "NEEDS APPROVAL",
  stuck: "STUCK",
  warning: "WARNING",
  recovered: "RECOVERED",
  finding: "NOTE",
};

function kindPaint(kind: TransitionKind, colors: Colors): Paint {
  switch (kind) {
    case "completed":
    case "recovered":
      return colors.green;
    case "failed":
    case "stuck":
      return colors.red;
    case "approval":
      return colors.magenta;
    case "warning":
      return colors.yellow;
    case "started":
    case "finding":
      return colors.gray;
  }
}

/** One transition as one line: `   +4.1s [1] COMPLETED The answer is 7.` */
export function renderTransitionLine(transition: Transition, options: WatchLineOptions): string {
  const { colors } = options;
  const label = KIND_LABELS[transition.kind];
  const paint = kindPaint(transition.kind, colors);
  const parts: Part[] = [
    [relativeTime(transition.time, options.startTime), colors.dim],
    [` [${shortIdOf(transition.key)}] `, colors.dim],
    [label, transition.alert ? (text) => colors.bold(paint(text)) : paint],
  ];
  const message = oneLine(transition.message);
  if (message !== "") parts.push([` ${message}`, transition.alert ? identity : colors.gray]);
  return fit(parts, options.width);
}

/** A notice about the file (waiting, truncated...) as one line. */
export function renderNoticeLine(text: string, time: number, options: WatchLineOptions): string {
  return fit([
    [relativeTime(time, options.startTime), options.colors.dim],
    [` -- ${text}`, options.colors.dim],
  ], options.width);
}

/** Options for {@linkcode renderBoard}. */
export interface BoardViewOptions {
  colors: Colors;
  width: number;
  /** The file being watched. */
  file: string;
  /** Complete lines read so far. */
  lines: number;
}

const STATE_ICONS: Record<RequestState, string> = {
  running: "●",
  awaiting_approval: "✋",
  completed: "✓",
  failed: "✗",
  cancelled: "∅",
  no_response: "✗",
};

/** The board: a header line, then one line per request. Every line fits in `width`. */
export function renderBoard(board: BoardState, options: BoardViewOptions): string[] {
  const { colors } = options;
  const counts = Object.entries(board.states)
    .map(([state, count]) => `${count} ${stateLabel(state as RequestState)}`)
    .join(", ");
  const total = board.rows.length + board.hidden;
  const header = fit([
    [`── ${options.file} `, colors.bold],
    [
      `· ${total} request${total === 1 ? "" : "s"}${counts === "" ? "" : `: ${counts}`} · ${
        formatCompact(options.lines)
      } lines `,
      colors.dim,
    ],
  ], options.width);
  if (board.rows.length === 0) {
    return [header, fit([["   waiting for requests…", colors.dim]], options.width)];
  }
  const lines = [header];
  const ids = shortIds(board.rows.map((row) => row.key));
  const idOf = (row: BoardRow) => ids.get(row.key) ?? row.key;
  const keyWidth = Math.min(12, Math.max(...board.rows.map((row) => idOf(row).length)) + 2);
  for (const row of board.rows) lines.push(renderRow(row, idOf(row), { keyWidth, ...options }));
  if (board.hidden > 0) {
    lines.push(
      fit(
        [[`   … ${board.hidden} earlier finished request(s) not shown`, colors.dim]],
        options.width,
      ),
    );
  }
  return lines;
}

function renderRow(
  row: BoardRow,
  id: string,
  options: BoardViewOptions & { keyWidth: number },
): string {
  const { colors, keyWidth } = options;
  const paint = statePaint(row.state, colors);
  const parts: Part[] = [
    [` ${`[${id}]`.padEnd(keyWidth)} `, colors.bold],
    [`${STATE_ICONS[row.state]} ${stateLabel(row.state).padEnd(17)}`, paint],
  ];
  if (row.level === "stuck") parts.push(["STUCK ", (text) => colors.bold(colors.red(text))]);
  else if (row.level === "warning") parts.push(["WARN ", colors.yellow]);
  const ago = row.idleMs === null ? "" : `${formatDuration(row.idleMs)} ago`;
  parts.push([ago.padStart(10), colors.dim]);
  parts.push([
    `  ${row.tokens === null ? "-" : formatCompact(row.tokens)} tok`.padEnd(12),
    colors.cyan,
  ]);
  if (row.command !== null) {
    parts.push([` $ ${oneLine(formatCommand(row.command))}`, colors.yellow]);
  } else if (row.note !== null) {
    parts.push([` ${oneLine(row.note)}`, row.level === "stuck" ? colors.red : colors.yellow]);
  } else if (row.lastEventType !== null) {
    parts.push([` ${row.lastEventType}`, colors.gray]);
  }
  return fit(parts, options.width);
}

type Part = readonly [text: string, paint: Paint];

const identity: Paint = (text) => text;

/** Joins painted parts, cutting the plain text at `width` characters (so it never wraps). */
function fit(parts: readonly Part[], width: number): string {
  let room = Math.max(1, width);
  let out = "";
  for (const [text, paint] of parts) {
    if (room <= 0) break;
    const chars = [...text];
    if (chars.length <= room) {
      out += paint(text);
      room -= chars.length;
    } else {
      out += paint(chars.slice(0, Math.max(0, room - 1)).join("") + "…");
      room = 0;
    }
  }
  return out;
}

const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
const CLEAR_TO_END = "\x1b[J";

/**
 * Redraws the board in place on a terminal: each frame moves up over the previous board,
 * clears it, prints the new stream lines (which scroll away above) and the new board.
 */
export class BoardScreen {
  #out: BatchedWriter;
  #height = 0;
  #started = false;

  constructor(out: BatchedWriter) {
    this.#out = out;
  }

  /** Hides the cursor. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#out.write(HIDE_CURSOR);
  }

  /** Replaces the board with `board`, printing `events` above it. Flushes. */
  frame(events: readonly string[], board: readonly string[]): void {
    let text = this.#height > 0 ? `\x1b[${this.#height}A\r${CLEAR_TO_END}` : "";
    for (const line of events) text += `${line}\n`;
    for (const line of board) text += `${line}\n`;
    this.#height = board.length;
    this.#out.write(text);
    this.#out.flush();
  }

  /** Shows the cursor again (the last board stays on screen). Safe to call twice. */
  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    this.#out.write(SHOW_CURSOR);
    this.#out.flush();
  }
}
