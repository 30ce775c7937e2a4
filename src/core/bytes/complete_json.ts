/**
 * Whether a line's bytes are one complete JSON value, exactly as `JSON.parse` of their
 * (non-fatal) UTF-8 decoding would say. The byte fast paths read only parts of a line; this
 * check keeps them from counting a line the parse path rejects, so every view agrees.
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
  MINUS,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
} from "./byte_codes.ts";

const PLUS = 0x2b;
const DOT = 0x2e;
const LETTER_E = 0x65;
const UPPER_E = 0x45;
const BOM = [0xef, 0xbb, 0xbf];
const LITERALS = ["true", "false", "null"].map((word) => new TextEncoder().encode(word));
/** Characters allowed after a backslash, besides `u`. */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/** 1 for bytes a string holds as they are: not a quote, backslash or control character. */
const PLAIN = new Uint8Array(256).map((_, byte) =>
  byte >= SPACE && byte !== QUOTE && byte !== BACKSLASH ? 1 : 0
);

/** Containers open at once before the stack grows (it grows without limit, like `JSON.parse`). */
const INITIAL_DEPTH = 64;
let stack = new Uint8Array(INITIAL_DEPTH);

function isSpace(byte: number): boolean {
  return byte === SPACE || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9;
}

function isHex(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  const lower = byte | 0x20;
  return (byte >= DIGIT_0 && byte <= DIGIT_9) || (lower >= 0x61 && lower <= 0x66);
}

/** Index just after the string whose opening quote is at `at`, or -1 when it is not valid. */
function stringEnd(bytes: Uint8Array, at: number, end: number): number {
  let i = at + 1;
  while (i < end) {
    // Most bytes of a line are plain string text: one table look-up each.
    while (i < end && PLAIN[bytes[i] as number] === 1) i++;
    if (i >= end) return -1;
    const byte = bytes[i] as number;
    if (byte === QUOTE) return i + 1;
    if (byte === BACKSLASH) {
      const next = bytes[i + 1] as number;
      if (next === LETTER_U) {
        if (!isHex(bytes[i + 2]) || !isHex(bytes[i + 3]) || !isHex(bytes[i + 4])) return -1;
        if (!isHex(bytes[i + 5]) || i + 6 > end) return -1;
        i += 6;
      } else if (SIMPLE_ESCAPES.has(next) && i + 2 <= end) i += 2;
      else return -1;
    } else if (byte < SPACE) return -1;
    else i++;
  }
  return -1;
}

/** Index just after the number at `at`, or -1 when it is not valid. */
function numberEnd(bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  if (bytes[i] === MINUS) i++;
  if (i >= end) return -1;
  if (bytes[i] === DIGIT_0) i++;
  else if (isDigit(bytes[i])) { while (i < end && isDigit(bytes[i])) i++; }
  else return -1;
  if (i < end && bytes[i] === DOT) {
    i++;
    if (i >= end || !isDigit(bytes[i])) return -1;
    while (i < end && isDigit(bytes[i])) i++;
  }
  if (i < end && (bytes[i] === LETTER_E || bytes[i] === UPPER_E)) {
    i++;
    if (i < end && (bytes[i] === PLUS || bytes[i] === MINUS)) i++;
    if (i >= end || !isDigit(bytes[i])) return -1;
    while (i < end && isDigit(bytes[i])) i++;
  }
  return i;
}

/** Index just after the scalar (string, number, literal) at `at`, or -1. */
function scalarEnd(bytes: Uint8Array, at: number, end: number): number {
  const byte = bytes[at] as number;
  if (byte === QUOTE) return stringEnd(bytes, at, end);
  if (byte === MINUS || isDigit(byte)) return numberEnd(bytes, at, end);
  for (const word of LITERALS) {
    if (byte !== word[0] || at + word.length > end) continue;
    for (let k = 1; k < word.length; k++) if (bytes[at + k] !== word[k]) return -1;
    return at + word.length;
  }
  return -1;
}

function skipSpace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && isSpace(bytes[at] as number)) at++;
  return at;
}

/**
 * True when `bytes[start, end)` hold exactly one JSON value (blanks around it allowed, and
 * a leading byte order mark, which decoding drops), as `JSON.parse` would accept it.
 */
export function isCompleteJson(bytes: Uint8Array, start = 0, end: number = bytes.length): boolean {
  let at = start;
  if (bytes[at] === BOM[0] && bytes[at + 1] === BOM[1] && bytes[at + 2] === BOM[2]) at += 3;
  let depth = 0;
  // Each step reads a value where one is expected, then what may follow it.
  at = skipSpace(bytes, at, end);
  for (;;) {
    if (at >= end) return false;
    const byte = bytes[at] as number;
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (depth === stack.length) {
        const grown = new Uint8Array(stack.length * 2);
        grown.set(stack);
        stack = grown;
      }
      stack[depth++] = byte;
      at = skipSpace(bytes, at + 1, end);
      const close = byte === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      if (at < end && bytes[at] === close) {
        depth--;
        at++;
      } else {
        if (byte === OPEN_BRACE) {
          at = memberKey(bytes, at, end);
          if (at < 0) return false;
        }
        continue;
      }
    } else {
      at = scalarEnd(bytes, at, end);
      if (at < 0) return false;
    }
    // After a value: close containers, or go on to the next member or element.
    for (;;) {
      at = skipSpace(bytes, at, end);
      if (depth === 0) return at === end;
      if (at >= end) return false;
      const next = bytes[at] as number;
      const open = stack[depth - 1];
      if (next === COMMA) {
        at = skipSpace(bytes, at + 1, end);
        if (open === OPEN_BRACE) {
          at = memberKey(bytes, at, end);
          if (at < 0) return false;
        }
        break;
      }
      if (next !== (open === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) return false;
      depth--;
      at++;
    }
  }
}

/** Reads `"key":` at `at` and the blanks after it; the index of the value, or -1. */
function memberKey(bytes: Uint8Array, at: number, end: number): number {
  if (at >= end || bytes[at] !== QUOTE) return -1;
  at = stringEnd(bytes, at, end);
  if (at < 0) return -1;
  at = skipSpace(bytes, at, end);
  if (at >= end || bytes[at] !== COLON) return -1;
  return skipSpace(bytes, at + 1, end);
}
