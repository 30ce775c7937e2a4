/**
 * Reading parts of a compact JSON line from its bytes, for the lines whose full parse would
 * cost most (token counts are frequent, command ends can be megabytes). Every reader returns
 * `null` when the bytes are not in the expected shape, and the caller then parses the line.
 */

import type { TokenUsage } from "../model/types.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const LETTER_N = 0x6e;
const LETTER_U = 0x75;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DECODER = new TextDecoder();

/** Decodes a short slice; plain ASCII without the cost of a TextDecoder call. */
function decodeShort(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 64) return DECODER.decode(bytes.subarray(start, end));
  let text = "";
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte > 0x7f) return DECODER.decode(bytes.subarray(start, end));
    text += String.fromCharCode(byte);
  }
  return text;
}

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
  let quote = bytes.indexOf(QUOTE, at + 1);
  while (quote >= 0 && escaped(bytes, quote)) quote = bytes.indexOf(QUOTE, quote + 1);
  return quote;
}

/** Index just after the value starting at `at`, or -1. */
function valueEnd(bytes: Uint8Array, at: number): number {
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

/** The members of the compact object starting at `at` (`{`), or `null`. */
export function objectMembers(bytes: Uint8Array, at: number): Member[] | null {
  if (bytes[at] !== OPEN_BRACE) return null;
  const members: Member[] = [];
  let i = at + 1;
  if (bytes[i] === CLOSE_BRACE) return members;
  while (i < bytes.length) {
    if (bytes[i] !== QUOTE) return null;
    const keyEnd = stringEnd(bytes, i);
    if (keyEnd < 0 || bytes[keyEnd + 1] !== COLON) return null;
    const key = decodeShort(bytes, i + 1, keyEnd);
    const start = keyEnd + 2;
    const end = valueEnd(bytes, start);
    if (end < 0) return null;
    members.push({ key, start, end });
    if (bytes[end] === CLOSE_BRACE) return members;
    if (bytes[end] !== COMMA) return null;
    i = end + 1;
  }
  return null;
}

/** Parses the value bytes of `member`. */
export function parseMember(bytes: Uint8Array, member: Member): unknown {
  return JSON.parse(DECODER.decode(bytes.subarray(member.start, member.end)));
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

const encoder = new TextEncoder();
/** Usage keys in Codex's names, in the order of {@linkcode usageField}'s results. */
const USAGE_KEYS: readonly Uint8Array[] = [
  encoder.encode("input_tokens"),
  encoder.encode("cached_input_tokens"),
  encoder.encode("output_tokens"),
  encoder.encode("reasoning_output_tokens"),
  encoder.encode("total_tokens"),
];

/** Which usage key the bytes hold: 0 to 4, or -1 for another key. */
function usageField(bytes: Uint8Array, start: number, end: number): number {
  for (let field = 0; field < USAGE_KEYS.length; field++) {
    const key = USAGE_KEYS[field] as Uint8Array;
    if (key.length === end - start && bytesAt(bytes, start, key)) return field;
  }
  return -1;
}

/**
 * Reads the flat object of integers at `at` (`{"input_tokens":1,...}`) as usage (unknown
 * keys such as `cache_write_input_tokens` ignored) and where it ends, or `null`.
 */
export function readUsageAt(
  bytes: Uint8Array,
  at: number,
): { usage: TokenUsage; end: number } | null {
  if (bytes[at] !== OPEN_BRACE) return null;
  let input = 0;
  let cachedInput = 0;
  let output = 0;
  let reasoningOutput = 0;
  let total = -1;
  let i = at + 1;
  while (i < bytes.length) {
    if (bytes[i] !== QUOTE) return null;
    // Keys are short: a loop beats a native indexOf call here.
    let keyEnd = i + 1;
    while (keyEnd < bytes.length && bytes[keyEnd] !== QUOTE) keyEnd++;
    if (bytes[keyEnd + 1] !== COLON) return null;
    const field = usageField(bytes, i + 1, keyEnd);
    let j = keyEnd + 2;
    let value = 0;
    const digits = j;
    while (j < bytes.length && (bytes[j] as number) >= DIGIT_0 && (bytes[j] as number) <= DIGIT_9) {
      value = value * 10 + ((bytes[j] as number) - DIGIT_0);
      j++;
    }
    if (j === digits || j - digits > 15) return null;
    if (field === 0) input = value;
    else if (field === 1) cachedInput = value;
    else if (field === 2) output = value;
    else if (field === 3) reasoningOutput = value;
    else if (field === 4) total = value;
    if (bytes[j] === CLOSE_BRACE) {
      if (total < 0) total = input + output;
      return { usage: { input, cachedInput, output, reasoningOutput, total }, end: j + 1 };
    }
    if (bytes[j] !== COMMA) return null;
    i = j + 1;
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
