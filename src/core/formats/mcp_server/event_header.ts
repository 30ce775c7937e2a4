/**
 * The byte fast path for `codex/event` lines: reads the request id and the event type
 * without decoding or parsing the line. Only the exact shapes Codex writes are accepted
 * (0.47 puts `"id"` before `"msg"`, 0.153 adds `_meta.threadId` and puts `"id"` after);
 * anything else returns false and the caller parses the line, so this check can cost
 * speed but never correctness. Lines in a line kernel's memory (big files) are read by its
 * WebAssembly `header`, which accepts exactly the same lines and reads the same parts, and
 * checks in the same call that the line is complete JSON ({@linkcode EventHeaderReader.isComplete}).
 */

import type { RequestId } from "../../model/mod.ts";
import { COMPLETE, type Completeness, type LineKernel, UNKNOWN } from "../../wasm/mod.ts";
import {
  BACKSLASH,
  CLOSE_BRACE,
  COMMA,
  DIGIT_0,
  DIGIT_9,
  isCompleteJson,
  MINUS,
  plainText,
  QUOTE,
} from "../../bytes/mod.ts";

const PREFIX = new TextEncoder().encode(
  '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":',
);
/** `PREFIX` as little-endian 32-bit words, compared four bytes at a time. */
const PREFIX_WORDS = Array.from(
  { length: PREFIX.length >> 2 },
  (_, index) => new DataView(PREFIX.buffer).getUint32(index * 4, true),
);
const THREAD_KEY = new TextEncoder().encode(',"threadId":"');
const ID_KEY = new TextEncoder().encode(',"id":"');
const MSG_TYPE_KEY = new TextEncoder().encode('"msg":{"type":"');

// 15 digits always fit a safe integer; longer ids take the parse path.
const MAX_DIGITS = 15;

const DECODER = new TextDecoder();

function matchAt(bytes: Uint8Array, at: number, expected: Uint8Array, end: number): boolean {
  if (at + expected.length > end) return false;
  for (let i = 0; i < expected.length; i++) {
    if (bytes[at + i] !== expected[i]) return false;
  }
  return true;
}

/** Index of the closing quote of a JSON string starting at `from`; -1 on an escape or no end. */
function plainStringEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH) return -1;
  }
  return -1;
}

/** An event type name, interned: `id` numbers the names in the order they were first read. */
export interface EventType {
  name: string;
  id: number;
}

/** Interns event type names so a line's type costs no string allocation. */
class TypeNames {
  #table = new Map<number, { bytes: Uint8Array; type: EventType }[]>();
  #count = 0;

  type(bytes: Uint8Array, start: number, end: number): EventType {
    // A few bytes and the length tell the type names apart; the bucket check makes it exact.
    const length = end - start;
    const hash = length === 0 ? 0 : (length << 24) ^ ((bytes[start] as number) << 16) ^
      ((bytes[start + (length >> 1)] as number) << 8) ^ (bytes[end - 1] as number) ^
      ((length > 1 ? bytes[end - 2] as number : 0) << 4);
    const bucket = this.#table.get(hash);
    if (bucket !== undefined) {
      for (const entry of bucket) {
        if (entry.bytes.length === end - start && matchAt(bytes, start, entry.bytes, end)) {
          return entry.type;
        }
      }
    }
    const copy = bytes.slice(start, end);
    const entry = { bytes: copy, type: { name: DECODER.decode(copy), id: this.#count++ } };
    if (bucket === undefined) this.#table.set(hash, [entry]);
    else bucket.push(entry);
    return entry.type;
  }
}

/** Reads event headers; one instance is reused for every line (its fields hold the last match). */
export class EventHeaderReader {
  /** `params._meta.requestId` of the last matched line. */
  requestId: RequestId = 0;
  /** `params.msg.type` of the last matched line. */
  type = "";
  /** The same type, interned: its `id` is small and stable for this reader. */
  eventType: EventType = { name: "", id: -1 };
  /** Offset just after the closing quote of the type name. */
  typeEnd = 0;
  /** Offset of the `{` that opens `params.msg`. */
  msgStart = 0;
  /** Offsets of the `_meta.threadId` text (0.153), or -1 when the line has none. */
  threadStart = -1;
  threadEnd = -1;
  #names = new TypeNames();
  #view: DataView | null = null;
  /** The kernel the last line was read with, whose numbers {@linkcode #kernelTypes} maps. */
  #kernel: LineKernel | null = null;
  /** Event types by the kernel's numbers for their names. */
  #kernelTypes: EventType[] = [];
  /** What the kernel said of the last line it read; {@linkcode UNKNOWN} when read in JavaScript. */
  #complete: Completeness = UNKNOWN;

  /** True when the line at `start` of `bytes` begins with `PREFIX` (at least `PREFIX.length` bytes are there). */
  #hasPrefix(bytes: Uint8Array, start: number): boolean {
    let view = this.#view;
    if (view === null || view.buffer !== bytes.buffer) {
      view = new DataView(bytes.buffer);
      this.#view = view;
    }
    const at = bytes.byteOffset + start;
    for (let i = 0; i < PREFIX_WORDS.length; i++) {
      if (view.getUint32(at + i * 4, true) !== PREFIX_WORDS[i]) return false;
    }
    for (let i = PREFIX_WORDS.length * 4; i < PREFIX.length; i++) {
      if (bytes[start + i] !== PREFIX[i]) return false;
    }
    return true;
  }

  /**
   * Reads the header of the line `bytes[start, end)` (default: all of `bytes`); false when the
   * line is not in a recognised shape. Offsets it keeps count from the start of `bytes`. When
   * `kernel` holds `bytes` in its memory, the kernel reads the header (same result, faster).
   */
  read(
    bytes: Uint8Array,
    start = 0,
    end: number = bytes.length,
    kernel: LineKernel | null = null,
  ): boolean {
    if (kernel !== null && kernel.holds(bytes)) {
      // A kernel numbers names for its own life.
      if (kernel !== this.#kernel) {
        this.#kernel = kernel;
        this.#kernelTypes = [];
      }
      return this.#readWithKernel(kernel, bytes, start, end);
    }
    this.#complete = UNKNOWN;
    const length = end;
    if (length - start < PREFIX.length + 20 || bytes[length - 1] !== CLOSE_BRACE) return false;
    if (!this.#hasPrefix(bytes, start)) return false;
    let at = start + PREFIX.length;
    const first = bytes[at] as number;
    if (first === QUOTE) {
      const close = plainStringEnd(bytes, at + 1, end);
      if (close < 0) return false;
      this.requestId = plainText(bytes, at + 1, close);
      at = close + 1;
    } else {
      const negative = first === MINUS;
      if (negative) at++;
      const digitsStart = at;
      let value = 0;
      while (at < length) {
        const byte = bytes[at] as number;
        if (byte < DIGIT_0 || byte > DIGIT_9) break;
        value = value * 10 + (byte - DIGIT_0);
        at++;
      }
      const digits = at - digitsStart;
      if (digits === 0 || digits > MAX_DIGITS) return false;
      // JSON forbids leading zeros; such a line is malformed and must take the parse path.
      if (digits > 1 && bytes[digitsStart] === DIGIT_0) return false;
      this.requestId = negative ? -value : value;
    }
    this.threadStart = -1;
    this.threadEnd = -1;
    if (matchAt(bytes, at, THREAD_KEY, end)) {
      const close = plainStringEnd(bytes, at + THREAD_KEY.length, end);
      if (close < 0) return false;
      this.threadStart = at + THREAD_KEY.length;
      this.threadEnd = close;
      at = close + 1;
    }
    if (at >= end || bytes[at] !== CLOSE_BRACE) return false;
    at++;
    if (matchAt(bytes, at, ID_KEY, end)) {
      const close = plainStringEnd(bytes, at + ID_KEY.length, end);
      if (close < 0 || close + 1 >= end || bytes[close + 1] !== COMMA) return false;
      at = close + 2;
    } else if (at < end && bytes[at] === COMMA) {
      at++;
    } else {
      return false;
    }
    if (!matchAt(bytes, at, MSG_TYPE_KEY, end)) return false;
    const nameStart = at + MSG_TYPE_KEY.length;
    const nameEnd = plainStringEnd(bytes, nameStart, end);
    if (nameEnd <= nameStart || nameEnd + 1 >= end) return false;
    const after = bytes[nameEnd + 1];
    if (after !== COMMA && after !== CLOSE_BRACE) return false;
    const eventType = this.#names.type(bytes, nameStart, nameEnd);
    return this.#matched(eventType, nameEnd, at + MSG_TYPE_KEY.length - '{"type":"'.length);
  }

  /** Keeps the type of a matched line, whose name ends at `nameEnd` and whose msg starts at `msgStart`. */
  #matched(eventType: EventType, nameEnd: number, msgStart: number): true {
    this.eventType = eventType;
    this.type = eventType.name;
    this.typeEnd = nameEnd + 1;
    this.msgStart = msgStart;
    return true;
  }

  /** {@linkcode EventHeaderReader.read} for a line in `kernel`'s memory. */
  #readWithKernel(kernel: LineKernel, bytes: Uint8Array, start: number, end: number): boolean {
    const base = bytes.byteOffset;
    if (!kernel.header(base + start, base + end)) return false;
    const parts = kernel.headerParts;
    const idStart = parts[0] as number;
    this.requestId = idStart < 0
      ? kernel.headerId[0] as number
      : plainText(bytes, idStart - base, (parts[1] as number) - base);
    const threadStart = parts[2] as number;
    this.threadStart = threadStart < 0 ? -1 : threadStart - base;
    this.threadEnd = threadStart < 0 ? -1 : (parts[3] as number) - base;
    const nameStart = (parts[4] as number) - base;
    const nameEnd = (parts[5] as number) - base;
    const number = parts[7] as number;
    let eventType = number < 0 ? undefined : this.#kernelTypes[number];
    if (eventType === undefined) {
      eventType = this.#names.type(bytes, nameStart, nameEnd);
      if (number >= 0) this.#kernelTypes[number] = eventType;
    }
    this.#complete = parts[8] as Completeness;
    return this.#matched(eventType, nameEnd, (parts[6] as number) - base);
  }

  /**
   * Whether the line last read, `bytes[start, end)`, is one complete JSON value, exactly as
   * `isCompleteJson` says: the header only reads the line's start. A kernel checked the line
   * in the same call that read its header; otherwise it is checked now.
   */
  isComplete(bytes: Uint8Array, start: number, end: number): boolean {
    const known = this.#complete;
    return known === UNKNOWN ? isCompleteJson(bytes, start, end) : known === COMPLETE;
  }

  /** `_meta.threadId` of the last matched line in `bytes`, or `null` when it has none. */
  threadId(bytes: Uint8Array): string | null {
    if (this.threadStart < 0) return null;
    return DECODER.decode(bytes.subarray(this.threadStart, this.threadEnd));
  }

  /** True when `bytes` continue with `expected` right after the type name. */
  followedBy(bytes: Uint8Array, expected: Uint8Array): boolean {
    return matchAt(bytes, this.typeEnd, expected, bytes.length);
  }

  /** Makes the offsets of the last match count from `start`: the line is now `bytes.subarray(start)`. */
  rebase(start: number): void {
    this.typeEnd -= start;
    this.msgStart -= start;
    if (this.threadStart >= 0) {
      this.threadStart -= start;
      this.threadEnd -= start;
    }
  }
}
