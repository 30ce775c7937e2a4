/**
 * A forward line scan that reads each line's start and holds only the lines the caller wants:
 * the others are passed over by their newline alone, however long, so a pass over a file
 * costs its read and the newline search plus the wanted lines. Reads are synchronous into
 * one reused buffer (a pooled line kernel).
 *
 * @module
 */

import { completeCheck } from "./complete_line.ts";
import { createLineBuffer, type LineSearch, releaseLineBuffer } from "./line_buffer.ts";

const CARRIAGE_RETURN = 0x0d;

/** The default read size. */
export const WANTED_BLOCK_SIZE = 512 * 1024;

/** Something read synchronously from its current position; `Deno.FsFile` fits. */
export interface SyncReader {
  readSync(buffer: Uint8Array): number | null;
}

/** Options for {@linkcode scanWantedLines}. */
export interface WantedLineOptions {
  /** How many bytes of a line's start `wants` is shown (all of a shorter line). */
  prefixBytes: number;
  /**
   * True when the line that starts with `prefix` goes to `onLine`. Asked once per line, with
   * the line's first `prefixBytes` bytes (without the newline and one trailing CR).
   */
  wants: (prefix: Uint8Array) => boolean;
  /**
   * Each wanted complete line in order, without the newline and one trailing CR; `bytes` is a
   * view of the reused buffer, valid only during the call. A torn last line is never passed.
   * `complete` checks whether a line is complete JSON (through the buffer's kernel).
   */
  onLine: (bytes: Uint8Array, complete: (line: Uint8Array) => boolean) => void;
  /** Bytes requested per read (default {@linkcode WANTED_BLOCK_SIZE}). */
  blockSize?: number;
  /** The newline search (default: the best the runtime has); tests compare both. */
  search?: LineSearch;
  /**
   * Bytes the caller already read from the reader, starting at a line start: they are scanned
   * first, then the reader from where it is.
   */
  initial?: Uint8Array;
}

/** What {@linkcode scanWantedLines} read. */
export interface WantedLineResult {
  /** Complete lines seen. */
  lines: number;
  /** Complete lines passed to `onLine`. */
  wanted: number;
  /** Bytes scanned: the initial ones and those read. */
  bytes: number;
}

/**
 * Reads `reader` to its end and passes the complete lines whose start `options.wants` to
 * `options.onLine`. Only a wanted line is held whole; an unwanted one is dropped as soon as
 * its start has been seen.
 */
export function scanWantedLines(
  reader: SyncReader,
  options: WantedLineOptions,
): WantedLineResult {
  const blockSize = options.blockSize ?? WANTED_BLOCK_SIZE;
  const { prefixBytes, wants, onLine } = options;
  if (!Number.isSafeInteger(blockSize) || blockSize <= prefixBytes) {
    throw new RangeError(
      `Cannot scan lines: block size must be an integer above the prefix, got ${blockSize}`,
    );
  }
  const initial = options.initial ?? new Uint8Array(0);
  const buffer = createLineBuffer(
    Math.max(blockSize * 2, initial.length + blockSize),
    options.search,
  );
  buffer.bytes.set(initial);
  const complete = completeCheck(buffer);
  try {
    // bytes[0, end) holds data; the current line starts at `start`; [start, searched) holds no
    // newline. `verdict` is the current line's answer once known: 0 not asked yet, 1 wanted,
    // -1 passed over (its bytes are dropped while the scan looks for its end).
    let end = initial.length;
    let start = 0;
    let searched = 0;
    let verdict = 0;
    const result: WantedLineResult = { lines: 0, wanted: 0, bytes: initial.length };
    // The first round scans the initial bytes before reading.
    let read = initial.length === 0;
    while (true) {
      if (verdict === -1) {
        // Only the newline of a line passed over matters: nothing is kept.
        end = 0;
        start = 0;
        searched = 0;
      } else if (buffer.bytes.length - end < blockSize) {
        buffer.bytes.copyWithin(0, start, end);
        end -= start;
        searched -= start;
        start = 0;
        // Only a wanted line longer than the buffer grows it.
        if (buffer.bytes.length - end < blockSize) buffer.grow(end + blockSize);
      }
      if (read) {
        const count = reader.readSync(buffer.bytes.subarray(end, end + blockSize));
        if (count === null || count === 0) break;
        end += count;
        result.bytes += count;
      }
      read = true;
      const bytes = buffer.bytes;
      const found = buffer.found;
      let newlines = buffer.newlines(searched, end);
      while (newlines > 0) {
        for (let i = 0; i < newlines; i++) {
          const newline = found[i] as number;
          if (verdict !== -1) {
            const lineEnd = newline > start && bytes[newline - 1] === CARRIAGE_RETURN
              ? newline - 1
              : newline;
            if (
              verdict === 1 ||
              wants(bytes.subarray(start, Math.min(lineEnd, start + prefixBytes)))
            ) {
              result.wanted++;
              onLine(bytes.subarray(start, lineEnd), complete);
            }
          }
          result.lines++;
          verdict = 0;
          start = newline + 1;
        }
        if (newlines < found.length) break;
        newlines = buffer.newlines(start, end);
      }
      searched = end;
      // More than the prefix is in and no newline: the start cannot change any more (a CR
      // before the newline would come after it), so the line is judged now.
      if (verdict === 0 && end - start > prefixBytes) {
        verdict = wants(bytes.subarray(start, start + prefixBytes)) ? 1 : -1;
      }
    }
    return result;
  } finally {
    releaseLineBuffer(buffer);
  }
}
