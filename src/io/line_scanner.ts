/**
 * Forward line scanner: splits a byte stream on the newline byte in large blocks read into
 * one reused buffer, so lines are found without decoding and without per-line copies.
 *
 * @module
 */

import type { LineKernel } from "../core/wasm/mod.ts";
import {
  createLineBuffer,
  lineKernelOf,
  type LineSearch,
  releaseLineBuffer,
} from "./line_buffer.ts";
import { type LineSpill, openLineSpill } from "./line_spill.ts";
import { NEWLINE } from "../core/bytes/mod.ts";

const CARRIAGE_RETURN = 0x0d;

/** The default read size: 256 KiB, so a block and the next one being read stay in cache. */
export const DEFAULT_BLOCK_SIZE = 256 * 1024;

/** Where a line starts. The scanner may reuse this object between calls. */
export interface LinePosition {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /**
   * The line kernel whose memory is the scanner's buffer, or null (JavaScript search): hand it
   * to whoever reads the line's bytes in WebAssembly (the analyzer's event header reader).
   */
  kernel: LineKernel | null;
}

/**
 * Called once per complete line. `bytes` is a view into the scanner's reused buffer without
 * the newline and without one trailing CR: it is valid only during the call, so copy it
 * (`bytes.slice()`) to keep it. `position` may be the same object on every call.
 * Return `false` to stop the scan after this line.
 */
export type LineHandler = (bytes: Uint8Array, position: LinePosition) => void | false;

/**
 * Called once per complete line `buffer[start, end)` (without the newline and one trailing CR),
 * like {@linkcode LineHandler} but without a view: `buffer` is valid only during the call.
 */
export type LineRangeHandler = (
  buffer: Uint8Array,
  start: number,
  end: number,
  position: LinePosition,
) => void | false;

/** A line longer than the scan's `maxLineBytes`: skipped while streaming, never held. */
export interface LongLine {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** The line's length in bytes (without the newline). */
  length: number;
  /** False for a torn last line (the stream ended before its newline). */
  complete: boolean;
}

/** Past this many bytes, a line that may be over the limit is measured before it is held. */
const LOOK_AHEAD_AT = 4 * 1024 * 1024;

/** How the rest of a line ends, read ahead of the scan. */
interface LineRest {
  /** Where reading ahead started (the reader's position). */
  position: number;
  /** Bytes before the newline, or to the end of the stream. */
  bytes: number;
  newline: boolean;
  /** True when the byte before the newline is a CR. */
  cr: boolean;
}

/**
 * Reads ahead to the next newline in `scratch`-sized steps and puts the reader back where it
 * was; `null` when the reader cannot tell its position (a pipe), and then nothing was read.
 */
async function measureRest(
  reader: ByteReader,
  readSync: (buffer: Uint8Array) => number | null,
  scratch: Uint8Array,
): Promise<LineRest | null> {
  let position: number;
  try {
    position = await reader.seek!(0, Deno.SeekMode.Current);
  } catch {
    return null;
  }
  let bytes = 0;
  let last = -1;
  while (true) {
    const count = readSync(scratch);
    if (count === null || count === 0) break;
    const newline = scratch.subarray(0, count).indexOf(NEWLINE);
    if (newline >= 0) {
      const cr = newline > 0 ? scratch[newline - 1] === CARRIAGE_RETURN : last === CARRIAGE_RETURN;
      await reader.seek!(position, Deno.SeekMode.Start);
      return { position, bytes: bytes + newline, newline: true, cr };
    }
    bytes += count;
    last = scratch[count - 1] as number;
  }
  await reader.seek!(position, Deno.SeekMode.Start);
  return { position, bytes, newline: false, cr: last === CARRIAGE_RETURN };
}

/** Something bytes can be read from; `Deno.FsFile` fits. */
export interface ByteReader {
  /** Reads into `buffer`; resolves to the number of bytes read, or `null` at the end. */
  read(buffer: Uint8Array): Promise<number | null>;
  /**
   * Reads synchronously; when present, {@linkcode scanLines} uses it unless told otherwise
   * (`sync: false`). Reading a local file this way costs a third less than awaiting each read.
   */
  readSync?(buffer: Uint8Array): number | null;
  /** When present, {@linkcode scanLines} uses it to move to `startOffset`. */
  seek?(offset: number, whence: Deno.SeekMode): Promise<number>;
}

/** Options for {@linkcode scanLines}. */
export interface ScanOptions {
  /**
   * Bytes requested per read (default 256 KiB). The buffer doubles only for a longer line,
   * and with `maxLineBytes` never past the limit plus one block.
   */
  blockSize?: number;
  /**
   * Absolute byte offset of the first byte the scan reads (default 0). If the reader has
   * `seek`, the scanner seeks there first; otherwise the reader must already be positioned
   * there. Reported offsets are absolute either way.
   */
  startOffset?: number;
  /** The number of the first line read (default 1). */
  startLine?: number;
  /** Called after every read with the bytes read so far by this scan. */
  onProgress?: (bytesRead: number) => void;
  /** Checked before every read; when aborted, the scan rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** The newline search (default: the best the runtime has); tests compare both. */
  search?: LineSearch;
  /**
   * Use the reader's `readSync` when it has one (default true). Followers of live files say
   * false, so timers and signals still run between reads.
   */
  sync?: boolean;
  /**
   * Lines longer than this many bytes are not passed to the handler but to `onLongLine`, and
   * are never held whole: the buffer stops growing near this size (default: no limit).
   */
  maxLineBytes?: number;
  /** Called for each line longer than `maxLineBytes`, in order with the other lines. */
  onLongLine?: (line: LongLine) => void;
  /**
   * Where a line cannot be measured ahead (a pipe, awaited reads), an unfinished line longer
   * than this many bytes waits in a temporary file until it ends or passes `maxLineBytes`
   * (default 4 MiB; only when `maxLineBytes` is larger).
   */
  spillAfter?: number;
}

/** What {@linkcode scanLines} found. */
export interface ScanResult {
  /** Complete lines passed to the handler (including the one that returned `false`). */
  lines: number;
  /** Bytes read from the reader by this scan. */
  bytes: number;
  /** Absolute offset just after the last complete line handled: where a later scan resumes. */
  endOffset: number;
  /**
   * Bytes after the last newline at the end of the stream (a torn last line), copied, with
   * one trailing CR removed like complete lines; `null` when the stream ends with a newline,
   * is empty, or the scan stopped early. Never passed to the handler.
   */
  incomplete: Uint8Array | null;
  /** Absolute offset of the torn last line (equal to `endOffset`). */
  incompleteOffset: number;
  /** True when the handler returned `false`. */
  stopped: boolean;
  /** Lines longer than `maxLineBytes` (a torn last one included), skipped. */
  longLines: number;
  /**
   * The largest size the buffer was asked to have (WebAssembly memory rounds it up to 64 KiB
   * pages): with `maxLineBytes`, at most the limit plus one block.
   */
  bufferSize: number;
  /**
   * The most bytes the buffer held at once (the unfinished line and the block read after it):
   * with `maxLineBytes`, at most the limit plus one block.
   */
  mostHeld: number;
}

/**
 * Scans `reader` to its end and calls `onLine` for each complete line, in order.
 *
 * Bytes already searched are never searched again, so a line spanning many blocks costs
 * time linear in its length; the buffer doubles only while a single line outgrows it.
 *
 * @example
 * ```ts
 * using file = await Deno.open("out.jsonl");
 * const result = await scanLines(file, (bytes, { line }) => { count(line, bytes.length); });
 * ```
 */
export function scanLines(
  reader: ByteReader,
  onLine: LineHandler,
  options: ScanOptions = {},
): Promise<ScanResult> {
  return scanLineRanges(
    reader,
    (buffer, start, end, position) => onLine(buffer.subarray(start, end), position),
    options,
  );
}

/**
 * {@linkcode scanLines} with a handler that gets each line as a range of the buffer, for
 * callers that look at most lines only briefly: no view is made per line.
 */
export async function scanLineRanges(
  reader: ByteReader,
  onLine: LineRangeHandler,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const blockSize = options.blockSize ?? DEFAULT_BLOCK_SIZE;
  if (!Number.isSafeInteger(blockSize) || blockSize < 1) {
    throw new RangeError(
      `Cannot scan lines: block size must be a positive integer, got ${blockSize}`,
    );
  }
  const startOffset = options.startOffset ?? 0;
  if (!Number.isSafeInteger(startOffset) || startOffset < 0) {
    throw new RangeError(`Cannot scan lines: start offset must be 0 or more, got ${startOffset}`);
  }
  const { onProgress, signal, onLongLine } = options;
  const maxLineBytes = options.maxLineBytes ?? Infinity;
  if (!(maxLineBytes >= 1)) {
    throw new RangeError(
      `Cannot scan lines: the line limit must be 1 or more, got ${maxLineBytes}`,
    );
  }
  // The buffer holds one unfinished line of at most the limit and the block read after it.
  const maxBufferSize = maxLineBytes + blockSize;
  if (options.startOffset !== undefined && reader.seek !== undefined) {
    await reader.seek(startOffset, Deno.SeekMode.Start);
  }

  // Room for the unfinished line, the block being scanned and the next one being read.
  const initialSize = Math.min(blockSize * 4, maxBufferSize);
  let buffer = createLineBuffer(initialSize, options.search);
  // A kernel's memory comes in whole pages: the small buffer may be bigger than asked for.
  const smallCapacity = buffer.bytes.length;
  // Runs when the scan ends, however it ends, after its last read has settled (the finally
  // below awaits it): the buffer in use then goes back for the next scan.
  using _release = { [Symbol.dispose]: () => releaseLineBuffer(buffer) };
  let bufferSize = initialSize;
  let mostHeld = 0;
  // bytes[0, end) holds data; the current line starts at `start`; bytes in [start, searched)
  // are known to hold no newline. `base` is the file offset of bytes[0].
  let end = 0;
  let start = 0;
  let searched = 0;
  let base = startOffset;
  let bytesRead = 0;
  let lines = 0;
  let longLines = 0;
  // While a line longer than the limit is skipped: its bytes so far and where it started.
  let skipped = -1;
  let skippedOffset = 0;
  // A CR at the end of the skipped bytes belongs to the newline when one follows.
  let skippedCr = false;
  // While an unfinished long line waits in `spill`: where it started.
  const spillAfter = options.spillAfter ?? LOOK_AHEAD_AT;
  let spill: LineSpill | null = null;
  let spilling = false;
  let spillOffset = 0;
  const position: LinePosition = {
    line: options.startLine ?? 1,
    offset: startOffset,
    kernel: lineKernelOf(buffer),
  };

  const readSync = options.sync !== false ? reader.readSync?.bind(reader) : undefined;
  // With a limit, a seekable reader read synchronously measures long lines before holding them.
  let lookAhead = readSync !== undefined && reader.seek !== undefined &&
      maxLineBytes > LOOK_AHEAD_AT
    ? { lineStart: -1, scratch: new Uint8Array(blockSize) }
    : null;
  const makeRoom = () => {
    if (buffer.bytes.length > smallCapacity && end - start + blockSize <= initialSize) {
      // The long line is gone (read, skipped or spilled): a small buffer again, so the pages of
      // the big one are given back instead of all being written to as blocks pass through it.
      const small = createLineBuffer(initialSize, options.search);
      small.bytes.set(buffer.bytes.subarray(start, end));
      end -= start;
      searched -= start;
      base += start;
      start = 0;
      buffer = small;
      // The kernel lives in the buffer's memory: the new buffer brings its own.
      position.kernel = lineKernelOf(buffer);
      return;
    }
    if (buffer.bytes.length - end >= blockSize) return;
    if (start > 0) {
      // Keep only the unfinished line; most blocks end here.
      buffer.bytes.copyWithin(0, start, end);
      end -= start;
      searched -= start;
      base += start;
      start = 0;
    }
    // A line longer than the buffer grows it once to the limit and one block (the scan lets a
    // line go once it passes the limit, so `end` is at most the limit here). Growing copies the
    // buffer, so doubling would hold two large buffers at once; pages never written to cost no
    // memory. Without a limit the buffer doubles.
    const size = buffer.bytes.length;
    if (size - end < blockSize) {
      const grown = Math.max(
        end + blockSize,
        Number.isFinite(maxBufferSize) ? maxBufferSize : size * 2,
      );
      buffer.grow(grown);
      bufferSize = Math.max(bufferSize, grown);
    }
  };
  const readAhead = () => {
    makeRoom();
    reading = reader.read(buffer.bytes.subarray(end, end + blockSize));
  };

  signal?.throwIfAborted();
  // Awaited reads run on another thread: the next block is read while this one is scanned.
  let reading: Promise<number | null> | null = readSync === undefined
    ? reader.read(buffer.bytes.subarray(end, end + blockSize))
    : null;
  try {
    while (true) {
      let count: number | null;
      if (readSync === undefined) {
        count = await reading;
        reading = null;
      } else {
        makeRoom();
        count = readSync(buffer.bytes.subarray(end, end + blockSize));
      }
      if (count === null) break;
      end += count;
      mostHeld = Math.max(mostHeld, end - start);
      bytesRead += count;
      onProgress?.(bytesRead);
      signal?.throwIfAborted();
      // The next block is read while this one is scanned, unless the unfinished line may be
      // over the limit: then the scan lets it go first, so the buffer never holds a second block.
      if (readSync === undefined && end - start <= maxLineBytes) readAhead();

      const bytes = buffer.bytes;
      const found = buffer.found;
      let from = searched;
      let newlines = buffer.newlines(from, end);
      while (newlines > 0) {
        for (let i = 0; i < newlines; i++) {
          const newline = found[i] as number;
          const lineEnd = newline > start && bytes[newline - 1] === CARRIAGE_RETURN
            ? newline - 1
            : newline;
          position.offset = base + start;
          let verdict: void | false = undefined;
          if (spilling) {
            // The line's start waits in the spill file: read it back unless the line is too long.
            const held = newline - start;
            const cr = held > 0
              ? bytes[newline - 1] === CARRIAGE_RETURN
              : spill!.last === CARRIAGE_RETURN;
            const length = spill!.length + held - (cr ? 1 : 0);
            spilling = false;
            if (length > maxLineBytes) {
              spill!.clear();
              onLongLine?.({ line: position.line, offset: spillOffset, length, complete: true });
              longLines++;
            } else {
              const whole = spill!.take(bytes.subarray(start, newline));
              position.offset = spillOffset;
              lines++;
              verdict = onLine(whole, 0, length, position);
            }
          } else if (skipped >= 0 || lineEnd - start > maxLineBytes) {
            const offset = skipped >= 0 ? skippedOffset : position.offset;
            const cr = skipped >= 0 && newline === start && skippedCr ? 1 : 0;
            const length = Math.max(skipped, 0) + lineEnd - start - cr;
            onLongLine?.({ line: position.line, offset, length, complete: true });
            longLines++;
            skipped = -1;
          } else {
            lines++;
            verdict = onLine(bytes, start, lineEnd, position);
          }
          position.line++;
          start = newline + 1;
          if (verdict === false) {
            const ahead = reading === null ? null : await reading;
            reading = null;
            if (ahead !== null) bytesRead += ahead;
            return {
              lines,
              bytes: bytesRead,
              endOffset: base + start,
              incomplete: null,
              incompleteOffset: base + start,
              stopped: true,
              longLines,
              bufferSize,
              mostHeld,
            };
          }
        }
        if (newlines < found.length) break;
        from = start;
        newlines = buffer.newlines(from, end);
      }
      if (
        lookAhead !== null && readSync !== undefined && skipped < 0 &&
        end - start > LOOK_AHEAD_AT && lookAhead.lineStart !== base + start
      ) {
        // A long unfinished line: measure the rest without holding it.
        lookAhead.lineStart = base + start;
        const rest = await measureRest(reader, readSync, lookAhead.scratch);
        if (rest === null) lookAhead = null;
        else if (end - start + rest.bytes > maxLineBytes) {
          const cr = rest.bytes === 0 ? buffer.bytes[end - 1] === CARRIAGE_RETURN : rest.cr;
          const length = end - start + rest.bytes - (cr ? 1 : 0);
          const offset = base + start;
          onLongLine?.({ line: position.line, offset, length, complete: rest.newline });
          longLines++;
          bytesRead += rest.bytes + (rest.newline ? 1 : 0);
          base = rest.newline ? rest.position + rest.bytes + 1 : rest.position + rest.bytes;
          if (rest.newline) position.line++;
          await reader.seek?.(base, Deno.SeekMode.Start);
          start = end = searched = 0;
          continue;
        }
      }
      if (spilling && end > start) {
        spill!.append(buffer.bytes.subarray(start, end));
        start = end;
        if (spill!.length > maxLineBytes) {
          // Over the limit: let it go like any line found too long while streaming.
          skipped = spill!.length;
          skippedOffset = spillOffset;
          skippedCr = spill!.last === CARRIAGE_RETURN;
          spilling = false;
          spill!.clear();
        }
      } else if (
        lookAhead === null && skipped < 0 && Number.isFinite(maxLineBytes) &&
        maxLineBytes > spillAfter &&
        end - start > spillAfter && end - start <= maxLineBytes
      ) {
        // A long unfinished line that cannot be measured ahead: keep it out of memory.
        spill ??= openLineSpill();
        if (spill !== null) {
          spilling = true;
          spillOffset = base + start;
          spill.append(buffer.bytes.subarray(start, end));
          start = end;
        }
      }
      if (end - start > maxLineBytes || (skipped >= 0 && end > start)) {
        // The unfinished line passed the limit: count its bytes and let them go.
        if (skipped < 0) {
          skipped = 0;
          skippedOffset = base + start;
        }
        skipped += end - start;
        skippedCr = buffer.bytes[end - 1] === CARRIAGE_RETURN;
        start = end;
      }
      searched = end;
      if (readSync === undefined && reading === null) readAhead();
    }
  } catch (error) {
    spill?.close();
    spill = null;
    throw error;
  } finally {
    // A scan that throws still waits for its read: the caller may close the file next.
    if (reading !== null) await reading.catch(() => null);
    if (!spilling) spill?.close();
  }

  const endOffset = skipped >= 0 ? skippedOffset : spilling ? spillOffset : base + start;
  let incomplete: Uint8Array | null = null;
  if (spilling) {
    // A torn last line whose start waits in the spill file.
    const tail = buffer.bytes.subarray(start, end);
    const last = tail.length > 0 ? tail[tail.length - 1] : spill!.last;
    const cr = last === CARRIAGE_RETURN ? 1 : 0;
    const length = spill!.length + tail.length - cr;
    if (length > maxLineBytes) {
      onLongLine?.({ line: position.line, offset: spillOffset, length, complete: false });
      longLines++;
    } else incomplete = spill!.take(tail).subarray(0, length);
    spill!.close();
  } else if (skipped >= 0) {
    const length = skipped - (skippedCr ? 1 : 0);
    onLongLine?.({ line: position.line, offset: skippedOffset, length, complete: false });
    longLines++;
  } else if (end > start) {
    const bytes = buffer.bytes;
    const tailEnd = bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
    incomplete = bytes.slice(start, tailEnd);
  }
  return {
    lines,
    bytes: bytesRead,
    endOffset,
    incomplete,
    incompleteOffset: endOffset,
    stopped: false,
    longLines,
    bufferSize,
    mostHeld,
  };
}
