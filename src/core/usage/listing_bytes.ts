/**
 * The byte fast path of a listing: the members of a rollout line that the event vocabulary's
 * `listingReading` names for its kind, read straight from the line's bytes into the object
 * `JSON.parse` would give for those members. A line whose bytes are not complete JSON gives
 * `null`, as parsing it would; a line in any shape the reader does not take exactly is left
 * to `JSON.parse`.
 *
 * @module
 */

import {
  BACKSLASH,
  CLOSE_BRACE,
  COLON,
  COMMA,
  DIGIT_0,
  DIGIT_9,
  OPEN_BRACE,
  QUOTE,
  readValueAt,
  valueEnd,
} from "../bytes/mod.ts";
import { type ListingReading, listingReading } from "../events/mod.ts";
import type { JsonObject } from "../model/mod.ts";
import { type LineKind, readLineStart } from "./rollout_facts.ts";

/** True when a line's bytes are one complete JSON value, exactly as `JSON.parse` would say. */
export type CompleteCheck = (line: Uint8Array) => boolean;

const encoder = new TextEncoder();

/** A member a reading decodes, with its key's bytes; `children` names what of an object. */
interface MemberNode {
  name: string;
  key: Uint8Array;
  /** `null`: the whole value. */
  children: MemberNode[] | null;
}

/** The payload members of `reading`, as a tree (`a.b` is member `b` of object `a`). */
function compile(members: readonly string[]): MemberNode[] {
  const roots: MemberNode[] = [];
  for (const path of ["type", ...members]) {
    let nodes = roots;
    const names = path.split(".");
    names.forEach((name, index) => {
      const last = index === names.length - 1;
      let node = nodes.find((known) => known.name === name);
      if (node === undefined) {
        node = { name, key: encoder.encode(name), children: last ? null : [] };
        nodes.push(node);
      } else if (last) node.children = null;
      if (node.children !== null) nodes = node.children;
    });
  }
  return roots;
}

const compiled = new Map<ListingReading, MemberNode[]>();

function membersOf(reading: ListingReading, members: readonly string[]): MemberNode[] {
  let nodes = compiled.get(reading);
  if (nodes === undefined) {
    nodes = compile(members);
    compiled.set(reading, nodes);
  }
  return nodes;
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The node of `nodes` whose key is `bytes[start, end)`. */
function nodeAt(
  nodes: readonly MemberNode[],
  bytes: Uint8Array,
  start: number,
  end: number,
): MemberNode | undefined {
  for (const node of nodes) {
    const key = node.key;
    if (key.length !== end - start) continue;
    let i = 0;
    while (i < key.length && key[i] === bytes[start + i]) i++;
    if (i === key.length) return node;
  }
  return undefined;
}

/**
 * Reads the members `nodes` names of the compact object at `open` into `into`, in one pass
 * (an object named for some of its members is read as it is walked). Returns the index just
 * after the object, or -1 when the bytes are in another shape.
 */
function readObject(
  bytes: Uint8Array,
  open: number,
  nodes: readonly MemberNode[],
  into: JsonObject,
): number {
  if (bytes[open] !== OPEN_BRACE) return -1;
  let at = open + 1;
  if (bytes[at] === CLOSE_BRACE) return at + 1;
  for (;;) {
    if (bytes[at] !== QUOTE) return -1;
    let keyEnd = at + 1;
    while (keyEnd < bytes.length && bytes[keyEnd] !== QUOTE) {
      if (bytes[keyEnd] === BACKSLASH) return -1;
      keyEnd++;
    }
    if (bytes[keyEnd + 1] !== COLON) return -1;
    const start = keyEnd + 2;
    const first = bytes[start];
    // A value after blanks: where a scalar ends would be a guess.
    if (isSpace(first)) return -1;
    const node = nodeAt(nodes, bytes, at + 1, keyEnd);
    let end: number;
    if (node !== undefined && node.children !== null && first === OPEN_BRACE) {
      const members: JsonObject = {};
      end = readObject(bytes, start, node.children, members);
      // Assigned in file order: a repeated key keeps its last value, as `JSON.parse` does.
      into[node.name] = members;
    } else {
      end = valueEnd(bytes, start);
      if (node !== undefined && end > start) {
        let value: unknown = first === OPEN_BRACE ? readIntsAt(bytes, start, end) : undefined;
        value ??= readValueAt(bytes, start, end);
        if (value === undefined) return -1;
        into[node.name] = value;
      }
    }
    if (end <= start) return -1;
    const after = bytes[end];
    if (after === CLOSE_BRACE) return end + 1;
    if (after !== COMMA) return -1;
    at = end + 1;
  }
}

/** The keys of Codex's token usage objects: the names {@linkcode readIntsAt} reads. */
const USAGE_KEYS: readonly MemberNode[] = [
  "input_tokens",
  "cached_input_tokens",
  "cache_write_input_tokens",
  "output_tokens",
  "reasoning_output_tokens",
  "total_tokens",
].map((name) => ({ name, key: encoder.encode(name), children: null }));

/**
 * The flat object of plain integers filling `bytes[start, end)` under the keys of a token
 * usage, or `undefined` for any other value (then `readValueAt` reads it).
 */
function readIntsAt(bytes: Uint8Array, start: number, end: number): JsonObject | undefined {
  const object: JsonObject = {};
  let at = start + 1;
  if (bytes[at] === CLOSE_BRACE) return at + 1 === end ? object : undefined;
  while (at < end) {
    if (bytes[at] !== QUOTE) return undefined;
    let keyEnd = at + 1;
    while (keyEnd < end && bytes[keyEnd] !== QUOTE) keyEnd++;
    if (bytes[keyEnd + 1] !== COLON) return undefined;
    const key = nodeAt(USAGE_KEYS, bytes, at + 1, keyEnd)?.name;
    if (key === undefined) return undefined;
    const digits = keyEnd + 2;
    let j = digits;
    let value = 0;
    while (j < end && bytes[j]! >= DIGIT_0 && bytes[j]! <= DIGIT_9) {
      value = value * 10 + (bytes[j]! - DIGIT_0);
      j++;
    }
    if (j === digits || j - digits > 15 || (j - digits > 1 && bytes[digits] === DIGIT_0)) {
      return undefined;
    }
    object[key] = value;
    if (bytes[j] === CLOSE_BRACE) return j + 1 === end ? object : undefined;
    if (bytes[j] !== COMMA) return undefined;
    at = j + 1;
  }
  return undefined;
}

/**
 * Reads the line `line` of kind `kind` (from `lineKind`): its `timestamp`, `type` and the
 * payload members the listing reads of this kind, as parsing it would give them; `null` when
 * `complete` says the bytes are no complete JSON (parsing would fail); `undefined` when the
 * line must be parsed (the listing reads nothing of this kind, or another shape).
 */
export function readListingLine(
  line: Uint8Array,
  kind: LineKind,
  complete: CompleteCheck,
): JsonObject | null | undefined {
  const reading = listingReading(kind.type, kind.payloadType);
  if (reading === undefined || reading.members === null) return undefined;
  if (!complete(line)) return null;
  const start = readLineStart(line, line.length);
  if (start === null) return undefined;
  const { timestampOpen, timestampClose, payloadOpen } = start;
  const end = line.length - 1;
  const payload: JsonObject = {};
  const closed = readObject(
    line,
    payloadOpen,
    membersOf(reading, reading.members),
    payload,
  );
  if (closed === end && line[end] === CLOSE_BRACE) {
    // The payload closes the line, so the line holds no other member.
    const timestamp = plainText(line, timestampOpen + 1, timestampClose);
    if (timestamp !== undefined) return { timestamp, type: kind.type, payload };
  }
  // Members after the payload, or an escape in the timestamp.
  return undefined;
}

/**
 * The text of `bytes[start, end)` when it is printable ASCII without quote or backslash (a
 * timestamp as Codex writes it), else `undefined`.
 */
function plainText(bytes: Uint8Array, start: number, end: number): string | undefined {
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte < 0x20 || byte > 0x7e || byte === QUOTE || byte === BACKSLASH) return undefined;
  }
  // One string from the bytes as arguments: cheaper than a decoder call for a few bytes.
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}
