/**
 * The byte fast path of `tools/call` answers: the shapes 0.47 and 0.153 write, read straight
 * from their bytes into the {@linkcode Answer} parsing would give. Any other shape is left to
 * the parse path.
 *
 * @module
 */

import {
  bytesAt,
  CLOSE_BRACKET,
  COMMA,
  DIGIT_0,
  DIGIT_9,
  MemberCursor,
  MINUS,
  OPEN_BRACKET,
  QUOTE,
  readStringAt,
  readValueAt,
  stringEnd,
} from "../../bytes/mod.ts";
import type { JsonObject, RequestId } from "../../model/mod.ts";
import { type Answer, answerOf, isRequestId } from "./json_rpc.ts";

const encoder = new TextEncoder();
// A tools/call answer as 0.47 writes it: `{"id":N,"jsonrpc":"2.0","result":{"content":[{"text":"…","type":"text"}]}}`.
/** The start of an answer in the shape 0.47 writes. */
export const RESULT_START = encoder.encode('{"id":');
const RESULT_CONTENT = encoder.encode(',"jsonrpc":"2.0","result":{"content":[');
const TEXT_PART_START = encoder.encode('{"text":');
const TEXT_PART_END = encoder.encode(',"type":"text"}');
const RESULT_END = encoder.encode("]}}");
// A tools/call answer as 0.153 writes it: `{"jsonrpc":"2.0","id":N,"result":{"structuredContent":…,"content":[…]}}`.
/** The start of an answer in the shape 0.153 writes. */
export const RPC_ID_START = encoder.encode('{"jsonrpc":"2.0","id":');
const ID_KEY = encoder.encode("id");
const JSONRPC_KEY = encoder.encode("jsonrpc");
const RESULT_KEY = encoder.encode("result");
const CONTENT_KEY = encoder.encode("content");

/** A member read from bytes, with its key's bytes. */
interface Field {
  name: string;
  key: Uint8Array;
}

function fields(...names: string[]): readonly Field[] {
  return names.map((name) => ({ name, key: encoder.encode(name) }));
}

/** Members of a `tools/call` result read from bytes (a result with any other is parsed). */
const RESULT_FIELDS = fields("content", "structuredContent", "isError", "error");
/** Members of content parts and of `structuredContent` read from bytes (others: parsed). */
const PART_FIELDS = fields("type", "text", "threadId", "content");

/** An answer read from bytes, and the request id it answers. */
export interface ByteAnswer {
  id: RequestId;
  answer: Answer;
}

/** The request id after `{"id":` (a plain integer or plain string), or `null`. */
function readResultId(bytes: Uint8Array, at: number): { id: RequestId; end: number } | null {
  if (bytes[at] === QUOTE) {
    const close = stringEnd(bytes, at);
    if (close < 0) return null;
    const id = readStringAt(bytes, at, close + 1);
    return id === undefined ? null : { id, end: close + 1 };
  }
  const negative = bytes[at] === MINUS;
  const start = negative ? at + 1 : at;
  let end = start;
  let value = 0;
  while (end < bytes.length && end - start <= 15) {
    const byte = bytes[end] as number;
    if (byte < DIGIT_0 || byte > DIGIT_9) break;
    value = value * 10 + (byte - DIGIT_0);
    end++;
  }
  const digits = end - start;
  if (digits === 0 || digits > 15 || (digits > 1 && bytes[start] === DIGIT_0)) return null;
  return { id: negative ? -value : value, end };
}

/**
 * A `tools/call` answer in the exact shape 0.47 writes (the line starts with
 * {@linkcode RESULT_START} and is complete JSON), or null.
 */
export function readPlainAnswer(bytes: Uint8Array): ByteAnswer | null {
  const read = readResultId(bytes, RESULT_START.length);
  if (read === null || !bytesAt(bytes, read.end, RESULT_CONTENT)) return null;
  let at = read.end + RESULT_CONTENT.length;
  let text: string | null = null;
  if (bytes[at] !== CLOSE_BRACKET) {
    while (true) {
      if (!bytesAt(bytes, at, TEXT_PART_START)) return null;
      const open = at + TEXT_PART_START.length;
      const close = bytes[open] === QUOTE ? stringEnd(bytes, open) : -1;
      if (close < 0) return null;
      const part = readStringAt(bytes, open, close + 1);
      if (part === undefined || !bytesAt(bytes, close + 1, TEXT_PART_END)) return null;
      text = text === null ? part : `${text}\n${part}`;
      at = close + 1 + TEXT_PART_END.length;
      if (bytes[at] === CLOSE_BRACKET) break;
      if (bytes[at] !== COMMA) return null;
      at++;
    }
  }
  if (at + RESULT_END.length !== bytes.length || !bytesAt(bytes, at, RESULT_END)) return null;
  return {
    id: read.id,
    answer: { toolResult: true, failed: false, text, error: null, threadId: null },
  };
}

/** Reads answers whose result object holds only members of {@linkcode RESULT_FIELDS}. */
export class ResultObjectReader {
  #lineCursor = new MemberCursor();
  #cursor = new MemberCursor();
  #partCursor = new MemberCursor();
  /** Where the object {@linkcode ResultObjectReader.#readSmallObject} read last ended, or -1. */
  #partEnd = -1;

  /**
   * A response with a result object holding only `content`, `structuredContent`, `isError`
   * and `error` (the line is complete JSON), read from its bytes into the answer parsing
   * would give; null for any other line.
   */
  read(bytes: Uint8Array): ByteAnswer | null {
    const line = this.#lineCursor;
    if (!line.begin(bytes, 0)) return null;
    let id: unknown = undefined;
    let resultStart = -1;
    let resultEnd = -1;
    while (line.next()) {
      if (line.keyIs(ID_KEY)) id = readValueAt(bytes, line.start, line.end);
      else if (line.keyIs(RESULT_KEY)) {
        resultStart = line.start;
        resultEnd = line.end;
      } else if (
        !line.keyIs(JSONRPC_KEY) || readValueAt(bytes, line.start, line.end) === undefined
      ) {
        return null;
      }
    }
    if (line.closed !== bytes.length || !isRequestId(id) || resultStart < 0) return null;
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, resultStart)) return null;
    const result: JsonObject = {};
    while (cursor.next()) {
      const field = RESULT_FIELDS.find((candidate) => cursor.keyIs(candidate.key));
      if (field === undefined) return null;
      let value: unknown;
      if (cursor.keyIs(CONTENT_KEY)) value = this.#readParts(bytes, cursor.start, cursor.end);
      else {
        value = this.#readSmallObject(bytes, cursor.start, cursor.end);
        // An object read from bytes must fill the member exactly.
        if (this.#partEnd >= 0 && this.#partEnd !== cursor.end) return null;
      }
      if (value === undefined) return null;
      result[field.name] = value;
    }
    if (cursor.closed !== resultEnd) return null;
    return { id, answer: answerOf(result) };
  }

  /** An array of small objects (content parts) from its bytes, or any value by parsing. */
  #readParts(bytes: Uint8Array, start: number, end: number): unknown {
    if (bytes[start] !== OPEN_BRACKET) return readValueAt(bytes, start, end);
    const parts: unknown[] = [];
    let at = start + 1;
    if (bytes[at] === CLOSE_BRACKET) return at + 1 === end ? parts : undefined;
    while (at < end) {
      const part = this.#readSmallObject(bytes, at, end);
      if (part === undefined || this.#partEnd < 0) return readValueAt(bytes, start, end);
      parts.push(part);
      at = this.#partEnd;
      if (bytes[at] === CLOSE_BRACKET) return at + 1 === end ? parts : undefined;
      if (bytes[at] !== COMMA) return undefined;
      at++;
    }
    return undefined;
  }

  /**
   * The object at `start` when it holds only members of {@linkcode PART_FIELDS} (then
   * `#partEnd` is where it ended); any other value up to `end` by parsing.
   */
  #readSmallObject(bytes: Uint8Array, start: number, end: number): unknown {
    this.#partEnd = -1;
    const cursor = this.#partCursor;
    if (!cursor.begin(bytes, start)) return readValueAt(bytes, start, end);
    const object: JsonObject = {};
    while (cursor.next()) {
      const field = PART_FIELDS.find((candidate) => cursor.keyIs(candidate.key));
      const value = field === undefined ? undefined : readValueAt(bytes, cursor.start, cursor.end);
      if (field === undefined || value === undefined) return readValueAt(bytes, start, end);
      object[field.name] = value;
    }
    if (cursor.closed < 0) return readValueAt(bytes, start, end);
    this.#partEnd = cursor.closed;
    return object;
  }
}
