/**
 * The byte fast path of mcp-server event lines: an event whose header was read is decoded
 * straight from its bytes by the reader the event vocabulary names for its type
 * (`byteReadings`), into what parsing the line would give `applyEvent`. A line in any shape a
 * reader does not take exactly is left to the parse path.
 *
 * @module
 */

import {
  bytesAt,
  isStringAt,
  MemberCursor,
  QUOTE,
  readIntOrNullAt,
  readValueAt,
  stringEnd,
  stringTail,
} from "../../bytes/mod.ts";
import {
  type ByteReading,
  byteReadings,
  type TextPiece,
  type TokenTotals,
} from "../../events/mod.ts";
import type { JsonObject, TokenUsage } from "../../model/mod.ts";
import type { EventHeaderReader } from "./event_header.ts";
import { readUsageAt, usageEndAt } from "./usage_bytes.ts";

const encoder = new TextEncoder();
const TYPE_KEY = encoder.encode("type");
const LINE_END = encoder.encode("}}");
const ID_TAIL = encoder.encode(',"id":"');

/**
 * What an event line read from its bytes holds (the reader's fields hold the values, so the
 * most frequent lines allocate nothing beyond them).
 */
export type ByteEvent =
  | typeof PARSE_LINE
  | typeof MSG
  | typeof TOTALS
  | typeof CALL_USAGE
  | typeof TEXT_PIECE;
/** Not read: the line must be parsed. */
export const PARSE_LINE = 0;
/** {@linkcode EventByteReader.msg}: the members `applyEvent` reads, as parsing would give them. */
export const MSG = 1;
/** {@linkcode EventByteReader.totals}: a usage record, or null when the line holds none. */
export const TOTALS = 2;
/** {@linkcode EventByteReader.usage}: one model call's usage. */
export const CALL_USAGE = 3;
/** {@linkcode EventByteReader.piece}: a piece of streamed text (a delta). */
export const TEXT_PIECE = 4;

/** A member of an event a reader decodes, with its key's bytes. */
interface EventField {
  name: string;
  key: Uint8Array;
}

/** A {@linkcode ByteReading} with the byte patterns it matches. */
type Reader =
  | { reader: "members"; fields: readonly EventField[] }
  | {
    reader: "usage_totals";
    infoNull: Uint8Array;
    total: Uint8Array;
    last: Uint8Array;
    window: Uint8Array;
  }
  | { reader: "usage_after_id"; id: Uint8Array; usage: Uint8Array }
  | { reader: "output_tail"; fields: readonly EventField[]; output: EventField }
  | { reader: "text_piece"; text: Uint8Array; item: Uint8Array; index: Uint8Array };

function eventFields(names: readonly string[]): readonly EventField[] {
  return names.map((name) => ({ name, key: encoder.encode(name) }));
}

/** The byte patterns of `reading`, built from the member names the vocabulary gives. */
function compile(reading: ByteReading): Reader {
  switch (reading.reader) {
    case "members":
      return { reader: "members", fields: eventFields(reading.fields) };
    case "usage_totals":
      return {
        reader: "usage_totals",
        infoNull: encoder.encode(`,"${reading.info}":null`),
        total: encoder.encode(`,"${reading.info}":{"${reading.total}":`),
        last: encoder.encode(`,"${reading.last}":`),
        window: encoder.encode(`,"${reading.contextWindow}":`),
      };
    case "usage_after_id":
      return {
        reader: "usage_after_id",
        id: encoder.encode(`,"${reading.id}":"`),
        usage: encoder.encode(`,"${reading.usage}":`),
      };
    case "output_tail":
      return {
        reader: "output_tail",
        fields: eventFields(reading.fields),
        output: { name: reading.output, key: encoder.encode(reading.output) },
      };
    case "text_piece":
      return {
        reader: "text_piece",
        text: encoder.encode(reading.text),
        item: encoder.encode(reading.item),
        index: encoder.encode(reading.index),
      };
  }
}

/** True when the `msg` object ended at `at` and the line ends as an event line does. */
function eventLineEnds(bytes: Uint8Array, at: number): boolean {
  if (at + 2 === bytes.length) return bytesAt(bytes, at, LINE_END);
  if (!bytesAt(bytes, at, ID_TAIL)) return false;
  const close = stringEnd(bytes, at + ID_TAIL.length - 1);
  return close + 3 === bytes.length && bytesAt(bytes, close + 1, LINE_END) &&
    isStringAt(bytes, at + ID_TAIL.length - 1, close + 1);
}

/**
 * Decodes the member at `cursor` into `msg` when `fields` names it (others are skipped); false
 * when its value is not one the byte readers take.
 */
function readMember(
  bytes: Uint8Array,
  cursor: MemberCursor,
  fields: readonly EventField[],
  msg: JsonObject,
): boolean {
  for (const field of fields) {
    if (!cursor.keyIs(field.key)) continue;
    const value = readValueAt(bytes, cursor.start, cursor.end);
    if (value === undefined) return false;
    msg[field.name] = value;
    return true;
  }
  return true;
}

/** Options for {@linkcode EventByteReader}. */
export interface EventByteReaderOptions {
  /** Characters of command output kept (0: none, so the output member is never decoded). */
  commandOutput: number;
  /** The readers by event type (default: the vocabulary's for `detail`). */
  readings?: ReadonlyMap<string, ByteReading>;
}

/** Reads event lines from their bytes; one instance serves every line of a reducer. */
export class EventByteReader {
  #readers: ReadonlyMap<string, Reader>;
  /** The reader per header type id: `null` for none, `undefined` until first asked. */
  #byTypeId: (Reader | null)[] = [];
  #commandOutput: number;
  #cursor = new MemberCursor();
  /** The message of the last line read as {@linkcode MSG}. */
  msg: JsonObject = {};
  /** The totals of the last line read as {@linkcode TOTALS}. */
  totals: TokenTotals | null = null;
  /** The usage of the last line read as {@linkcode CALL_USAGE}. */
  usage: TokenUsage | null = null;
  /** The piece of the last line read as {@linkcode TEXT_PIECE}. */
  piece: TextPiece = { text: "", itemId: null, index: null };

  constructor(detail: "summary" | "full", options: EventByteReaderOptions) {
    const readings = options.readings ?? byteReadings(detail);
    this.#readers = new Map([...readings].map(([type, reading]) => [type, compile(reading)]));
    this.#commandOutput = options.commandOutput;
  }

  /**
   * Reads the event of the line in `bytes` whose header `header` just read: what it holds,
   * or {@linkcode PARSE_LINE} when the line must be parsed (no reader for its type, or a shape the reader does not take). The choice
   * of reader is kept by the header's type id: pass the same header reader every time.
   */
  read(bytes: Uint8Array, header: EventHeaderReader): ByteEvent {
    const reader = this.#readerFor(header);
    if (reader === null) return PARSE_LINE;
    switch (reader.reader) {
      case "members":
        return this.#members(bytes, header, reader.fields);
      case "text_piece":
        return this.#textPiece(bytes, header, reader);
      case "usage_totals":
        return this.#usageTotals(bytes, header.typeEnd, reader);
      case "usage_after_id":
        return this.#usageAfterId(bytes, header, reader);
      case "output_tail":
        return this.#outputTail(bytes, header, reader);
    }
  }

  /** The reader of the header's type, found once per type id. */
  #readerFor(header: EventHeaderReader): Reader | null {
    const id = header.eventType.id;
    let reader = this.#byTypeId[id];
    if (reader === undefined) {
      reader = this.#readers.get(header.type) ?? null;
      this.#byTypeId[id] = reader;
    }
    return reader;
  }

  /**
   * True when the line in `bytes` (its header just read) is a usage record that
   * {@linkcode read} takes with every fact in it: the total, the last call's usage and a
   * context window. Such a record replaces all the last-wins facts of the one before it, so
   * only the latest of a run needs decoding; nothing is decoded here.
   */
  replacesTotals(bytes: Uint8Array, header: EventHeaderReader): boolean {
    const keys = this.#readerFor(header);
    if (keys === null || keys.reader !== "usage_totals") return false;
    const at = header.typeEnd;
    if (!bytesAt(bytes, at, keys.total)) return false;
    const totalEnd = usageEndAt(bytes, at + keys.total.length);
    if (totalEnd < 0 || !bytesAt(bytes, totalEnd, keys.last)) return false;
    const lastEnd = usageEndAt(bytes, totalEnd + keys.last.length);
    if (lastEnd < 0 || !bytesAt(bytes, lastEnd, keys.window)) return false;
    return typeof readIntOrNullAt(bytes, lastEnd + keys.window.length) === "number";
  }

  /**
   * True when {@linkcode read} takes the line in `bytes` (its header just read, the line
   * complete JSON) with its `members` reader: the same walk, without decoding any value.
   */
  takesMembers(bytes: Uint8Array, header: EventHeaderReader): boolean {
    const reader = this.#readerFor(header);
    if (reader === null || reader.reader !== "members") return false;
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, header.msgStart) || !cursor.next()) return false;
    while (cursor.next()) if (cursor.keyIs(TYPE_KEY)) return false;
    return cursor.closed >= 0 && eventLineEnds(bytes, cursor.closed);
  }

  /**
   * The message of a line {@linkcode takesMembers} accepted, read from a copy of its bytes
   * whose msg object starts at `msgStart`, with the reader of the type `type`; `null` when a
   * value is not read from bytes after all (then the line is parsed).
   */
  msgAt(bytes: Uint8Array, at: { type: string; msgStart: number }): JsonObject | null {
    const reader = this.#readers.get(at.type);
    if (reader?.reader !== "members") return null;
    return this.#members(bytes, at, reader.fields) === MSG ? this.msg : null;
  }

  /**
   * The totals of a line {@linkcode replacesTotals} accepted, read from a copy of its bytes
   * where its type ended at `typeEnd`, with the reader of the type `type`.
   */
  totalsAt(bytes: Uint8Array, at: { type: string; typeEnd: number }): TokenTotals {
    const keys = this.#readers.get(at.type);
    if (keys?.reader !== "usage_totals" || this.#usageTotals(bytes, at.typeEnd, keys) !== TOTALS) {
      throw new Error(`Cannot read the deferred ${at.type} line again`);
    }
    return this.totals as TokenTotals;
  }

  /**
   * Only the `fields` the type needs are decoded, into a message `applyEvent` handles as if
   * the line had been parsed.
   */
  #members(
    bytes: Uint8Array,
    at: { readonly type: string; readonly msgStart: number },
    fields: readonly EventField[],
  ): ByteEvent {
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, at.msgStart) || !cursor.next()) return PARSE_LINE;
    // The first member is the type the header read; a second `type` would override it.
    const msg: JsonObject = { type: at.type };
    while (cursor.next()) {
      if (cursor.keyIs(TYPE_KEY)) return PARSE_LINE;
      if (!readMember(bytes, cursor, fields, msg)) return PARSE_LINE;
    }
    if (cursor.closed < 0 || !eventLineEnds(bytes, cursor.closed)) return PARSE_LINE;
    this.msg = msg;
    return MSG;
  }

  /**
   * A piece of streamed text: its members read as `applyEvent` reads them from a parsed
   * line (a later member of a name wins, as in a parse), without building a message.
   */
  #textPiece(
    bytes: Uint8Array,
    header: EventHeaderReader,
    keys: Extract<Reader, { reader: "text_piece" }>,
  ): ByteEvent {
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, header.msgStart) || !cursor.next()) return PARSE_LINE;
    let text = "";
    let itemId: string | null = null;
    let index: number | null = null;
    while (cursor.next()) {
      if (cursor.keyIs(TYPE_KEY)) return PARSE_LINE;
      const { start, end } = cursor;
      if (cursor.keyIs(keys.text)) {
        const value = readValueAt(bytes, start, end);
        if (value === undefined) return PARSE_LINE;
        text = typeof value === "string" ? value : "";
      } else if (cursor.keyIs(keys.item) || cursor.keyIs(keys.index)) {
        const value = readValueAt(bytes, start, end);
        if (value === undefined) return PARSE_LINE;
        if (cursor.keyIs(keys.item)) itemId = typeof value === "string" ? value : null;
        else index = typeof value === "number" && Number.isFinite(value) ? value : null;
      }
    }
    if (cursor.closed < 0 || !eventLineEnds(bytes, cursor.closed)) return PARSE_LINE;
    const piece = this.piece;
    piece.text = text;
    piece.itemId = itemId;
    piece.index = index;
    return TEXT_PIECE;
  }

  /** A usage record in its fixed shape (the most frequent event the summary needs), its type ending at `at`. */
  #usageTotals(
    bytes: Uint8Array,
    at: number,
    keys: Extract<Reader, { reader: "usage_totals" }>,
  ): ByteEvent {
    if (bytesAt(bytes, at, keys.infoNull)) {
      this.totals = null;
      return TOTALS;
    }
    if (!bytesAt(bytes, at, keys.total)) return PARSE_LINE;
    const total = readUsageAt(bytes, at + keys.total.length);
    if (total === null || !bytesAt(bytes, total.end, keys.last)) return PARSE_LINE;
    const last = readUsageAt(bytes, total.end + keys.last.length);
    if (last === null || !bytesAt(bytes, last.end, keys.window)) return PARSE_LINE;
    const contextWindow = readIntOrNullAt(bytes, last.end + keys.window.length);
    if (contextWindow === undefined) return PARSE_LINE;
    this.totals = { total: total.usage, last: last.usage, contextWindow };
    return TOTALS;
  }

  /** A usage object after a string id: only the usage matters. */
  #usageAfterId(
    bytes: Uint8Array,
    header: EventHeaderReader,
    keys: Extract<Reader, { reader: "usage_after_id" }>,
  ): ByteEvent {
    if (!header.followedBy(bytes, keys.id)) return PARSE_LINE;
    const idEnd = stringEnd(bytes, header.typeEnd + keys.id.length - 1);
    if (idEnd < 0 || !bytesAt(bytes, idEnd + 1, keys.usage)) return PARSE_LINE;
    const usage = readUsageAt(bytes, idEnd + 1 + keys.usage.length);
    if (usage === null) return PARSE_LINE;
    this.usage = usage.usage;
    return CALL_USAGE;
  }

  /**
   * An event with only the tail of its output decoded (big lines), or none of it when no
   * output excerpt is kept (then only whether there was output matters).
   */
  #outputTail(
    bytes: Uint8Array,
    header: EventHeaderReader,
    reader: Extract<Reader, { reader: "output_tail" }>,
  ): ByteEvent {
    const cursor = this.#cursor;
    if (!cursor.begin(bytes, header.msgStart)) return PARSE_LINE;
    const maxOutput = this.#commandOutput;
    const msg: JsonObject = {};
    let output: string | null = null;
    try {
      while (cursor.next()) {
        if (cursor.keyIs(reader.output.key)) {
          const member = { key: reader.output.name, start: cursor.start, end: cursor.end };
          if (maxOutput > 0) output = stringTail(bytes, member, maxOutput);
          else if (bytes[member.start] === QUOTE) {
            // Clipped to nothing anyway: "" stays "", any other text becomes the clip mark.
            output = member.end - member.start === 2 ? "" : " ";
          }
          continue;
        }
        if (!readMember(bytes, cursor, reader.fields, msg)) return PARSE_LINE;
      }
    } catch {
      return PARSE_LINE;
    }
    if (cursor.closed < 0 || !eventLineEnds(bytes, cursor.closed)) return PARSE_LINE;
    if (output === null || msg.type !== header.type) return PARSE_LINE;
    msg[reader.output.name] = output;
    this.msg = msg;
    return MSG;
  }
}
