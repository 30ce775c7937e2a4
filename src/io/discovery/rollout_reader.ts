/**
 * Reads what a listing needs from one rollout: the head (first lines) and the tail (last
 * lines), or the whole file when it is small; never the middle of a big file. Lines are told
 * apart by their first bytes (`lineKind`) and only the ones the collectors want are decoded
 * and parsed. Reads are synchronous: on local files that is several times cheaper than
 * awaiting each of the many small reads a listing makes.
 *
 * @module
 */

import { readLinesBackward } from "../backward_reader.ts";
import { isCompleteJson, NEWLINE } from "../../core/bytes/mod.ts";
import { completeCheck } from "../complete_line.ts";
import { createLineBuffer, type LineBuffer } from "../line_buffer.ts";
import {
  addHeadLine,
  addTailLine,
  type CompleteCheck,
  emptyHead,
  emptyTail,
  headComplete,
  type HeadFacts,
  headWants,
  LINE_KIND_PREFIX,
  type LineKind,
  lineKind,
  readListingLine,
  tailComplete,
  type TailFacts,
  tailWants,
} from "../../core/usage/mod.ts";

/** Files up to this size are read whole (exact turn counts). */
export const WHOLE_FILE_BYTES = 64 * 1024;
/** Bytes read from the start of a bigger file at most (more only for a longer first line). */
export const HEAD_BYTES = 64 * 1024;
/** Bytes first read from the start of a bigger file: the rest of the head only when needed. */
export const FIRST_HEAD_BYTES = 40 * 1024;
/** The first line (`session_meta`, with the base instructions) may be read up to this size. */
export const MAX_FIRST_LINE_BYTES = 4 * 1024 * 1024;
/** Bytes first read from the end of a bigger file. */
export const FIRST_TAIL_BYTES = 32 * 1024;
/** Bytes read from the end when the first read lacks an answer. */
export const TAIL_BYTES = 128 * 1024;
/** When those hold no complete answer (a huge last line), read backwards this much further. */
export const MORE_TAIL_BYTES = 8 * 1024 * 1024;

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

/** Options for {@linkcode readRolloutFacts}. */
export interface ReadRolloutOptions {
  /** The caller already knows `path` is a regular file (from a folder listing). */
  knownFile?: boolean;
}

const decoder = new TextDecoder();
const TIMESTAMP_PREFIX = /^\{"timestamp":"([^"]+)"/;
const BASE_INSTRUCTIONS = ',"base_instructions":';

/** Reads the head and tail facts of the rollout at `path`. Never throws for a bad file. */
export async function readRolloutFacts(
  path: string,
  options: ReadRolloutOptions = {},
): Promise<RolloutRead> {
  let file: Deno.FsFile;
  try {
    // Opening a FIFO would block the listing: only regular files are opened.
    if (!options.knownFile && !Deno.statSync(path).isFile) {
      return { kind: "problem", state: "unreadable", problem: "not a file", size: 0, mtime: null };
    }
    file = Deno.openSync(path, { read: true });
  } catch (error) {
    return { kind: "problem", state: "unreadable", problem: reason(error), size: 0, mtime: null };
  }
  try {
    const info = statOpened(path);
    const size = info.size;
    const mtime = info.mtime?.getTime() ?? null;
    if (size === 0) return { kind: "problem", state: "empty", problem: "empty file", size, mtime };
    const wholeFile = size <= WHOLE_FILE_BYTES;
    let bytes = readHead(file, wholeFile ? size : FIRST_HEAD_BYTES, size);
    const meta = sessionMeta(bytes);
    if (meta.kind === "problem") return { ...meta, size, mtime };
    const { head, end: firstEnd } = meta;
    // The head is the lines within the first `bound` bytes, fed until it is complete; most
    // heads are complete within the first read.
    const bound = headBound(firstEnd, size);
    if (bytes.length > bound) bytes = bytes.subarray(0, bound);
    const stopEarly = !wholeFile;
    // A whole file's line ends, found by the head, serve the tail: no second search.
    const ends: number[] | undefined = wholeFile ? wholeFileEnds : undefined;
    let next = feedHead(head, bytes, { from: firstEnd + 1, stopEarly, ends });
    if (next >= 0 && bytes.length < bound) {
      bytes = extendHead(file, bytes.length, bound);
      next = feedHead(head, bytes, { from: next, stopEarly });
    }
    const tail = emptyTail();
    if (ends !== undefined) {
      for (let index = ends.length - 1; index >= 0; index--) {
        const start = index > 0 ? ends[index - 1]! + 1 : firstEnd + 1;
        const parsed = wholeFileParsed[index];
        const line = bytes.subarray(start, ends[index]);
        if (feedTailLine(tail, line, { parsed, complete: checks.head })) break;
      }
    } else {
      // The tail may reach back into the head: a token count there is still the last one.
      await readTail(tail, file, { size, from: firstEnd + 1 });
    }
    return { kind: "facts", head, tail, size, mtime, wholeFile };
  } catch (error) {
    return { kind: "problem", state: "unreadable", problem: reason(error), size: 0, mtime: null };
  } finally {
    file.close();
  }
}

/**
 * The stat of the file just opened at `path`, taken by path: under `--allow-read` Deno checks
 * a stat of an open file (`file.statSync()`) by resolving every folder of its path again (ten
 * failing `readlink` calls per file in a Codex home), and a stat by path not at all. The open
 * resolved the same path, so both name the same file unless it was replaced in between, which
 * a listing of live files must bear anyway (reads go only as far as the file does).
 */
export function statOpened(path: string): Deno.FileInfo {
  return Deno.statSync(path);
}

/** What {@linkcode readSessionMeta} found. */
export type SessionMetaRead =
  | {
    kind: "meta";
    /** The head facts of the first line alone. */
    head: HeadFacts;
    /** Where the first line's newline is: the next line starts one byte after it. */
    end: number;
    /**
     * The bytes read (the file is positioned after them): a view of a reused buffer, valid
     * until the next read of a rollout.
     */
    bytes: Uint8Array;
  }
  | { kind: "problem"; state: "not-a-rollout"; problem: string };

/**
 * Reads the first line of the open rollout `file` (at its start) of `size` bytes (up to
 * {@linkcode MAX_FIRST_LINE_BYTES}) the way {@linkcode readRolloutFacts} does, reading about
 * `want` bytes when the line fits in them. Throws for a read error.
 */
export function readSessionMeta(
  file: Deno.FsFile,
  options: { size: number; want: number },
): SessionMetaRead {
  return sessionMeta(readHead(file, options.want, options.size));
}

/** The session meta in the first line of `bytes` (the start of a file). */
function sessionMeta(bytes: Uint8Array): SessionMetaRead {
  const end = firstNewline(buffers.head, bytes.length);
  if (end === -1) {
    return { kind: "problem", state: "not-a-rollout", problem: "no complete line yet" };
  }
  const head = emptyHead();
  addHeadLine(head, parseFirstLine(bytes.subarray(0, end)), 0);
  if (!head.isRollout) {
    return {
      kind: "problem",
      state: "not-a-rollout",
      problem: "the first line is no session_meta",
    };
  }
  return { kind: "meta", head, end, bytes };
}

// Reused read buffers with a bulk newline search (WebAssembly SIMD where the runtime has it):
// every use ends before the reader's first await, so the concurrent readers of a listing never
// share one in flight. Made on first use; a grow replaces the views of the old bytes.
const buffers = {
  get head(): LineBuffer {
    return (headBuffer ??= createLineBuffer(WHOLE_FILE_BYTES));
  },
  get tail(): LineBuffer {
    return (tailBuffer ??= createLineBuffer(TAIL_BYTES));
  },
};
let headBuffer: LineBuffer | undefined;
let tailBuffer: LineBuffer | undefined;
// The complete-JSON check of each buffer's lines (its kernel's), made with the buffer.
const checks = {
  get head(): CompleteCheck {
    return (headCheck ??= completeCheck(buffers.head));
  },
  get tail(): CompleteCheck {
    return (tailCheck ??= completeCheck(buffers.tail));
  },
};
let headCheck: CompleteCheck | undefined;
let tailCheck: CompleteCheck | undefined;
// Reused lists of newline indexes (head lines, a whole file's lines, tail block lines).
const headEnds: number[] = [];
const wholeFileEnds: number[] = [];
const tailEnds: number[] = [];
// A whole file's lines as the head parsed them (`undefined` where it did not): the tail reuses them.
const wholeFileParsed: unknown[] = [];

/** A view of the first `length` bytes of `buffer`, grown to hold them. */
function room(buffer: LineBuffer, length: number): Uint8Array {
  if (buffer.bytes.length < length) buffer.grow(length);
  return buffer.bytes.subarray(0, length);
}

/** Index of the first newline in `buffer.bytes[0, end)`, or -1. */
function firstNewline(buffer: LineBuffer, end: number): number {
  return buffer.newlines(0, end) > 0 ? buffer.found[0]! : -1;
}

/**
 * The newlines in `buffer.bytes[from, end)`, in order, into `ends` (emptied first). One bulk
 * search, then the lines are walked in either direction without searching again.
 */
function newlinesInto(buffer: LineBuffer, ends: number[], range: { from: number; end: number }) {
  ends.length = 0;
  let at = range.from;
  for (;;) {
    const count = buffer.newlines(at, range.end);
    const found = buffer.found;
    for (let i = 0; i < count; i++) ends.push(found[i]!);
    if (count < found.length) return;
    at = found[count - 1]! + 1;
  }
}

/**
 * The first `want` bytes, extended (up to the first-line cap) until a newline shows up. The
 * file is read on from where it is: it must be at its start (just opened). No seek: the head's
 * reads follow each other.
 */
function readHead(file: Deno.FsFile, want: number, size: number): Uint8Array {
  const buffer = buffers.head;
  let length = Math.min(want, size);
  let filled = readOn(file, room(buffer, length));
  while (filled === length && filled < size && filled < MAX_FIRST_LINE_BYTES) {
    if (firstNewline(buffer, filled) !== -1) break;
    length = Math.min(size, MAX_FIRST_LINE_BYTES, length * 4);
    filled += readOn(file, room(buffer, length).subarray(filled));
  }
  return buffer.bytes.subarray(0, filled);
}

/** Fills `buffer` from `position` as far as the file goes; returns the bytes read. */
function readAt(file: Deno.FsFile, buffer: Uint8Array, position: number): number {
  file.seekSync(position, Deno.SeekMode.Start);
  return readOn(file, buffer);
}

/** Fills `buffer` from where `file` is as far as the file goes; returns the bytes read. */
function readOn(file: Deno.FsFile, buffer: Uint8Array): number {
  let filled = 0;
  while (filled < buffer.length) {
    const count = file.readSync(buffer.subarray(filled));
    if (count === null || count === 0) break;
    filled += count;
  }
  return filled;
}

/**
 * The `session_meta` line, parsed without its base instructions (tens of KB of prompt text)
 * when the fields before them are complete; else parsed whole.
 */
function parseFirstLine(bytes: Uint8Array): unknown {
  // The fields come in the first few hundred bytes: a short decode first (the first cut in a
  // shorter decode is the first cut in the longer one).
  let start = decoder.decode(bytes.subarray(0, 1024));
  let cut = start.indexOf(BASE_INSTRUCTIONS);
  if (cut <= 0) {
    start = decoder.decode(bytes.subarray(0, 4096));
    cut = start.indexOf(BASE_INSTRUCTIONS);
  }
  if (cut > 0) {
    const value = parse(`${start.slice(0, cut)}}}`);
    const payload = (value as { payload?: Record<string, unknown> } | null)?.payload;
    if (payload && typeof payload.id === "string" && typeof payload.cwd === "string") return value;
  }
  return parse(decoder.decode(bytes));
}

/**
 * The bytes of a big file's head: {@linkcode HEAD_BYTES}, or as far as the first line's
 * newline at `firstEnd` (the first read grows fourfold until it holds one).
 */
function headBound(firstEnd: number, size: number): number {
  let bound = Math.min(HEAD_BYTES, size);
  while (firstEnd >= bound && bound < size && bound < MAX_FIRST_LINE_BYTES) {
    bound = Math.min(size, MAX_FIRST_LINE_BYTES, bound * 4);
  }
  return bound;
}

/**
 * The head buffer's first `filled` bytes (the file's start) read on to `length` bytes; the
 * file is where its head read left it.
 */
function extendHead(file: Deno.FsFile, filled: number, length: number): Uint8Array {
  const longer = room(buffers.head, length);
  return longer.subarray(0, filled + readOn(file, longer.subarray(filled)));
}

/**
 * Feeds the complete head lines of `bytes` from offset `from`, noting their newlines in
 * `ends` when given. Returns where the next line starts, or -1 once the head is complete
 * (with `stopEarly`).
 */
function feedHead(
  head: HeadFacts,
  bytes: Uint8Array,
  options: { from: number; stopEarly: boolean; ends?: number[] | undefined },
): number {
  const ends = options.ends ?? headEnds;
  newlinesInto(buffers.head, ends, { from: options.from, end: bytes.length });
  // Only a whole file's parsed lines are kept, for its tail.
  const parsed = options.ends === undefined ? null : wholeFileParsed;
  if (parsed !== null) parsed.length = 0;
  let start = options.from;
  for (let index = 1; index <= ends.length; index++) {
    const end = ends[index - 1]!;
    const prefix = bytes.subarray(start, Math.min(end, start + LINE_KIND_PREFIX));
    const kind = lineKind(prefix);
    headPrefix = prefix;
    let value: unknown = undefined;
    if (kind === null || headWants(head, kind, decodeHeadPrefix)) {
      value = readWanted(bytes.subarray(start, end), kind, checks.head);
      addHeadLine(head, value, index);
    }
    parsed?.push(value);
    if (options.stopEarly && headComplete(head)) return -1;
    start = end + 1;
  }
  return start;
}

// The start of the head line being fed, decoded only when `headWants` asks (one function for
// every line instead of a closure per line).
let headPrefix: Uint8Array = new Uint8Array(0);
function decodeHeadPrefix(): string {
  return decoder.decode(headPrefix);
}

/**
 * Feeds the complete lines of `bytes` to the tail, newest first, until the tail is complete.
 * `startsAtLine` tells whether `bytes` begins at a line start (else its first piece belongs to
 * an earlier line and is skipped). Returns the number of lines fed.
 */
function feedTailBlock(tail: TailFacts, bytes: Uint8Array, startsAtLine: boolean): number {
  const ends = tailEnds;
  newlinesInto(buffers.tail, ends, { from: 0, end: bytes.length });
  if (!startsAtLine && ends.length === 0) return 0;
  const first = startsAtLine ? 0 : ends[0]! + 1;
  let end = bytes.length;
  // ends[next] is the newline before the line that ends at `end`.
  let next = ends.length - 1;
  if (bytes[end - 1] === NEWLINE) {
    end -= 1;
    next -= 1;
  }
  let lines = 0;
  while (end > first) {
    const start = Math.max((next >= 0 ? ends[next]! : -1) + 1, first);
    lines += 1;
    if (feedTailLine(tail, bytes.subarray(start, end), { complete: checks.tail })) break;
    end = start - 1;
    next -= 1;
  }
  return lines;
}

/**
 * Feeds one tail line; true when the tail is complete. `parsed` is the line as the head
 * parsed it (`undefined` when it did not); `complete` checks lines of the buffer `line` is in.
 */
function feedTailLine(
  tail: TailFacts,
  line: Uint8Array,
  options: { parsed?: unknown; complete: CompleteCheck },
): boolean {
  const { parsed } = options;
  const prefix = line.subarray(0, LINE_KIND_PREFIX);
  if (tail.lastActivity === null) {
    const match = TIMESTAMP_PREFIX.exec(decoder.decode(prefix));
    const time = match ? Date.parse(match[1]!) : Number.NaN;
    if (Number.isFinite(time)) tail.lastActivity = time;
  }
  const kind = lineKind(prefix);
  if (kind !== null && !tailWants(kind)) return false;
  return addTailLine(
    tail,
    parsed !== undefined ? parsed : readWanted(line, kind, options.complete),
  );
}

/**
 * A wanted line as the collectors need it: the members the listing reads of its kind, from
 * its bytes, or parsed whole when the bytes are in another shape.
 */
function readWanted(line: Uint8Array, kind: LineKind | null, complete: CompleteCheck): unknown {
  if (kind !== null) {
    const read = readListingLine(line, kind, complete);
    if (read !== undefined) return read;
  }
  return parse(decoder.decode(line));
}

/**
 * Reads the tail of a big file: its last {@linkcode FIRST_TAIL_BYTES}, then (when those lack
 * an answer) the bytes before them up to {@linkcode TAIL_BYTES} from the end, whose lines are
 * fed on (the collector takes lines newest first, so the lines already fed are not fed again),
 * then further back line by line only when even that block lies inside one huge line.
 */
async function readTail(
  tail: TailFacts,
  file: Deno.FsFile,
  bounds: { size: number; from: number },
): Promise<void> {
  if (bounds.size === bounds.from) return;
  const near = Math.max(bounds.from, bounds.size - FIRST_TAIL_BYTES);
  let block = room(buffers.tail, bounds.size - near);
  const nearFilled = readAt(file, block, near);
  // A torn last line (being written) is not fed: only bytes up to the last newline.
  const complete = block.subarray(0, block.subarray(0, nearFilled).lastIndexOf(NEWLINE) + 1);
  let lines = feedTailBlock(tail, complete, near === bounds.from);
  if (tailComplete(tail) || near === bounds.from) return;
  const blockStart = Math.max(bounds.from, bounds.size - TAIL_BYTES);
  const gap = near - blockStart;
  // The first block's first newline ends the line cut at its start (`tailEnds` is the first
  // block's, from the feed above).
  const cutLineEnd = complete.length > 0 ? tailEnds[0]! : -1;
  block = room(buffers.tail, bounds.size - blockStart);
  let whole = false;
  if (cutLineEnd >= 0 && nearFilled === bounds.size - near) {
    block.copyWithin(gap, 0, nearFilled);
    if (readAt(file, block.subarray(0, gap), blockStart) === gap) {
      lines += feedTailBlock(
        tail,
        block.subarray(0, gap + cutLineEnd + 1),
        blockStart === bounds.from,
      );
      whole = true;
    }
  }
  if (!whole) {
    // Nothing fed yet, or the file changed under the reads: the block afresh, fed afresh.
    const filled = readAt(file, block, blockStart);
    Object.assign(tail, emptyTail());
    lines = feedTailBlock(
      tail,
      block.subarray(0, block.subarray(0, filled).lastIndexOf(NEWLINE) + 1),
      blockStart === bounds.from,
    );
  }
  if (tailComplete(tail) || lines > 0 || blockStart === bounds.from) return;
  // The block lies inside one huge line: go back further, line by line.
  const firstNewline = block.indexOf(NEWLINE);
  const endOffset = firstNewline === -1 ? blockStart : blockStart + firstNewline + 1;
  const stopAt = Math.max(bounds.from, endOffset - MORE_TAIL_BYTES);
  for await (const line of readLinesBackward(file, { endOffset })) {
    if (line.offset < bounds.from) return;
    if (line.complete && feedTailLine(tail, line.bytes, { complete: isCompleteJson })) return;
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
