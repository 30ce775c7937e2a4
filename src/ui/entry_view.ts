/** Readable entries: reasoning, messages, commands... in full, compact or timeline form. */

import type { Entry, EntryKind } from "../core/model/mod.ts";
import type { Colors, Paint } from "./colors.ts";
import { formatDuration, oneLine, truncate } from "./format.ts";
import { shortIdOf } from "../core/request/mod.ts";

/** Options for {@linkcode renderEntry}. */
export interface EntryViewOptions {
  colors: Colors;
  compact: boolean;
  /** Show which request each entry belongs to (several requests in view). */
  showRequest: boolean;
  width: number;
}

const ICONS: Record<EntryKind, string> = {
  reasoning: "🧠",
  message: "💬",
  command: "⚡",
  output: "→",
  error: "❌",
  event: "•",
  tokens: "📊",
  approval: "✋",
  patch: "📝",
  text: "│",
};

function paintFor(kind: EntryKind, colors: Colors): Paint {
  switch (kind) {
    case "reasoning":
      return colors.blue;
    case "message":
      return colors.green;
    case "command":
      return colors.yellow;
    case "output":
    case "text":
    case "event":
      return colors.gray;
    case "error":
      return colors.red;
    case "tokens":
      return colors.cyan;
    case "approval":
      return colors.magenta;
    case "patch":
      return colors.yellow;
  }
}

/** Renders one entry: one line in compact mode, a block otherwise. */
export function renderEntry(entry: Entry, options: EntryViewOptions): string {
  const paint = paintFor(entry.kind, options.colors);
  const where = options.showRequest && entry.key !== null ? `[${shortIdOf(entry.key)}] ` : "";
  const prefix = `${ICONS[entry.kind]} ${options.colors.dim(where)}`;
  if (options.compact) {
    const room = Math.max(20, options.width - where.length - 3);
    return `${prefix}${paint(truncate(oneLine(entry.text), room))}`;
  }
  switch (entry.kind) {
    case "command":
      return `\n${prefix}$ ${paint(entry.text)}`;
    case "output":
      return `   ${paint(indent(entry.text))}${exitStatus(entry, options.colors)}`;
    default:
      return `\n${prefix}${paint(entry.text)}`;
  }
}

// A command's end carries its exit code: shown under the output, red when not 0.
function exitStatus(entry: Entry, colors: Colors): string {
  if (entry.exitCode === undefined) return "";
  return `\n   ${commandStatus(entry, colors)}`;
}

/** `-> exit 0 (1.2s)`: a command end's exit code (red when not 0) and duration when known. */
export function commandStatus(entry: Entry, colors: Colors): string {
  const took = entry.durationMs == null ? "" : ` (${formatDuration(entry.durationMs)})`;
  if (entry.exitCode == null) return colors.yellow(`-> no exit code${took}`);
  const paint = entry.exitCode === 0 ? colors.dim : colors.red;
  return paint(`-> exit ${entry.exitCode}${took}`);
}

function indent(text: string): string {
  return text.replace(/\n/g, "\n     ");
}

/** Options for {@linkcode renderTimelineEntry}. */
export interface TimelineOptions {
  colors: Colors;
  showRequest: boolean;
  width: number;
  /** Time of the first entry, when arrival times are known. */
  startTime: number | null;
}

/** One timeline row: relative time (or line number), icon, request, one-line text. */
export function renderTimelineEntry(entry: Entry, options: TimelineOptions): string {
  const when = entry.time !== null && options.startTime !== null
    ? `+${formatDuration(entry.time - options.startTime)}`
    : `L${entry.line}`;
  const where = options.showRequest && entry.key !== null ? `[${shortIdOf(entry.key)}] ` : "";
  const room = Math.max(20, options.width - 14 - where.length);
  const paint = paintFor(entry.kind, options.colors);
  return `${options.colors.dim(when.padStart(9))} ${ICONS[entry.kind]} ${
    options.colors.dim(where)
  }${paint(truncate(oneLine(entry.text), room))}`;
}
