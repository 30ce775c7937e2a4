/**
 * Reads what a listing needs from one rollout: the head (first lines) and the tail (last
 * lines, read backwards), or the whole file when it is small. Never the middle of a big file.
 *
 * @module
 */

import { readLinesBackward } from "../backward_reader.ts";
import {
  addHeadLine,
  addTailLine,
  emptyHead,
  emptyTail,
  type HeadFacts,
  mayBeUseful,
  type TailFacts,
} from "../../core/usage/rollout_facts.ts";

/** Files up to this size are read whole (exact turn counts). */
export const WHOLE_FILE_BYTES = 256 * 1024;
/** Bytes read from the start of a bigger file. */
export const HEAD_BYTES = 64 * 1024;
/** The first line (`session_meta`, with the base instructions) may be read up to this size. */
export const MAX_FIRST_LINE_BYTES = 4 * 1024 * 1024;
/** Bytes read backwards from the end of a bigger file, at most (one longer line is read whole). */
export const TAIL_BYTES = 256 * 1024;

/** What {@linkcode readRolloutFacts} found. */
export type RolloutRead =
  | {
    kind: "facts";
    head: HeadFacts;
    tail: TailFacts;
    size: number;
    mtime: number | null;
    wholeFile: boolean;
  }
  | {
    kind: "problem";
    state: "empty" | "unreadable" | "not-a-rollout";
    problem: string;
    size: number;
    mtime: number | null;
  };

const decoder = new TextDecoder();
const TIMESTAMP_PREFIX = /^\{"timestamp":"([^"]+)"/;

/** Reads the head and tail facts of the rollout at `path`. Never throws for a bad file. */
export async function readRolloutFacts(path: string): Promise<RolloutRead> {
  let file: Deno.FsFile;
  try {
    // Opening a FIFO would block the listing: only regular files are opened.
    const info = await Deno.stat(path);
    if (!info.isFile) {
      return { kind: "problem", state: "unreadable", problem: "not a file", size: 0, mtime: null };
    }
    file = await Deno.open(path, { read: true });
  } catch (error) {
    return { kind: "problem", state: "unreadable", problem: reason(error), size: 0, mtime: null };
  }
  try {
    const info = await file.stat();
    const size = info.size;
    const mtime = info.mtime?.getTime() ?? null;
    if (!info.isFile) {
      return { kind: "problem", state: "unreadable", problem: "not a file", size, mtime };
    }
    if (size === 0) return { kind: "problem", state: "empty", problem: "empty file", size, mtime };
    const wholeFile = size <= WHOLE_FILE_BYTES;
    const headBytes = await readHead(file, wholeFile ? size : HEAD_BYTES, size);
    const head = emptyHead();
    const tail = emptyTail();
    const { lines, end } = completeLines(headBytes);
    if (lines.length === 0 || !feedHead(head, lines)) {
      return {
        kind: "problem",
        state: "not-a-rollout",
        problem: lines.length === 0 ? "no complete line yet" : "the first line is no session_meta",
        size,
        mtime,
      };
    }
    if (wholeFile) {
      feedTailText(tail, lines);
    } else {
      await feedTailBackward(tail, file, { size, headEnd: end });
    }
    return { kind: "facts", head, tail, size, mtime, wholeFile };
  } catch (error) {
    return { kind: "problem", state: "unreadable", problem: reason(error), size: 0, mtime: null };
  } finally {
    file.close();
  }
}

/** The first `want` bytes, extended (up to the first-line cap) until a newline shows up. */
async function readHead(file: Deno.FsFile, want: number, size: number): Promise<Uint8Array> {
  let buffer = new Uint8Array(Math.min(want, size));
  let filled = await readFully(file, buffer, 0);
  while (filled === buffer.length && filled < size && filled < MAX_FIRST_LINE_BYTES) {
    if (buffer.subarray(0, filled).includes(0x0a)) break;
    const bigger = new Uint8Array(Math.min(size, MAX_FIRST_LINE_BYTES, buffer.length * 4));
    bigger.set(buffer.subarray(0, filled));
    buffer = bigger;
    filled = await readFully(file, buffer, filled);
  }
  return buffer.subarray(0, filled);
}

async function readFully(file: Deno.FsFile, buffer: Uint8Array, from: number): Promise<number> {
  await file.seek(from, Deno.SeekMode.Start);
  let filled = from;
  while (filled < buffer.length) {
    const count = await file.read(buffer.subarray(filled));
    if (count === null) break;
    filled += count;
  }
  return filled;
}

/** The complete lines of `bytes` as text, and the offset after the last newline. */
function completeLines(bytes: Uint8Array): { lines: string[]; end: number } {
  const end = bytes.lastIndexOf(0x0a) + 1;
  if (end === 0) return { lines: [], end: 0 };
  const lines = decoder.decode(bytes.subarray(0, end - 1)).split("\n");
  return { lines, end };
}

/** Feeds head lines; false when the first line is no `session_meta`. */
function feedHead(head: HeadFacts, lines: string[]): boolean {
  for (const [index, line] of lines.entries()) {
    if (index > 0 && !mayBeUseful(line)) continue;
    const value = parse(line);
    addHeadLine(head, value, index);
    if (index === 0 && !head.isRollout) return false;
  }
  return true;
}

function feedTailText(tail: TailFacts, lines: string[]): void {
  for (let index = lines.length - 1; index >= 0; index--) {
    if (feedTailLine(tail, lines[index]!)) return;
  }
}

/** Feeds one tail line; true when the tail is complete. */
function feedTailLine(tail: TailFacts, line: string): boolean {
  if (tail.lastActivity === null) {
    const match = TIMESTAMP_PREFIX.exec(line.slice(0, 80));
    const time = match ? Date.parse(match[1]!) : Number.NaN;
    if (Number.isFinite(time)) tail.lastActivity = time;
  }
  if (!mayBeUseful(line)) return false;
  return addTailLine(tail, parse(line));
}

async function feedTailBackward(
  tail: TailFacts,
  file: Deno.FsFile,
  bounds: { size: number; headEnd: number },
): Promise<void> {
  const stopAt = Math.max(bounds.headEnd, bounds.size - TAIL_BYTES);
  for await (const line of readLinesBackward(file, { endOffset: bounds.size })) {
    if (line.offset < bounds.headEnd) return;
    if (!line.complete) continue;
    if (feedTailLine(tail, decoder.decode(line.bytes))) return;
    if (line.offset <= stopAt) return;
  }
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

function reason(error: unknown): string {
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotFound) return "file not found";
  return error instanceof Error ? error.message : String(error);
}
