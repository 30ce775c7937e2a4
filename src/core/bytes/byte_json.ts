/**
 * Reading parts of a compact JSON line from its bytes, for the lines whose full parse would
 * cost most (token counts and the summary's small events are frequent, command ends can be
 * megabytes). Generic JSON only: Codex's field names are the readers' business. Every reader returns `null` (`undefined` for a value) when the bytes are not in
 * the expected shape, and the caller then parses the line. Members the caller skips are only
 * delimited, not validated.
 */

import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  DIGIT_0,
  DIGIT_9,
  LETTER_U,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from "./byte_codes.ts";

import { RECENT_MAX_BYTES, recentText } from "./recent_strings.ts";

const LETTER_N = 0x6e;
const DECODER = new TextDecoder();

/** Index of `pattern` in `bytes` at or after `from`, or -1. */
export function findBytes(bytes: Uint8Array, pattern: Uint8Array, from: number): number {
  const first = pattern[0];
  const last = bytes.length - pattern.length;
  for (let at = from; at <= last; at++) {
    if (bytes[at] !== first) continue;
    let i = 1;
    while (i < pattern.length && bytes[at + i] === pattern[i]) i++;
    if (i === pattern.length) return at;
  }
  return -1;
}

/** True when `bytes` hold `pattern` at `at`. */
export function bytesAt(bytes: Uint8Array, at: number, pattern: Uint8Array): boolean {
  if (at + pattern.length > bytes.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    if (bytes[at + i] !== pattern[i]) return false;
  }
  return true;
}

/** True when the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(bytes: Uint8Array, at: number): boolean {
  let run = 0;
  for (let i = at - 1; i >= 0 && bytes[i] === BACKSLASH; i--) run++;
  return run % 2 === 1;
}

/** Index of the closing quote of the string whose opening quote is at `at`, or -1. */
export function stringEnd(bytes: Uint8Array, at: number): number {
  // Most strings are short: a loop beats a native call; long ones take `indexOf`.
  const stop = Math.min(bytes.length, at + 64);
  for (let i = at + 1; i < stop; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) return i;
    if (byte === BACKSLASH) i++;
  }
  if (stop === bytes.length) return -1;
  let quote = bytes.indexOf(QUOTE, at + 1);
  while (quote >= 0 && escaped(bytes, quote)) quote = bytes.indexOf(QUOTE, quote + 1);
  return quote;
}

/**
 * Index just after the compact JSON value starting at `at`, or -1 (a scalar ends at the `,`,
 * `}` or `]` after it).
 */
export function valueEnd(bytes: Uint8Array, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) {
    const end = stringEnd(bytes, at);
    return end < 0 ? -1 : end + 1;
  }
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let i = at; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === QUOTE) {
        i = stringEnd(bytes, i);
        if (i < 0) return -1;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth++;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  for (let i = at; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET) return i;
  }
  return -1;
}

/** A member of a JSON object: the key (decoded) and where its value lies. */
export interface Member {
  key: string;
  start: number;
  end: number;
}

/**
 * The last characters of the string value `member` (at least `minChars` of them when the
 * string is that long), decoding only its end. It starts right after an escaped newline,
 * which is a safe place to cut; `null` when it finds none close enough to the end.
 */
export function stringTail(bytes: Uint8Array, member: Member, minChars: number): string | null {
  const open = member.start;
  const close = member.end - 1;
  if (bytes[open] !== QUOTE || bytes[close] !== QUOTE) return null;
  // A character takes at most 6 bytes in JSON (`\u001b`); some slack for the cut.
  const window = minChars * 6 + 64;
  if (close - open <= window) return JSON.parse(DECODER.decode(bytes.subarray(open, close + 1)));
  let at = close - window;
  while (at < close) {
    const slash = bytes.indexOf(BACKSLASH, at);
    if (slash < 0 || slash >= close) return null;
    if (escaped(bytes, slash)) {
      at = slash + 1;
      continue;
    }
    const next = bytes[slash + 1];
    if (next === LETTER_N) {
      const tail = JSON.parse(`"${DECODER.decode(bytes.subarray(slash + 2, close))}"`) as string;
      return tail.length >= minChars ? tail : null;
    }
    at = slash + (next === LETTER_U ? 6 : 2);
  }
  return null;
}

/**
 * Reads a non-negative integer or `null` literal at `at` that a `,` or `}` follows;
 * `undefined` for anything else.
 */
export function readIntOrNullAt(bytes: Uint8Array, at: number): number | null | undefined {
  if (bytes[at] === LETTER_N) {
    return bytes[at + 1] === LETTER_U && bytes[at + 2] === 0x6c && bytes[at + 3] === 0x6c
      ? null
      : undefined;
  }
  let j = at;
  let value = 0;
  while (j < bytes.length && (bytes[j] as number) >= DIGIT_0 && (bytes[j] as number) <= DIGIT_9) {
    value = value * 10 + ((bytes[j] as number) - DIGIT_0);
    j++;
  }
  if (j === at || j - at > 15) return undefined;
  const after = bytes[j];
  return after === COMMA || after === CLOSE_BRACE ? value : undefined;
}

/** True when `bytes` from `start` to `end` hold no escape and no control character. */
function plainSpan(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte === BACKSLASH || byte < 0x20) return false;
  }
  return true;
}

/**
 * The string whose quotes are at `start` and `end - 1`, or `undefined` when those bytes are
 * not a valid JSON string. Plain text is decoded directly; escapes take `JSON.parse`.
 */
export function readStringAt(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start < 2 || bytes[start] !== QUOTE || bytes[end - 1] !== QUOTE) return undefined;
  if (end - start - 2 <= RECENT_MAX_BYTES) {
    const text = recentText(bytes, start + 1, end - 1);
    if (text !== undefined) return text;
  } else if (plainSpan(bytes, start + 1, end - 1)) {
    return DECODER.decode(bytes.subarray(start + 1, end - 1));
  }
  try {
    const value: unknown = JSON.parse(DECODER.decode(bytes.subarray(start, end)));
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when the bytes from `start` to `end` are a valid JSON string, as
 * {@linkcode readStringAt} would read it, without decoding it when it is plain.
 */
export function isStringAt(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start < 2 || bytes[start] !== QUOTE || bytes[end - 1] !== QUOTE) return false;
  return plainSpan(bytes, start + 1, end - 1) || readStringAt(bytes, start, end) !== undefined;
}

/** A non-negative integer of at most 15 digits filling `start` to `end`, or -1. */
function plainInt(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  if (end - start > 1 && bytes[start] === DIGIT_0) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte < DIGIT_0 || byte > DIGIT_9) return -1;
    value = value * 10 + (byte - DIGIT_0);
  }
  return value;
}

/** An array of strings filling `start` to `end`, or `undefined` for any other value. */
function readStringsAt(bytes: Uint8Array, start: number, end: number): string[] | undefined {
  const strings: string[] = [];
  if (bytes[start + 1] === CLOSE_BRACKET) return start + 2 === end ? strings : undefined;
  let at = start + 1;
  while (at < end) {
    const close = bytes[at] === QUOTE ? stringEnd(bytes, at) : -1;
    if (close < 0 || close >= end) return undefined;
    const text = readStringAt(bytes, at, close + 1);
    if (text === undefined) return undefined;
    strings.push(text);
    const after = bytes[close + 1];
    if (after === CLOSE_BRACKET) return close + 2 === end ? strings : undefined;
    if (after !== COMMA) return undefined;
    at = close + 2;
  }
  return undefined;
}

/**
 * The JSON value filling `start` to `end` (a member's value), or `undefined` when the bytes
 * are not valid JSON. Strings, `null`, small integers and arrays of strings are read
 * directly; anything else takes `JSON.parse`.
 */
export function readValueAt(bytes: Uint8Array, start: number, end: number): unknown {
  const first = bytes[start];
  if (first === QUOTE) return readStringAt(bytes, start, end);
  if (first === LETTER_N && end - start === 4 && readIntOrNullAt(bytes, start) === null) {
    return null;
  }
  if (first !== undefined && first >= DIGIT_0 && first <= DIGIT_9) {
    const value = plainInt(bytes, start, end);
    if (value >= 0) return value;
  }
  if (first === OPEN_BRACKET) {
    const strings = readStringsAt(bytes, start, end);
    if (strings !== undefined) return strings;
  }
  try {
    return JSON.parse(DECODER.decode(bytes.subarray(start, end)));
  } catch {
    return undefined;
  }
}

/**
 * Walks the members of a compact object without allocating (one instance serves every line).
 * After {@linkcode MemberCursor.begin}, each {@linkcode MemberCursor.next} that returns true
 * leaves the member's key at `keyStart`..`keyEnd` (without quotes) and its value at
 * `start`..`end`; when it returns false, `closed` is the index after the object's `}`, or
 * -1 when the bytes are not in a shape the cursor reads.
 */
export class MemberCursor {
  keyStart = 0;
  keyEnd = 0;
  start = 0;
  end = 0;
  closed = -1;
  #bytes: Uint8Array = new Uint8Array(0);
  #next = 0;
  #last = false;

  /** Starts at the `{` at `at`; false when there is none. */
  begin(bytes: Uint8Array, at: number): boolean {
    this.#bytes = bytes;
    this.closed = -1;
    this.#last = false;
    if (bytes[at] !== OPEN_BRACE) return false;
    if (bytes[at + 1] === CLOSE_BRACE) {
      this.#last = true;
      this.#next = at + 2;
    } else this.#next = at + 1;
    return true;
  }

  /** Moves to the next member; false after the last one or on an unexpected shape. */
  next(): boolean {
    const bytes = this.#bytes;
    if (this.#last) {
      this.closed = this.#next;
      return false;
    }
    const at = this.#next;
    if (bytes[at] !== QUOTE) return false;
    let keyEnd = at + 1;
    while (keyEnd < bytes.length) {
      const byte = bytes[keyEnd];
      if (byte === QUOTE) break;
      if (byte === BACKSLASH) return false;
      keyEnd++;
    }
    if (bytes[keyEnd + 1] !== COLON) return false;
    const start = keyEnd + 2;
    const end = valueEnd(bytes, start);
    if (end <= start) return false;
    const after = bytes[end];
    if (after === CLOSE_BRACE) this.#last = true;
    else if (after !== COMMA) return false;
    this.keyStart = at + 1;
    this.keyEnd = keyEnd;
    this.start = start;
    this.end = end;
    this.#next = end + 1;
    return true;
  }

  /** True when the current member's key is `key` (its bytes). */
  keyIs(key: Uint8Array): boolean {
    return this.keyEnd - this.keyStart === key.length && bytesAt(this.#bytes, this.keyStart, key);
  }
}
