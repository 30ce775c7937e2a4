/**
 * Builds realistic `codex mcp-server` captures of any size from the real captures in
 * `fixtures/codex-0.47.0/` and `fixtures/codex-0.153.4/`.
 *
 * Each capture is cut into whole request life cycles (the events of one requestId, the
 * `elicitation/create` requests and the response that belong to it, and the stderr lines
 * between them). A `codex-reply` request stays chained after the request whose session it
 * continues. The generator replays those chains with fresh request ids (mostly numbers, some
 * strings), fresh UUIDs (thread, session, turn and item ids), several requests at once, both
 * Codex versions and occasional stderr noise, in segments that each look like one server run.
 * Lines are pre-split into byte templates, so ids are placed without re-serialising JSON and the
 * output streams in large writes with flat memory. The same seed gives the same bytes.
 *
 * Usage: `deno run --allow-read --allow-write bench/generate.ts --size 1GB --out FILE [--seed N]`
 *
 * @module
 */
import { CodexmonError, UsageError } from "../src/core/errors.ts";
import { runScript, scriptProgram } from "./script_main.ts";

/** The Codex versions whose captures feed the generator. */
export const GENERATOR_VERSIONS = ["0.47.0", "0.153.4"] as const;

/** Bumped whenever the output for a given seed and size changes (cached files carry it). */
export const GENERATOR_REVISION = 1;

/** One real capture: its Codex version, file name and text. */
export interface CaptureSource {
  version: string;
  name: string;
  text: string;
}

/** Options for {@linkcode generateCapture}. */
export interface GenerateOptions {
  /** Stop starting new requests once this many bytes are written; open ones still finish. */
  size: number;
  /** Seed of the pseudo-random choices; the same seed gives the same bytes. */
  seed?: number;
  /** Size of the reused output buffer handed to the sink. */
  chunkSize?: number;
  /** Most request chains (a request and its replies) per simulated server run; default 210. */
  maxChainsPerRun?: number;
  /**
   * Long turns: each request's longest run of turn events (reasoning, messages, commands,
   * token counts) is replayed until the request has about this many events, with fresh call
   * and item ids per round. Unset: requests keep their captured length.
   */
  eventsPerRequest?: number;
}

/** The capture shapes `--shape` names. */
export const SHAPES = {
  /** Requests as captured: ~30 events each, many short requests. */
  sessions: {},
  /** Long agent turns like real sessions: ~10,000 events per request, ~200 requests per GB. */
  long: { eventsPerRequest: 10_000, maxChainsPerRun: 20 },
} as const satisfies Record<string, Partial<GenerateOptions>>;

/** What {@linkcode generateCapture} wrote. */
export interface GenerateStats {
  bytes: number;
  lines: number;
  textLines: number;
  /** Requests with events (tools/call life cycles). */
  requests: number;
  /** Responses to the client's requests (life cycles, initialize, tools/list, failed calls). */
  responses: number;
  /** Simulated server runs. */
  segments: number;
}

/** Receives each filled output chunk; the bytes are only valid during the call. */
export type ChunkSink = (chunk: Uint8Array) => void;

/** A piece of a template line: literal bytes, or the index of a slot filled per instance. */
type Part = Uint8Array | number;

/** Slot index of the server's own request id (`elicitation/create`), counted per segment. */
const SERVER_ID_SLOT = -1;

interface TemplateLine {
  parts: Part[];
  text: boolean;
  /** A turn event that may be replayed to make a long turn. */
  body?: boolean;
  /** Request index within the chain when this line is that request's response. */
  responseOf?: number;
}

/** Lines that are replayed together with one set of fresh ids. */
interface Chain {
  name: string;
  lines: TemplateLine[];
  /** Client request ids the chain needs (slots 2i and 2i+1). */
  requestCount: number;
  /** How many of those requests carry events (life cycles, not bare responses). */
  lifeCycles: number;
  /** Fresh UUIDs the chain needs (slots after the request ids). */
  uuidCount: number;
  weight: number;
  /** The longest run of one request's turn events, `[start, end)` in `lines`, or null. */
  body: { start: number; end: number } | null;
  /** Slots of the UUIDs seen only in that run (call and item ids): fresh in each replay. */
  bodyUuidSlots: number[];
}

/** What one version contributes: chains to draw from, plus server-run headers and trailers. */
interface VersionPool {
  chains: Chain[];
  cumulativeWeights: number[];
  /** Start and end of a server run, taken from the same capture. */
  runs: { header: Chain; trailer: Chain }[];
}

/** The parsed captures, ready to replay. */
export interface Library {
  pools: VersionPool[];
  noise: Uint8Array[];
}

const encoder = new TextEncoder();
const NEWLINE_BYTES = new Uint8Array([0x0a]);
const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";
const TOP_LEVEL_ID = /^\{(?:"jsonrpc":"2\.0",)?"id":(-?\d+|"(?:[^"\\]|\\.)*")/;
/** Chains bigger than this are drawn less often, so a 900 KB capture does not dominate. */
const WEIGHT_BYTES = 16_000;
/** Chance that a stderr noise line follows any emitted line. */
const NOISE_RATE = 0.002;
/** The events of a turn that repeat in a long agent turn (not its start, end or failures). */
const TURN_BODY_TYPES = new Set([
  "agent_reasoning_delta",
  "reasoning_content_delta",
  "agent_reasoning",
  "agent_reasoning_section_break",
  "agent_message_delta",
  "agent_message_content_delta",
  "agent_message",
  "token_count",
  "raw_response_item",
  "raw_response_completed",
  "item_started",
  "item_completed",
  "exec_command_begin",
  "exec_command_output_delta",
  "exec_command_end",
  "turn_diff",
  "patch_apply_begin",
  "patch_apply_end",
]);

/** The `msg.type` of an event line, if it is one of {@linkcode TURN_BODY_TYPES}. */
function isTurnBody(line: string): boolean {
  const message = parseJson(line);
  const params = message?.params;
  const msg = isRecord(params) ? params.msg : undefined;
  return isRecord(msg) && typeof msg.type === "string" && TURN_BODY_TYPES.has(msg.type);
}

/** Reads the captures the generator uses from `fixtures/` (sorted, so builds are stable). */
export async function readCaptureSources(
  fixturesDir: URL = new URL("../fixtures/", import.meta.url),
): Promise<CaptureSource[]> {
  const sources: CaptureSource[] = [];
  for (const version of GENERATOR_VERSIONS) {
    const dir = new URL(`codex-${version}/`, fixturesDir);
    const names: string[] = [];
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isFile && isCaptureName(entry.name)) names.push(entry.name);
    }
    names.sort();
    for (const name of names) {
      sources.push({ version, name, text: await Deno.readTextFile(new URL(name, dir)) });
    }
  }
  return sources;
}

function isCaptureName(name: string): boolean {
  return name.endsWith(".jsonl") && !name.endsWith(".timing.jsonl") &&
    !name.endsWith(".mock-requests.jsonl");
}

interface RequestInfo {
  key: string;
  id: unknown;
  idText: string;
  first: number;
  response: number;
  lines: number[];
  startsSession: boolean;
  threadId: string | undefined;
}

interface Role {
  kind: "event" | "elicitation" | "response" | "misc" | "text";
  request?: RequestInfo;
}

/** Cuts the captures into chains, headers and noise, and checks every template. */
export function buildLibrary(sources: readonly CaptureSource[]): Library {
  const pools = new Map<string, VersionPool>();
  const noise: Uint8Array[] = [];
  for (const source of sources) {
    let pool = pools.get(source.version);
    if (pool === undefined) {
      pool = { chains: [], cumulativeWeights: [], runs: [] };
      pools.set(source.version, pool);
    }
    addCapture(pool, noise, source);
  }
  for (const pool of pools.values()) {
    let total = 0;
    pool.cumulativeWeights = pool.chains.map((chain) => (total += chain.weight));
    if (pool.chains.length === 0 || pool.runs.length === 0) {
      throw new CodexmonError("Cannot build the generator library: a version has no requests");
    }
  }
  return { pools: [...pools.values()], noise };
}

function addCapture(pool: VersionPool, noise: Uint8Array[], source: CaptureSource): void {
  const lines = source.text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const parsed = lines.map(parseJson);
  const requests = findRequests(source, parsed);
  const roles = lines.map((_, index) => roleOf(source, parsed, index, requests));

  // requests without a response (approval never answered) cannot keep the id invariants
  const kept = [...requests.values()].filter((request) => request.response >= 0);
  const chainOf = new Map<RequestInfo, number>();
  const chains: { requests: RequestInfo[]; lines: number[] }[] = [];
  for (const request of kept.sort((a, b) => a.first - b.first)) {
    const previous = request.startsSession
      ? undefined
      : kept.findLast((other) =>
        other !== request && other.response < request.first && chainOf.has(other) &&
        (request.threadId === undefined || other.threadId === request.threadId)
      );
    const chainIndex = previous === undefined ? chains.length : chainOf.get(previous)!;
    if (chainIndex === chains.length) chains.push({ requests: [], lines: [] });
    chainOf.set(request, chainIndex);
    chains[chainIndex]!.requests.push(request);
    chains[chainIndex]!.lines.push(...request.lines);
  }

  const firstJson = parsed.findIndex((value) => value !== undefined);
  const firstChainLine = Math.min(...kept.map((request) => request.first));
  const lastChainLine = Math.max(...kept.map((request) => request.response));
  const headerLines: number[] = [];
  const trailerLines: number[] = [];
  const miscLines: number[] = [];
  let currentChain: number | undefined;
  for (let index = 0; index < lines.length; index++) {
    const role = roles[index]!;
    if (role.kind === "text") {
      noise.push(encoder.encode(lines[index]!));
      if (firstJson < 0 || index < firstJson || kept.length === 0) headerLines.push(index);
      else if (index > lastChainLine) trailerLines.push(index);
      else {
        const target = currentChain ?? nextChainAt(index, roles, chainOf);
        if (target === undefined) trailerLines.push(index);
        else chains[target]!.lines.push(index);
      }
    } else if (role.kind === "misc") {
      if (kept.length === 0 || index < firstChainLine) headerLines.push(index);
      else miscLines.push(index);
    } else if (role.request !== undefined && chainOf.has(role.request)) {
      currentChain = chainOf.get(role.request);
    }
  }

  for (const chain of chains) {
    const template = buildChain(`${source.name}#${chain.requests[0]!.key}`, {
      lines,
      indexes: chain.lines.sort((a, b) => a - b),
      roles,
      requests: chain.requests,
    });
    pool.chains.push(template);
  }
  for (const index of miscLines) {
    const chain = buildChain(`${source.name}:${index + 1}`, {
      lines,
      indexes: [index],
      roles,
      requests: [],
    });
    chain.weight *= 0.1;
    pool.chains.push(chain);
  }
  const header = buildChain(`${source.name} header`, {
    lines,
    indexes: headerLines,
    roles,
    requests: [],
  });
  const trailer = buildChain(`${source.name} trailer`, {
    lines,
    indexes: trailerLines,
    roles,
    requests: [],
  });
  pool.runs.push({ header, trailer });
}

function nextChainAt(
  start: number,
  roles: readonly Role[],
  chainOf: ReadonlyMap<RequestInfo, number>,
): number | undefined {
  for (let index = start + 1; index < roles.length; index++) {
    const request = roles[index]!.request;
    if (request !== undefined && chainOf.has(request)) return chainOf.get(request);
  }
  return undefined;
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function eventMeta(message: Record<string, unknown>): Record<string, unknown> | undefined {
  if (message.method !== "codex/event" || !isRecord(message.params)) return undefined;
  const meta = message.params._meta;
  return isRecord(meta) ? meta : undefined;
}

function findRequests(
  source: CaptureSource,
  parsed: readonly (Record<string, unknown> | undefined)[],
): Map<string, RequestInfo> {
  const requests = new Map<string, RequestInfo>();
  parsed.forEach((message, index) => {
    const meta = message === undefined ? undefined : eventMeta(message);
    if (meta === undefined) return;
    const id = meta.requestId;
    if (typeof id !== "number" && typeof id !== "string") {
      throw new CodexmonError(
        `Cannot use "${source.name}" line ${index + 1}: the event has no requestId`,
      );
    }
    const key = JSON.stringify(id);
    let request = requests.get(key);
    if (request === undefined) {
      request = {
        key,
        id,
        idText: String(id),
        first: index,
        response: -1,
        lines: [],
        startsSession: false,
        threadId: undefined,
      };
      requests.set(key, request);
    }
    const params = message!.params as Record<string, unknown>;
    if (isRecord(params.msg) && params.msg.type === "session_configured") {
      request.startsSession = true;
    }
    if (typeof meta.threadId === "string") request.threadId = meta.threadId;
  });
  return requests;
}

function roleOf(
  source: CaptureSource,
  parsed: readonly (Record<string, unknown> | undefined)[],
  index: number,
  requests: ReadonlyMap<string, RequestInfo>,
): Role {
  const message = parsed[index];
  if (message === undefined) return { kind: "text" };
  const where = `"${source.name}" line ${index + 1}`;
  if (typeof message.method === "string") {
    if (message.method === "codex/event") {
      const request = requests.get(JSON.stringify(eventMeta(message)?.requestId))!;
      request.lines.push(index);
      return { kind: "event", request };
    }
    if (message.method === "elicitation/create" && isRecord(message.params)) {
      const owner = message.params.codex_mcp_tool_call_id;
      const request = [...requests.values()].find((candidate) => candidate.idText === owner);
      if (request === undefined) {
        throw new CodexmonError(`Cannot use ${where}: no request "${String(owner)}" is open`);
      }
      request.lines.push(index);
      return { kind: "elicitation", request };
    }
    throw new CodexmonError(`Cannot use ${where}: unexpected method "${message.method}"`);
  }
  const request = requests.get(JSON.stringify(message.id));
  if (request !== undefined && request.first < index && request.response < 0) {
    request.response = index;
    request.lines.push(index);
    return { kind: "response", request };
  }
  return { kind: "misc" };
}

interface ChainInput {
  lines: readonly string[];
  indexes: readonly number[];
  roles: readonly Role[];
  requests: readonly RequestInfo[];
}

interface Span {
  start: number;
  end: number;
  slot: number;
}

function buildChain(name: string, input: ChainInput): Chain {
  const requestSlot = new Map<RequestInfo, number>();
  input.requests.forEach((request, index) => requestSlot.set(request, index));
  let requestCount = input.requests.length;
  const uuids = new Map<string, number>();
  const pending: {
    line: string;
    spans: Span[];
    text: boolean;
    responseOf?: number;
    /** The request slot of a turn event that may repeat, else -1. */
    bodyOf?: number;
  }[] = [];
  let bytes = 0;
  for (const index of input.indexes) {
    const line = input.lines[index]!;
    const role = input.roles[index]!;
    bytes += line.length + 1;
    if (role.kind === "text") {
      pending.push({ line, spans: [], text: true });
      continue;
    }
    const spans: Span[] = [];
    let responseOf: number | undefined;
    if (role.kind === "misc") {
      responseOf = requestCount++;
      spans.push(topLevelIdSpan(name, line, 2 * responseOf));
    } else {
      const request = role.request!;
      const slot = requestSlot.get(request)!;
      if (role.kind === "event") {
        spans.push(...eventIdSpans(name, line, request, slot));
        if (isTurnBody(line)) {
          pending.push({ line, spans, text: false, bodyOf: slot });
          continue;
        }
      } else if (role.kind === "elicitation") {
        spans.push(...elicitationSpans(name, line, request, slot));
      } else {
        responseOf = slot;
        spans.push(topLevelIdSpan(name, line, 2 * slot));
      }
    }
    pending.push(
      responseOf === undefined ? { line, spans, text: false } : {
        line,
        spans,
        text: false,
        responseOf,
      },
    );
  }
  // UUIDs get slots after all request ids, so collect them once the request count is known
  for (const entry of pending) {
    if (entry.text) continue;
    for (const match of entry.line.matchAll(UUID_PATTERN)) {
      if (match[0] === NIL_UUID) continue;
      let slot = uuids.get(match[0]);
      if (slot === undefined) {
        slot = uuids.size;
        uuids.set(match[0], slot);
      }
      entry.spans.push({
        start: match.index,
        end: match.index + match[0].length,
        slot: 2 * requestCount + slot,
      });
    }
  }
  const lines = pending.map((entry): TemplateLine => {
    const parts = splitLine(name, entry.line, entry.spans);
    if (entry.bodyOf !== undefined) return { parts, text: false, body: true };
    return entry.responseOf === undefined
      ? { parts, text: entry.text }
      : { parts, text: entry.text, responseOf: entry.responseOf };
  });
  const body = longestBody(pending.map((entry) => entry.bodyOf ?? -1));
  const bodyUuidSlots = body === null ? [] : uuidSlotsOnlyIn(pending, body, 2 * requestCount);
  const chain: Chain = {
    name,
    lines,
    requestCount,
    lifeCycles: input.requests.length,
    uuidCount: uuids.size,
    weight: Math.min(1, WEIGHT_BYTES / Math.max(1, bytes)),
    body,
    bodyUuidSlots,
  };
  // verbose logging and failing endpoints are the exception in real files, not a third of them
  if (/^(rust-log-info|http-|stall-timeout)/.test(name)) chain.weight *= 0.3;
  checkChain(chain);
  return chain;
}

/** The longest run of consecutive lines that are turn events of one request. */
function longestBody(bodyOf: readonly number[]): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null;
  let start = 0;
  for (let index = 1; index <= bodyOf.length; index++) {
    if (index < bodyOf.length && bodyOf[index] === bodyOf[start]) continue;
    if (bodyOf[start]! >= 0 && (best === null || index - start > best.end - best.start)) {
      best = { start, end: index };
    }
    start = index;
  }
  return best;
}

/** UUID slots that occur in lines `start` to `end` and nowhere else in the chain. */
function uuidSlotsOnlyIn(
  pending: readonly { spans: Span[] }[],
  range: { start: number; end: number },
  firstUuidSlot: number,
): number[] {
  const inside = new Set<number>();
  const outside = new Set<number>();
  pending.forEach((entry, index) => {
    const target = index >= range.start && index < range.end ? inside : outside;
    for (const span of entry.spans) if (span.slot >= firstUuidSlot) target.add(span.slot);
  });
  return [...inside].filter((slot) => !outside.has(slot)).sort((a, b) => a - b);
}

function topLevelIdSpan(name: string, line: string, slot: number): Span {
  const match = TOP_LEVEL_ID.exec(line);
  if (match === null) throw new CodexmonError(`Cannot find the id of a response in "${name}"`);
  const token = match[1]!;
  return { start: match[0].length - token.length, end: match[0].length, slot };
}

function eventIdSpans(name: string, line: string, request: RequestInfo, slot: number): Span[] {
  const prefix = `"_meta":{"requestId":${JSON.stringify(request.id)}`;
  const at = line.indexOf(prefix);
  const after = line[at + prefix.length];
  if (at < 0 || (after !== "," && after !== "}")) {
    throw new CodexmonError(`Cannot find the requestId of an event in "${name}"`);
  }
  const start = at + prefix.length - JSON.stringify(request.id).length;
  const spans: Span[] = [{ start, end: at + prefix.length, slot: 2 * slot }];
  // 0.47.0 repeats the request id as a string in params.id for the first turn
  const turnId = `},"id":${JSON.stringify(request.idText)},"msg":`;
  const turnAt = line.indexOf(turnId, at);
  if (turnAt >= 0) {
    const inner = turnAt + `},"id":"`.length;
    spans.push({ start: inner, end: inner + request.idText.length, slot: 2 * slot + 1 });
  }
  return spans;
}

function elicitationSpans(name: string, line: string, request: RequestInfo, slot: number): Span[] {
  const spans: Span[] = [topLevelIdSpan(name, line, SERVER_ID_SLOT)];
  for (const field of ["codex_mcp_tool_call_id", "codex_event_id"]) {
    const needle = `"${field}":${JSON.stringify(request.idText)}`;
    const at = line.indexOf(needle);
    if (at < 0) {
      if (field === "codex_event_id") continue;
      throw new CodexmonError(`Cannot find "${field}" in an elicitation of "${name}"`);
    }
    const inner = at + field.length + 4;
    spans.push({ start: inner, end: inner + request.idText.length, slot: 2 * slot + 1 });
  }
  return spans;
}

function splitLine(name: string, line: string, spans: Span[]): Part[] {
  spans.sort((a, b) => a.start - b.start);
  const parts: Part[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) throw new CodexmonError(`Cannot place ids in "${name}": they overlap`);
    if (span.start > at) parts.push(encoder.encode(line.slice(at, span.start)));
    parts.push(span.slot);
    at = span.end;
  }
  parts.push(encoder.encode(line.slice(at) + "\n"));
  return parts;
}

/** Fills the chain with sample ids (numbers, then strings) and checks each line still parses. */
function checkChain(chain: Chain): void {
  const decoder = new TextDecoder();
  for (const form of ["number", "string"] as const) {
    const ids = Array.from({ length: chain.requestCount }, (_, index) => {
      const value = form === "number" ? 9_000_000 + index : `check-${index}`;
      return { value, json: JSON.stringify(value), text: String(value) };
    });
    const slots = [
      ...ids.flatMap((id) => [encoder.encode(id.json), encoder.encode(id.text)]),
      ...Array.from({ length: chain.uuidCount }, () => encoder.encode(NIL_UUID)),
    ];
    for (const line of chain.lines) {
      const bytes = concat(
        line.parts.map((part) =>
          typeof part !== "number"
            ? part
            : part === SERVER_ID_SLOT
            ? encoder.encode("7")
            : slots[part]!
        ),
      );
      const text = decoder.decode(bytes);
      if (line.text) continue;
      const message = parseJson(text);
      const fail = (detail: string) =>
        new CodexmonError(`Cannot use a template line of "${chain.name}": ${detail}`);
      if (message === undefined) throw fail("it does not parse after placing ids");
      const meta = eventMeta(message);
      if (meta !== undefined && !ids.some((id) => id.value === meta.requestId)) {
        throw fail("the requestId was not replaced");
      }
      if (
        line.responseOf !== undefined && message.id !== ids[line.responseOf]!.value
      ) throw fail("the response id was not replaced");
      if (message.method === "elicitation/create" && isRecord(message.params)) {
        const owner = message.params.codex_mcp_tool_call_id;
        if (message.id !== 7 || !ids.some((id) => id.text === owner)) {
          throw fail("the elicitation ids were not replaced");
        }
      }
    }
  }
}

/** `parts` joined into one new array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A small, fast, seedable generator (mulberry32). */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

const HEX = encoder.encode("0123456789abcdef");

function freshUuid(random: Random): Uint8Array {
  // shaped like the UUIDv7 values codex writes: version nibble 7, variant 8..b
  const out = new Uint8Array(36);
  for (let index = 0; index < 36; index++) {
    if (index === 8 || index === 13 || index === 18 || index === 23) out[index] = 0x2d;
    else if (index === 14) out[index] = HEX[7]!;
    else if (index === 19) out[index] = HEX[8 + random.int(4)]!;
    else out[index] = HEX[random.int(16)]!;
  }
  return out;
}

interface Instance {
  chain: Chain;
  slots: Uint8Array[];
  next: number;
  /** Long turns: the template lines in the order written; null means `chain.lines` as is. */
  order: Int32Array | null;
}

/** Buffers output and hands full chunks to the sink. */
class ChunkBuffer {
  #buffer: Uint8Array;
  #length = 0;
  #sink: ChunkSink;
  /** Bytes handed to the sink so far. */
  flushed = 0;

  constructor(size: number, sink: ChunkSink) {
    this.#buffer = new Uint8Array(size);
    this.#sink = sink;
  }

  get total(): number {
    return this.flushed + this.#length;
  }

  put(bytes: Uint8Array): void {
    if (bytes.length > this.#buffer.length - this.#length) {
      this.flush();
      if (bytes.length > this.#buffer.length) {
        this.#sink(bytes);
        this.flushed += bytes.length;
        return;
      }
    }
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  flush(): void {
    if (this.#length === 0) return;
    this.#sink(this.#buffer.subarray(0, this.#length));
    this.flushed += this.#length;
    this.#length = 0;
  }
}

/** Writes a capture of at least `options.size` bytes into `sink`, in chunks. */
export function generateCapture(
  library: Library,
  sink: ChunkSink,
  options: GenerateOptions,
): GenerateStats {
  const random = new Random(options.seed ?? 1);
  const out = new ChunkBuffer(options.chunkSize ?? 4 * 1024 * 1024, sink);
  const stats: GenerateStats = {
    bytes: 0,
    lines: 0,
    textLines: 0,
    requests: 0,
    responses: 0,
    segments: 0,
  };
  let nextId = 1;
  let serverId = 0;

  const instantiate = (chain: Chain): Instance => {
    const slots: Uint8Array[] = [];
    for (let index = 0; index < chain.requestCount; index++) {
      const number = nextId++;
      const roll = random.next();
      // mostly numbers like most clients; some clients use strings, digits or names
      const text = roll < 0.95 ? String(number) : `req-${number}`;
      const json = roll < 0.9 ? text : JSON.stringify(text);
      slots.push(encoder.encode(json), encoder.encode(text));
    }
    for (let index = 0; index < chain.uuidCount; index++) slots.push(freshUuid(random));
    stats.requests += chain.lifeCycles;
    return { chain, slots, next: 0, order: longOrder(chain, options.eventsPerRequest) };
  };

  const emit = (instance: Instance): void => {
    const { chain, order } = instance;
    let index = instance.next++;
    if (order !== null) {
      index = order[instance.next - 1]!;
      // Each replay of the turn's body gets its own call and item ids.
      if (index === chain.body!.start && instance.next - 1 !== chain.body!.start) {
        for (const slot of chain.bodyUuidSlots) instance.slots[slot] = freshUuid(random);
      }
    }
    const line = chain.lines[index]!;
    for (const part of line.parts) {
      if (typeof part !== "number") out.put(part);
      else if (part === SERVER_ID_SLOT) out.put(encoder.encode(String(serverId++)));
      else out.put(instance.slots[part]!);
    }
    stats.lines++;
    if (line.text) stats.textLines++;
    if (line.responseOf !== undefined) stats.responses++;
    if (library.noise.length > 0 && random.next() < NOISE_RATE) {
      out.put(library.noise[random.int(library.noise.length)]!);
      out.put(NEWLINE_BYTES);
      stats.lines++;
      stats.textLines++;
    }
  };

  const emitAll = (chain: Chain): void => {
    const instance = instantiate(chain);
    while (instance.next < instanceLength(instance)) emit(instance);
  };

  while (out.total < options.size) {
    const pool = library.pools[random.int(library.pools.length)]!;
    const run = pool.runs[random.int(pool.runs.length)]!;
    stats.segments++;
    serverId = 0;
    emitAll(run.header);
    const chainCount = 1 + random.int(options.maxChainsPerRun ?? 210);
    const concurrency = 1 + random.int(4);
    const active: Instance[] = [];
    let started = 0;
    for (;;) {
      while (active.length < concurrency && started < chainCount && out.total < options.size) {
        active.push(instantiate(pickChain(pool, random)));
        started++;
      }
      if (active.length === 0) break;
      const slot = random.int(active.length);
      const instance = active[slot]!;
      // codex writes in bursts: a few lines of one request before another gets a turn
      for (
        let burst = 1 + random.int(4);
        burst > 0 && instance.next < instanceLength(instance);
      ) {
        emit(instance);
        burst--;
      }
      if (instance.next >= instanceLength(instance)) active.splice(slot, 1);
    }
    emitAll(run.trailer);
  }
  out.flush();
  stats.bytes = out.flushed;
  return stats;
}

function instanceLength(instance: Instance): number {
  return instance.order === null ? instance.chain.lines.length : instance.order.length;
}

/** The line order of a long turn: the chain's body replayed to about `events` lines. */
function longOrder(chain: Chain, events: number | undefined): Int32Array | null {
  const body = chain.body;
  if (events === undefined || body === null) return null;
  const size = body.end - body.start;
  const rest = chain.lines.length - size;
  const rounds = Math.max(1, Math.ceil((events - rest) / size));
  const order = new Int32Array(rest + rounds * size);
  let at = 0;
  for (let index = 0; index < body.start; index++) order[at++] = index;
  for (let round = 0; round < rounds; round++) {
    for (let index = body.start; index < body.end; index++) order[at++] = index;
  }
  for (let index = body.end; index < chain.lines.length; index++) order[at++] = index;
  return order;
}

function pickChain(pool: VersionPool, random: Random): Chain {
  const target = random.next() * pool.cumulativeWeights.at(-1)!;
  let low = 0;
  let high = pool.cumulativeWeights.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (pool.cumulativeWeights[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return pool.chains[low]!;
}

/** Parses sizes like `1GB`, `300MB`, `64KiB` or `5000` (KB/MB/GB are powers of 1000). */
export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (match === null) {
    throw new UsageError(`Cannot read the size "${text}": use a number with B, KB, MB or GB`);
  }
  const factors: Record<string, number> = {
    b: 1,
    k: 1e3,
    kb: 1e3,
    kib: 1024,
    m: 1e6,
    mb: 1e6,
    mib: 1024 ** 2,
    g: 1e9,
    gb: 1e9,
    gib: 1024 ** 3,
  };
  return Math.round(Number(match[1]) * factors[(match[2] ?? "b").toLowerCase()]!);
}

/** Options for {@linkcode writeCaptureFile}. */
export interface WriteCaptureOptions extends GenerateOptions {
  /** Captures to use; read from `fixtures/` when absent. */
  sources?: readonly CaptureSource[];
}

/** Generates a capture into the file at `path` (replacing it) and returns what was written. */
export async function writeCaptureFile(
  path: string,
  options: WriteCaptureOptions,
): Promise<GenerateStats> {
  const library = buildLibrary(options.sources ?? await readCaptureSources());
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  return generateCapture(library, (chunk) => {
    let at = 0;
    while (at < chunk.length) at += file.writeSync(chunk.subarray(at));
  }, options);
}

/**
 * The generated capture of `size` bytes for `seed` in `bench/data` (the default shape), written
 * there first when missing, so the benchmarks share one copy.
 */
export async function cachedCaptureFile(size: number, seed: number): Promise<string> {
  const dir = new URL("./data", import.meta.url).pathname;
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/capture-g${GENERATOR_REVISION}-seed${seed}-${size}.jsonl`;
  try {
    await Deno.stat(path);
  } catch {
    console.error(`bench: generating ${path}`);
    await writeCaptureFile(`${path}.partial`, { size, seed });
    await Deno.rename(`${path}.partial`, path);
  }
  return path;
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram(
    "generate",
    "Generate a realistic codex mcp-server capture from the real ones in fixtures/",
  )
    .requiredOption("--size <size>", "stop starting requests after this many bytes (e.g. 1GB)")
    .requiredOption("--out <file>", "file to write (replaced)")
    .option("--seed <n>", "seed of the random choices", "1")
    .option(
      "--shape <shape>",
      "sessions (requests as captured) or long (10,000 events each)",
      "sessions",
    );
  program.parse(args, { from: "user" });
  const options = program.opts();
  const seed = Number(options.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`Cannot use the seed "${options.seed}"`);
  const started = performance.now();
  const shape = SHAPES[options.shape as keyof typeof SHAPES];
  if (shape === undefined) {
    throw new UsageError(`Cannot use the shape "${options.shape}": expected sessions or long`);
  }
  const stats = await writeCaptureFile(options.out, {
    ...shape,
    size: parseSize(options.size),
    seed,
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${options.out}: ${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.lines} lines, ` +
      `${stats.requests} requests, ${stats.segments} server runs, ${stats.textLines} text lines ` +
      `in ${seconds.toFixed(2)} s (${(stats.bytes / 1e6 / seconds).toFixed(0)} MB/s)`,
  );
}

if (import.meta.main) await runScript(cli);
