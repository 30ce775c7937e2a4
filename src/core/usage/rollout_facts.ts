/**
 * What a listing needs from a rollout file, gathered from its first lines (the head) and its
 * last lines (the tail, fed newest first), so big files are never read whole.
 *
 * @module
 */

import {
  isObject,
  type JsonObject,
  numberAt,
  objectAt,
  stringAt,
  type TokenUsage,
} from "../model/mod.ts";
import { type ListingFact, type ListingReading, listingReading } from "../events/mod.ts";
import { readTokenUsage } from "../request/mod.ts";
import { type RateLimitWindow, readRateLimits } from "./rate_limits.ts";
import { COMMA, QUOTE } from "../bytes/mod.ts";

/** Facts from the first lines of a rollout. */
export interface HeadFacts {
  /** False when the first line is no `session_meta`: the file is not a rollout. */
  isRollout: boolean;
  id: string | null;
  /** ms since the epoch. */
  startedAt: number | null;
  cwd: string | null;
  cliVersion: string | null;
  /** `cli`, `vscode`, `exec`, `mcp`... (an object source is shown as its first key). */
  source: string | null;
  originator: string | null;
  modelProvider: string | null;
  /** The model of the first turn (`turn_context`). */
  model: string | null;
  /** A later `turn_context` of the lines read names another model than the first. */
  modelChanged: boolean;
  /** The first thing the user typed (not the injected context blocks). */
  firstPrompt: string | null;
  /** `task_started` events seen in the head. */
  turns: number;
}

/** Facts from the last lines of a rollout. */
export interface TailFacts {
  /** Timestamp of the newest line, ms since the epoch. */
  lastActivity: number | null;
  /** The session's last cumulative token count (`info.total_token_usage`). */
  totals: TokenUsage | null;
  /** When that count was written, ms since the epoch. */
  totalsAt: number | null;
  /** Usage of the most recent model request. */
  lastRequest: TokenUsage | null;
  contextWindow: number | null;
  rateLimits: RateLimitWindow[];
  rateLimitsAt: number | null;
  /** The model of the latest turn. */
  model: string | null;
  /** How the latest turn stands. */
  lastTurn: TurnStanding | null;
  /** An approval request newer than the latest turn end. */
  awaitingApproval: boolean;
  /** `task_started` events seen in the tail. */
  turns: number;
}

/** The latest turn's standing, from its last event. */
export type TurnStanding = "open" | "completed" | "failed" | "interrupted";

/** An empty head. */
export function emptyHead(): HeadFacts {
  return {
    isRollout: false,
    id: null,
    startedAt: null,
    cwd: null,
    cliVersion: null,
    source: null,
    originator: null,
    modelProvider: null,
    model: null,
    modelChanged: false,
    firstPrompt: null,
    turns: 0,
  };
}

/** An empty tail. */
export function emptyTail(): TailFacts {
  return {
    lastActivity: null,
    totals: null,
    totalsAt: null,
    lastRequest: null,
    contextWindow: null,
    rateLimits: [],
    rateLimitsAt: null,
    model: null,
    lastTurn: null,
    awaitingApproval: false,
    turns: 0,
  };
}

/** A rollout line's `type` and `payload.type`, read from the start of the line (shared: read only). */
export interface LineKind {
  readonly type: string;
  /** `null` when the payload does not start with a `type` (`session_meta`, `turn_context`). */
  readonly payloadType: string | null;
}

/** Bytes of a line's start that {@linkcode lineKind} reads. */
export const LINE_KIND_PREFIX = 320;

const bytesOf = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const TIMESTAMP_OPEN = bytesOf('{"timestamp":"');
const ORDINAL_OPEN = bytesOf('"ordinal":');
const TYPE_OPEN = bytesOf('"type":"');
const PAYLOAD_OPEN = bytesOf('","payload":{');

/**
 * The kind of a line from its first {@linkcode LINE_KIND_PREFIX} bytes, or `null` when the
 * line does not start the way Codex writes every rollout line,
 * `{"timestamp":"…",["ordinal":N,]"type":"…","payload":{["type":"…"]` (then the caller
 * parses it whole). Read from the bytes, so nothing is decoded for a line nobody wants.
 */
export function lineKind(line: Uint8Array): LineKind | null {
  const layout = readLineStart(line, Math.min(line.length, LINE_KIND_PREFIX));
  if (layout === null) return null;
  const { typeStart, typeEnd, payloadTypeStart, payloadTypeEnd } = layout;
  const payloadType = payloadTypeStart < 0 ? null : ascii(line, payloadTypeStart, payloadTypeEnd);
  return kindOf(ascii(line, typeStart, typeEnd), payloadType);
}

/**
 * Where the parts of a rollout line's start lie (one shared object, valid until the next
 * read): the timestamp's quotes, the type name, the payload's `{` and its type name (start -1
 * when the payload does not start with one).
 */
export interface LineStart {
  timestampOpen: number;
  timestampClose: number;
  typeStart: number;
  typeEnd: number;
  payloadOpen: number;
  payloadTypeStart: number;
  payloadTypeEnd: number;
}

const lineStart: LineStart = {
  timestampOpen: 0,
  timestampClose: 0,
  typeStart: 0,
  typeEnd: 0,
  payloadOpen: 0,
  payloadTypeStart: -1,
  payloadTypeEnd: -1,
};

/**
 * Reads the start of a rollout line within `line[0, end)`, or `null` when it does not start
 * the way Codex writes every rollout line (see {@linkcode lineKind}).
 */
export function readLineStart(line: Uint8Array, end: number): Readonly<LineStart> | null {
  if (!startsWith(line, 0, TIMESTAMP_OPEN, end)) return null;
  let at = TIMESTAMP_OPEN.length;
  while (at < end && line[at] !== QUOTE) at++;
  if (at + 1 >= end || line[at + 1] !== COMMA) return null;
  lineStart.timestampOpen = TIMESTAMP_OPEN.length - 1;
  lineStart.timestampClose = at;
  at += 2;
  if (startsWith(line, at, ORDINAL_OPEN, end)) {
    const digits = at + ORDINAL_OPEN.length;
    const after = nameEnd(line, digits, end, isDigit);
    if (after > digits && after < end && line[after] === COMMA) at = after + 1;
  }
  if (!startsWith(line, at, TYPE_OPEN, end)) return null;
  const typeStart = at + TYPE_OPEN.length;
  const typeEnd = nameEnd(line, typeStart, end, isNameByte);
  if (typeEnd === typeStart || !startsWith(line, typeEnd, PAYLOAD_OPEN, end)) return null;
  lineStart.typeStart = typeStart;
  lineStart.typeEnd = typeEnd;
  at = typeEnd + PAYLOAD_OPEN.length;
  lineStart.payloadOpen = at - 1;
  lineStart.payloadTypeStart = -1;
  lineStart.payloadTypeEnd = -1;
  if (startsWith(line, at, TYPE_OPEN, end)) {
    const start = at + TYPE_OPEN.length;
    const stop = nameEnd(line, start, end, isNameByte);
    if (stop > start && stop < end && line[stop] === QUOTE) {
      lineStart.payloadTypeStart = start;
      lineStart.payloadTypeEnd = stop;
    }
  }
  return lineStart;
}

// The kinds seen so far, by type then payload type: one frozen object per kind, not one per line.
const kinds = new Map<string, Map<string | null, LineKind>>();

function kindOf(type: string, payloadType: string | null): LineKind {
  let byPayload = kinds.get(type);
  if (byPayload === undefined) {
    byPayload = new Map();
    if (kinds.size < MAX_NAMES) kinds.set(type, byPayload);
  }
  let kind = byPayload.get(payloadType);
  if (kind === undefined) {
    kind = Object.freeze({ type, payloadType });
    if (byPayload.size < MAX_NAMES) byPayload.set(payloadType, kind);
  }
  return kind;
}

function startsWith(line: Uint8Array, at: number, text: Uint8Array, end: number): boolean {
  if (at + text.length > end) return false;
  for (let i = 0; i < text.length; i++) {
    if (line[at + i] !== text[i]) return false;
  }
  return true;
}

/** Where the run of bytes that pass `test` from `start` ends (at most `end`). */
function nameEnd(
  line: Uint8Array,
  start: number,
  end: number,
  test: (byte: number) => boolean,
): number {
  let at = start;
  while (at < end && test(line[at]!)) at++;
  return at;
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/** `[A-Za-z_]` */
function isNameByte(byte: number): boolean {
  return (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || byte === 0x5f;
}

// The names seen so far, by length and first and last byte: rollouts use a few dozen, so
// almost every name is found here and no string is made per line.
const names = new Map<number, string[]>();
const MAX_NAMES = 512;
let nameCount = 0;

function ascii(line: Uint8Array, start: number, end: number): string {
  const key = (end - start) * 65536 + line[start]! * 256 + line[end - 1]!;
  const known = names.get(key);
  if (known !== undefined) {
    for (const name of known) {
      if (sameText(name, line, start)) return name;
    }
  }
  // One string from the bytes as arguments: several times cheaper than a spread or a loop.
  const name = String.fromCharCode.apply(null, line.subarray(start, end) as unknown as number[]);
  if (nameCount < MAX_NAMES) {
    nameCount++;
    if (known === undefined) names.set(key, [name]);
    else known.push(name);
  }
  return name;
}

/** True when `line` holds `name`'s characters from `start` (`name` has the right length). */
function sameText(name: string, line: Uint8Array, start: number): boolean {
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) !== line[start + i]) return false;
  }
  return true;
}

/** What the head collector learns from (the first prompt only while it has none). */
const HEAD_FACTS: ReadonlySet<ListingFact> = new Set([
  "turn_model",
  "turn_started",
  "user_message",
  "user_item",
  "user_response",
]);

/** What the tail collector learns from. */
const TAIL_FACTS: ReadonlySet<ListingFact> = new Set([
  "turn_model",
  "token_count",
  "turn_started",
  "turn_completed",
  "turn_aborted",
  "approval_asked",
]);

/** How a listing reads a line of this kind (the event vocabulary's table). */
export function kindReading(kind: LineKind): ListingReading | undefined {
  return listingReading(kind.type, kind.payloadType);
}

/**
 * True when the head collector may learn something from a line of this kind. `prefix` gives
 * the line's start, decoded (asked for messages only): a message whose start shows another role, or injected context (`<tag>`), is
 * skipped without parsing (developer and context messages are many KB each).
 */
export function headWants(head: HeadFacts, kind: LineKind, prefix: () => string): boolean {
  const fact = kindReading(kind)?.fact;
  if (fact === undefined || !HEAD_FACTS.has(fact)) return false;
  // Every turn_context: a model switch decides whether usage may take the session whole.
  if (fact === "turn_model" || fact === "turn_started") return true;
  if (head.firstPrompt !== null) return false;
  if (fact === "user_response") {
    const text = prefix();
    const role = /"role":"([a-z]+)"/.exec(text)?.[1];
    if (role !== undefined && role !== "user") return false;
    return !/"text":"<[a-z_]+>/.test(text);
  }
  return true;
}

/** True when the tail collector may learn something from a line of this kind. */
export function tailWants(kind: LineKind): boolean {
  const fact = kindReading(kind)?.fact;
  return fact !== undefined && TAIL_FACTS.has(fact);
}

/** True when the head has all it looks for but the turn count. */
export function headComplete(head: HeadFacts): boolean {
  return head.model !== null && head.firstPrompt !== null;
}

/** The `timestamp` of a rollout line as ms, or `null`. */
export function lineTime(line: JsonObject): number | null {
  const text = stringAt(line, "timestamp");
  if (text === null) return null;
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : null;
}

/** Adds one head line (in file order; `index` 0 is the first line). */
export function addHeadLine(head: HeadFacts, line: unknown, index: number): void {
  if (!isObject(line)) return;
  const type = stringAt(line, "type");
  const payload = objectAt(line, "payload");
  if (index === 0) {
    if (type !== "session_meta" || payload === null) return;
    head.isRollout = true;
    head.id = stringAt(payload, "id") ?? stringAt(payload, "session_id");
    const started = stringAt(payload, "timestamp");
    head.startedAt = started !== null && Number.isFinite(Date.parse(started))
      ? Date.parse(started)
      : lineTime(line);
    head.cwd = stringAt(payload, "cwd");
    head.cliVersion = stringAt(payload, "cli_version");
    head.source = sourceName(payload.source);
    head.originator = stringAt(payload, "originator");
    head.modelProvider = stringAt(payload, "model_provider");
    return;
  }
  if (!head.isRollout || payload === null) return;
  const fact = listingReading(type, stringAt(payload, "type"))?.fact;
  switch (fact) {
    case "turn_model": {
      const model = stringAt(payload, "model");
      if (head.model !== null && model !== null && model !== head.model) head.modelChanged = true;
      head.model ??= model;
      return;
    }
    case "turn_started":
      head.turns += 1;
      return;
    case "user_message":
    case "user_item":
    case "user_response":
      head.firstPrompt ??= userText(fact, payload);
      return;
  }
}

/**
 * Adds one tail line, newest first. Returns true once the tail knows all it needs, so the
 * caller can stop reading.
 */
export function addTailLine(tail: TailFacts, line: unknown): boolean {
  if (!isObject(line)) return false;
  const at = lineTime(line);
  tail.lastActivity ??= at;
  const type = stringAt(line, "type");
  const payload = objectAt(line, "payload");
  if (payload === null) return false;
  addTailFact(tail, payload, { type, at });
  return tailComplete(tail);
}

function addTailFact(
  tail: TailFacts,
  payload: JsonObject,
  line: { type: string | null; at: number | null },
): void {
  const { at } = line;
  switch (listingReading(line.type, stringAt(payload, "type"))?.fact) {
    case "turn_model":
      tail.model ??= stringAt(payload, "model");
      return;
    case "token_count": {
      const info = objectAt(payload, "info");
      if (info !== null && tail.totals === null) {
        const totals = readTokenUsage(info.total_token_usage);
        if (totals !== null) {
          tail.totals = totals;
          tail.totalsAt = at;
          tail.lastRequest = readTokenUsage(info.last_token_usage);
          tail.contextWindow = numberAt(info, "model_context_window");
        }
      }
      if (tail.rateLimitsAt === null) {
        const windows = readRateLimits(payload.rate_limits, at);
        if (windows.length > 0) {
          tail.rateLimits = windows;
          tail.rateLimitsAt = at;
        }
      }
      return;
    }
    case "turn_started":
      tail.turns += 1;
      tail.lastTurn ??= "open";
      return;
    case "turn_completed":
      tail.lastTurn ??= isObject(payload.error) ? "failed" : "completed";
      return;
    case "turn_aborted":
      tail.lastTurn ??= "interrupted";
      return;
    case "approval_asked":
      if (tail.lastTurn === null) tail.awaitingApproval = true;
      return;
  }
}

/** True when the tail knows the last token count, the model and the latest turn's standing. */
export function tailComplete(tail: TailFacts): boolean {
  return tail.totals !== null && tail.model !== null && tail.lastTurn !== null;
}

function sourceName(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isObject(value)) return Object.keys(value)[0] ?? null;
  return null;
}

/** The text the user typed, from whichever line shape carries it; `null` for injected context. */
function userText(
  fact: "user_message" | "user_item" | "user_response",
  payload: JsonObject,
): string | null {
  switch (fact) {
    case "user_message":
      return typed(stringAt(payload, "message"));
    case "user_item": {
      const item = objectAt(payload, "item");
      if (item === null || stringAt(item, "type") !== "UserMessage") return null;
      return typed(firstText(item.content));
    }
    case "user_response":
      if (stringAt(payload, "role") !== "user") return null;
      return typed(firstText(payload.content));
  }
}

function firstText(content: unknown): string | null {
  if (!Array.isArray(content)) return null;
  for (const part of content) {
    if (isObject(part) && typeof part.text === "string") return part.text;
  }
  return null;
}

// Codex injects context as user messages wrapped in tags (`<environment_context>`...).
function typed(text: string | null): string | null {
  if (text === null) return null;
  const trimmed = text.trim();
  if (trimmed === "" || /^<[a-z_]+>/.test(trimmed)) return null;
  return trimmed;
}
