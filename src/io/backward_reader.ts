/**
 * Backward line reader: yields the lines of a file from the last to the first, reading
 * blocks from the end, so `--last N` touches only the end of a large file.
 *
 * @module
 */

import { CodexmonError } from "../core/errors.ts";
import { NEWLINE } from "../core/bytes/mod.ts";

const CARRIAGE_RETURN = 0x0d;

/** The default read size when reading backwards: 64 KiB. */
export const DEFAULT_BACKWARD_BLOCK_SIZE = 64 * 1024;

/** One line read backwards. Line numbers are unknown when reading from the end. */
export interface BackwardLine {
  /** The line's bytes, copied, without the newline and without one trailing CR. */
  bytes: Uint8Array;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** False only for the torn tail: bytes after the last newline. */
  complete: boolean;
  /**
   * Set when the line is longer than `maxLineBytes`: its length in bytes. `bytes` is then
   * empty, for the line was never held.
   */
  tooLong?: number;
}

/** Options for {@linkcode readLinesBackward}. */
export interface BackwardReadOptions {
  /** Read as if the file ended here (default: the file's current size). */
  endOffset?: number;
  /** Bytes per read (default 64 KiB). Lines may be longer than a block. */
  blockSize?: number;
  /** Lines longer than this are yielded empty with `tooLong` set, never held (default: no limit). */
  maxLineBytes?: number;
}

/**
 * Yields the lines of `file` in reverse order, ending at `endOffset`. The first line yielded
 * is the torn tail (`complete: false`) when the file does not end with a newline; the lines
 * and offsets are exactly those {@linkcode scanLines} finds forwards, in reverse.
 * It moves the file's position and does not close the file.
 *
 * @example
 * ```ts
 * using file = await Deno.open("out.jsonl");
 * for await (const line of readLinesBackward(file)) {
 *   if (line.complete && seen++ === 100) break;
 * }
 * ```
 */
export async function* readLinesBackward(
  file: Deno.FsFile,
  options: BackwardReadOptions = {},
): AsyncGenerator<BackwardLine> {
  const blockSize = options.blockSize ?? DEFAULT_BACKWARD_BLOCK_SIZE;
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) {
    throw new RangeError(
      `Cannot read lines backwards: block size must be a positive integer, got ${blockSize}`,
    );
  }
  const endOffset = options.endOffset ?? (await file.stat()).size;
  if (!Number.isSafeInteger(endOffset) || endOffset < 0) {
    throw new RangeError(
      `Cannot read lines backwards: end offset must be 0 or more, got ${endOffset}`,
    );
  }

  const block = new Uint8Array(Math.min(blockSize, Math.max(endOffset, 1)));
  // Copied parts of the line being assembled, the latest part first.
  let pieces: Uint8Array[] = [];
  const maxLineBytes = options.maxLineBytes ?? Infinity;
  // Bytes of the line being assembled; once over the limit its pieces are let go.
  let held = 0;
  let tooLong = false;
  // The bytes after the last newline are the torn tail; every later line is complete.
  let complete = false;
  let blockEnd = endOffset;

  while (blockEnd > 0) {
    const blockStart = Math.max(0, blockEnd - block.length);
    const view = block.subarray(0, blockEnd - blockStart);
    await readAt(file, view, blockStart);
    let lineEnd = view.length;
    let newline = view.lastIndexOf(NEWLINE, lineEnd - 1);
    while (newline !== -1) {
      const length = held + lineEnd - newline - 1;
      const offset = blockStart + newline + 1;
      if (tooLong || length > maxLineBytes) {
        yield { bytes: new Uint8Array(0), offset, complete, tooLong: length };
      } else {
        const bytes = joinLine(view.subarray(newline + 1, lineEnd), pieces);
        if (complete || bytes.length > 0) {
          yield { bytes: stripCarriageReturn(bytes), offset, complete };
        }
      }
      pieces = [];
      held = 0;
      tooLong = false;
      complete = true;
      lineEnd = newline;
      newline = lineEnd > 0 ? view.lastIndexOf(NEWLINE, lineEnd - 1) : -1;
    }
    if (lineEnd > 0) {
      held += lineEnd;
      if (held > maxLineBytes) {
        tooLong = true;
        pieces = [];
      } else pieces.push(view.slice(0, lineEnd));
    }
    blockEnd = blockStart;
  }

  if (tooLong) {
    yield { bytes: new Uint8Array(0), offset: 0, complete, tooLong: held };
    return;
  }
  const first = joinLine(new Uint8Array(0), pieces);
  if (complete || first.length > 0) {
    yield { bytes: stripCarriageReturn(first), offset: 0, complete };
  }
}

/** Fills `view` with the bytes at `position`. */
async function readAt(file: Deno.FsFile, view: Uint8Array, position: number): Promise<void> {
  await file.seek(position, Deno.SeekMode.Start);
  let filled = 0;
  while (filled < view.length) {
    const count = await file.read(view.subarray(filled));
    if (count === null) {
      throw new CodexmonError(
        `Cannot read lines backwards: the file ended at byte ${
          position + filled
        }, before the expected end`,
      );
    }
    filled += count;
  }
}

/** Copies `head` followed by `pieces` (stored latest first) into one new array. */
function joinLine(head: Uint8Array, pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 0) return head.slice();
  let length = head.length;
  for (const piece of pieces) length += piece.length;
  const line = new Uint8Array(length);
  line.set(head);
  let at = head.length;
  for (let index = pieces.length - 1; index >= 0; index--) {
    const piece = pieces[index]!;
    line.set(piece, at);
    at += piece.length;
  }
  return line;
}

function stripCarriageReturn(bytes: Uint8Array): Uint8Array {
  return bytes[bytes.length - 1] === CARRIAGE_RETURN ? bytes.subarray(0, bytes.length - 1) : bytes;
}
