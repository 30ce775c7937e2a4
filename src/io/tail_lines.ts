/** The last N lines or events of a file, read backwards so big files cost nothing extra. */

import { type BackwardLine, readLinesBackward } from "./backward_reader.ts";
import { scanLines } from "./line_scanner.ts";
import { openForReading, type StdinInput } from "./open_file.ts";
import { DEFAULT_MAX_LINE_BYTES } from "../core/config/mod.ts";

/** Options for {@linkcode readTail}. */
export interface ReadTailOptions {
  count: number;
  /** "events": count only JSON lines that `accept` keeps; "lines": count every line. */
  mode: "events" | "lines";
  /** Keeps a JSON line (for `--request-id`); every JSON line by default. */
  accept?: (bytes: Uint8Array) => boolean;
  /** Lines longer than this are skipped unread and counted (default 64 MiB). */
  maxLineBytes?: number;
}

/** The tail of a file, in file order. */
export interface Tail {
  /** Complete lines in file order; in "events" mode only the counted JSON lines. */
  lines: Uint8Array[];
  /** A torn last line, if the file does not end with a newline. */
  incomplete: Uint8Array | null;
  size: number;
  mtime: number | null;
  /** True when the whole file was read (fewer matches than asked). */
  reachedStart: boolean;
  /** Lines skipped for their length, nearest the end first: offset and length in bytes. */
  longLines: { offset: number; bytes: number }[];
}

const OPEN_BRACE = 0x7b;

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

/**
 * The lines of a pipe that {@linkcode readTail} looks at, last first: a pipe cannot be read
 * from the end, so it is read through, keeping the last `count` lines that count.
 */
async function* lastLinesForward(
  file: Deno.FsFile | StdinInput,
  options: ReadTailOptions & { maxLineBytes: number },
): AsyncGenerator<BackwardLine> {
  const kept: BackwardLine[] = [];
  const result = await scanLines(file, (bytes, position) => {
    const counts = options.mode === "lines" ||
      (looksLikeJson(bytes) && (options.accept ? options.accept(bytes) : true));
    if (!counts) return;
    kept.push({ bytes: bytes.slice(), offset: position.offset, complete: true });
    // Trimmed in batches, so each line costs O(1) on average.
    if (kept.length >= 2 * options.count) kept.splice(0, kept.length - options.count);
  }, {
    maxLineBytes: options.maxLineBytes,
    onLongLine: (long) =>
      kept.push({
        bytes: new Uint8Array(0),
        offset: long.offset,
        complete: true,
        tooLong: long.length,
      }),
  });
  if (result.incomplete !== null) {
    yield { bytes: result.incomplete, offset: result.incompleteOffset, complete: false };
  }
  for (let index = kept.length - 1; index >= 0; index--) yield kept[index] as BackwardLine;
}

/** Reads the last `count` lines or events of `path`. */
export async function readTail(path: string, options: ReadTailOptions): Promise<Tail> {
  const { file, size, mtime, regular } = await openForReading(path);
  const kept: Uint8Array[] = [];
  let incomplete: Uint8Array | null = null;
  let matched = 0;
  let reachedStart = true;
  const longLines: { offset: number; bytes: number }[] = [];
  try {
    if (options.count <= 0) {
      return { lines: [], incomplete, size, mtime, reachedStart: false, longLines };
    }
    const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    const lines = regular && file instanceof Deno.FsFile
      ? readLinesBackward(file, { maxLineBytes })
      : lastLinesForward(file, { ...options, maxLineBytes });
    for await (const line of lines) {
      if (line.tooLong !== undefined) {
        longLines.push({ offset: line.offset, bytes: line.tooLong });
        continue;
      }
      if (!line.complete) {
        incomplete = line.bytes;
        continue;
      }
      const counts = options.mode === "lines" ||
        (looksLikeJson(line.bytes) && (options.accept ? options.accept(line.bytes) : true));
      if (options.mode === "events" && !counts) continue;
      kept.push(line.bytes);
      if (counts) matched += 1;
      if (matched >= options.count) {
        reachedStart = false;
        break;
      }
    }
  } finally {
    file.close();
  }
  kept.reverse();
  return { lines: kept, incomplete, size, mtime, reachedStart, longLines };
}
