/**
 * The byte fast path for `codex/event` lines: reads the request id and the event type
 * without decoding or parsing the line. Only the exact shapes Codex writes are accepted
 * (0.47 puts `"id"` before `"msg"`, 0.153 adds `_meta.threadId` and puts `"id"` after);
 * anything else returns false and the caller parses the line, so this check can cost
 * speed but never correctness.
 */

import type { RequestId } from "../model/types.ts";

const PREFIX = new TextEncoder().encode(
  '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":',
);
const THREAD_KEY = new TextEncoder().encode(',"threadId":"');
const ID_KEY = new TextEncoder().encode(',"id":"');
const MSG_TYPE_KEY = new TextEncoder().encode('"msg":{"type":"');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
// 15 digits always fit a safe integer; longer ids take the parse path.
const MAX_DIGITS = 15;

const DECODER = new TextDecoder();

function matchAt(bytes: Uint8Array, at: number, expected: Uint8Array): boolean {
  if (at + expected.length > bytes.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (bytes[at + i] !== expected[i]) return false;
  }
  return true;
}

/** Index of the closing quote of a JSON string starting at `from`; -1 on an escape or no end. */
function plainStringEnd(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH) return -1;
  }
  return -1;
}

/** Interns event type names so a line's type costs no string allocation. */
class TypeNames {
  #table = new Map<number, { bytes: Uint8Array; name: string }[]>();

  name(bytes: Uint8Array, start: number, end: number): string {
    // A few bytes and the length tell the type names apart; the bucket check makes it exact.
    const length = end - start;
    const hash = length === 0 ? 0 : (length << 24) ^ ((bytes[start] as number) << 16) ^
      ((bytes[start + (length >> 1)] as number) << 8) ^ (bytes[end - 1] as number) ^
      ((length > 1 ? bytes[end - 2] as number : 0) << 4);
    const bucket = this.#table.get(hash);
    if (bucket !== undefined) {
      for (const entry of bucket) {
        if (entry.bytes.length === end - start && matchAt(bytes, start, entry.bytes)) {
          return entry.name;
        }
      }
    }
    const copy = bytes.slice(start, end);
    const entry = { bytes: copy, name: DECODER.decode(copy) };
    if (bucket === undefined) this.#table.set(hash, [entry]);
    else bucket.push(entry);
    return entry.name;
  }
}

/** Reads event headers; one instance is reused for every line (its fields hold the last match). */
export class EventHeaderReader {
  /** `params._meta.requestId` of the last matched line. */
  requestId: RequestId = 0;
  /** `params.msg.type` of the last matched line. */
  type = "";
  /** Offset just after the closing quote of the type name. */
  typeEnd = 0;
  /** Offset of the `{` that opens `params.msg`. */
  msgStart = 0;
  /** Offsets of the `_meta.threadId` text (0.153), or -1 when the line has none. */
  threadStart = -1;
  threadEnd = -1;
  #names = new TypeNames();

  /** Reads the header of `bytes`; false when the line is not in a recognised shape. */
  read(bytes: Uint8Array): boolean {
    const length = bytes.length;
    if (length < PREFIX.length + 20 || bytes[length - 1] !== CLOSE_BRACE) return false;
    if (!matchAt(bytes, 0, PREFIX)) return false;
    let at = PREFIX.length;
    const first = bytes[at] as number;
    if (first === QUOTE) {
      const end = plainStringEnd(bytes, at + 1);
      if (end < 0) return false;
      this.requestId = DECODER.decode(bytes.subarray(at + 1, end));
      at = end + 1;
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
    if (matchAt(bytes, at, THREAD_KEY)) {
      const end = plainStringEnd(bytes, at + THREAD_KEY.length);
      if (end < 0) return false;
      this.threadStart = at + THREAD_KEY.length;
      this.threadEnd = end;
      at = end + 1;
    }
    if (bytes[at] !== CLOSE_BRACE) return false;
    at++;
    if (matchAt(bytes, at, ID_KEY)) {
      const end = plainStringEnd(bytes, at + ID_KEY.length);
      if (end < 0 || bytes[end + 1] !== COMMA) return false;
      at = end + 2;
    } else if (bytes[at] === COMMA) {
      at++;
    } else {
      return false;
    }
    if (!matchAt(bytes, at, MSG_TYPE_KEY)) return false;
    const nameStart = at + MSG_TYPE_KEY.length;
    const nameEnd = plainStringEnd(bytes, nameStart);
    if (nameEnd <= nameStart) return false;
    const after = bytes[nameEnd + 1];
    if (after !== COMMA && after !== CLOSE_BRACE) return false;
    this.type = this.#names.name(bytes, nameStart, nameEnd);
    this.typeEnd = nameEnd + 1;
    this.msgStart = at + MSG_TYPE_KEY.length - '{"type":"'.length;
    return true;
  }

  /** `_meta.threadId` of the last matched line in `bytes`, or `null` when it has none. */
  threadId(bytes: Uint8Array): string | null {
    if (this.threadStart < 0) return null;
    return DECODER.decode(bytes.subarray(this.threadStart, this.threadEnd));
  }

  /** True when `bytes` continue with `expected` right after the type name. */
  followedBy(bytes: Uint8Array, expected: Uint8Array): boolean {
    return matchAt(bytes, this.typeEnd, expected);
  }
}
