/**
 * The last N lines or events of a file, read backwards so big files cost nothing extra, with
 * the same 1-based line numbers a forward read gives (the lines before are counted, not parsed).
 * Stdin (`-`), pipes and devices cannot be read backwards: they are read forwards keeping only
 * the last N.
 */

import { readLinesBackward } from "./backward_reader.ts";
import { type ByteReader, scanLines } from "./line_scanner.ts";
import { openForReading } from "./open_file.ts";
import { DEFAULT_MAX_LINE_BYTES } from "../core/config/mod.ts";
import { NEWLINE, OPEN_BRACE } from "../core/bytes/mod.ts";

/** Options for {@linkcode readTail}. */
export interface ReadTailOptions {
  count: number;
  /** "events": count only JSON lines that `accept` keeps; "lines": count every line. */
  mode: "events" | "lines";
  /** Keeps a JSON line (for `--request-id`); every JSON line by default. */
  accept?: (bytes: Uint8Array) => boolean;
  /** Lines longer than this are skipped unread and counted (default 64 MiB). */
  maxLineBytes?: number;
  /** In "events" mode, keep the non-JSON lines among the events too (not counted). */
  keepText?: boolean;
  /**
   * False when the caller shows no line numbers: the lines before the tail of a regular file
   * are then not counted (reading them is most of the cost on a big file), and the numbers
   * count from the first line read instead (`Tail.numbered` says which). True by default.
   */
  lineNumbers?: boolean;
}

/** One line of a tail with its line number in the whole file. */
export interface TailLine {
  bytes: Uint8Array;
  line: number;
}

/** The tail of a file, in file order. */
export interface Tail {
  /** Complete lines in file order; in "events" mode only the counted JSON lines. */
  lines: TailLine[];
  /** A torn last line, if the file does not end with a newline. */
  incomplete: TailLine | null;
  size: number;
  mtime: number | null;
  /** True when the whole file was read (fewer matches than asked). */
  reachedStart: boolean;
  /** Lines skipped for their length, nearest the end first. */
  longLines: TailLongLine[];
  /**
   * True when line numbers are those of the whole file; false when the lines before the tail
   * were not counted (`lineNumbers: false`), so they count from the first line read.
   */
  numbered: boolean;
}

/** A line a tail skipped for its length. */
export interface TailLongLine {
  /** Its line number in the whole file. */
  line: number;
  /** Byte offset of its first byte (in a stream: from where reading began). */
  offset: number;
  /** Its length in bytes. */
  bytes: number;
}

const COUNT_BLOCK = 1024 * 1024;

/** True when the line's first non-blank byte opens a JSON object. */
export function looksLikeJson(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    // The same blanks the Analyzer skips before a JSON line.
    if (byte === 0x20 || byte === 0x09 || byte === 0x0d) continue;
    return byte === OPEN_BRACE;
  }
  return false;
}

/** Reads the last `count` lines or events of `path` (`-` for stdin). */
export async function readTail(path: string, options: ReadTailOptions): Promise<Tail> {
  const { file, size, mtime, regular } = await openForReading(path);
  // A pipe or standard input cannot be read backwards.
  if (!regular || !(file instanceof Deno.FsFile)) {
    try {
      return await readTailForward(file, options);
    } finally {
      file.close();
    }
  }
  // Lines read backwards, newest first, with their distance from the last complete line.
  const kept: { bytes: Uint8Array; fromEnd: number }[] = [];
  let incomplete: Uint8Array | null = null;
  let matched = 0;
  let seen = 0;
  let earliest = 0;
  let reachedStart = true;
  const longLines: { offset: number; bytes: number; fromEnd: number }[] = [];
  try {
    if (options.count <= 0) {
      return {
        lines: [],
        incomplete: null,
        size,
        mtime,
        reachedStart: false,
        longLines: [],
        numbered: true,
      };
    }
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    for await (const line of readLinesBackward(file, { maxLineBytes })) {
      if (line.tooLong !== undefined && line.complete) {
        // A skipped line still takes its place in the numbering.
        longLines.push({ offset: line.offset, bytes: line.tooLong, fromEnd: seen });
        seen += 1;
        earliest = line.offset;
        continue;
      }
      if (!line.complete) {
        incomplete = line.bytes;
        continue;
      }
      const fromEnd = seen;
      seen += 1;
      earliest = line.offset;
      if (!counts(line.bytes, options)) {
        if (options.keepText && !looksLikeJson(line.bytes)) {
          kept.push({ bytes: line.bytes, fromEnd });
        }
        continue;
      }
      kept.push({ bytes: line.bytes, fromEnd });
      matched += 1;
      if (matched >= options.count) {
        reachedStart = line.offset === 0;
        break;
      }
    }
    const numbered = reachedStart || options.lineNumbers !== false;
    const before = reachedStart || !numbered ? 0 : await countNewlines(file, earliest);
    const total = before + seen;
    kept.reverse();
    return {
      lines: kept.map((item) => ({ bytes: item.bytes, line: total - item.fromEnd })),
      incomplete: incomplete === null ? null : { bytes: incomplete, line: total + 1 },
      size,
      mtime,
      reachedStart,
      longLines: longLines.map(({ offset, bytes, fromEnd }) => ({
        line: total - fromEnd,
        offset,
        bytes,
      })),
      numbered,
    };
  } finally {
    file.close();
  }
}

function counts(bytes: Uint8Array, options: ReadTailOptions): boolean {
  if (options.mode === "lines") return true;
  return looksLikeJson(bytes) && (options.accept ? options.accept(bytes) : true);
}

// The newlines in the first `end` bytes: the number of lines before the tail.
async function countNewlines(file: Deno.FsFile, end: number): Promise<number> {
  await file.seek(0, Deno.SeekMode.Start);
  const buffer = new Uint8Array(Math.min(COUNT_BLOCK, Math.max(1, end)));
  let read = 0;
  let newlines = 0;
  while (read < end) {
    const n = await file.read(buffer.subarray(0, Math.min(buffer.length, end - read)));
    if (n === null) break;
    let index = buffer.indexOf(NEWLINE);
    while (index !== -1 && index < n) {
      newlines += 1;
      index = buffer.indexOf(NEWLINE, index + 1);
    }
    read += n;
  }
  return newlines;
}

/** The tail of a stream that cannot be read backwards, read forwards keeping only the last N. */
export async function readTailForward(
  reader: ByteReader,
  options: ReadTailOptions,
): Promise<Tail> {
  // Kept lines from `head` on; `counted` marks the lines that count towards N (the events).
  let kept: (TailLine & { counted: boolean })[] = [];
  const longLines: TailLongLine[] = [];
  let head = 0;
  let matched = 0;
  const result = await scanLines(reader, (bytes, position) => {
    if (options.count <= 0) return;
    const counted = counts(bytes, options);
    if (!counted && !(options.keepText && !looksLikeJson(bytes))) return;
    kept.push({ bytes: bytes.slice(), line: position.line, counted });
    if (!counted) return;
    matched += 1;
    if (matched <= options.count) return;
    // Drop the oldest event with the text lines around it, as a backward read would.
    while (!kept[head]!.counted) head += 1;
    head += 1;
    matched -= 1;
    while (head < kept.length && !kept[head]!.counted) head += 1;
    if (head > options.count && head > kept.length / 2) {
      kept = kept.slice(head);
      head = 0;
    }
  }, {
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    onLongLine: (long) =>
      longLines.unshift({ line: long.line, offset: long.offset, bytes: long.length }),
  });
  // With N events found, a backward read stops at the oldest: text before it is not read.
  if (matched >= options.count) { while (head < kept.length && !kept[head]!.counted) head += 1; }
  const incomplete = result.incomplete === null
    ? null
    : { bytes: result.incomplete, line: result.lines + result.longLines + 1 };
  return {
    lines: kept.slice(head).map(({ bytes, line }) => ({ bytes, line })),
    incomplete,
    size: 0,
    mtime: null,
    // As for a backward read: nothing comes before the oldest event kept.
    reachedStart: matched < options.count || kept[head]?.line === 1,
    longLines,
    numbered: true,
  };
}
