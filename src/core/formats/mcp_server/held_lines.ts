/**
 * Last-wins lines decoded once. Long turns send thousands of token counts and agent
 * messages, of which only the last one per request shows in a summary:
 *
 * - after a request's first cumulative token count has decided what only a first count
 *   decides (its share base, the total before output, the join by total), each new count
 *   only replaces the last-wins facts of the one before it;
 * - where no message list is kept, an agent message only replaces the last answer.
 *
 * So the bytes of the latest such line are kept, and decoded only when something reads or
 * changes what it decides (the request's token facts or messages, its record) or, for token
 * counts, when another count reads the sessions' totals.
 *
 * @module
 */

import { settleAgentMessage, settleTokenTotals } from "../../events/mod.ts";
import type { JsonObject } from "../../model/mod.ts";
import type { LaterFact, Session, SessionRegistry, TrackedRequest } from "../../request/mod.ts";
import type { EventByteReader } from "./byte_events.ts";

/** Lines longer than this get a buffer of their own size, dropped once they are settled. */
const BIG_LINE = 64 * 1024;

/** The bytes of one line, copied to be read later; settling it calls back its owner. */
class HeldLine implements LaterFact {
  request: TrackedRequest | null = null;
  bytes = new Uint8Array(1024);
  length = 0;
  type = "";
  #settle: () => void;

  constructor(settle: () => void) {
    this.#settle = settle;
  }

  settle(): void {
    this.#settle();
  }

  keep(bytes: Uint8Array, type: string): void {
    if (this.bytes.length < bytes.length) {
      // Small lines grow the buffer in steps; a big one gets its exact size, let go after.
      const size = bytes.length > BIG_LINE ? bytes.length : Math.min(BIG_LINE, bytes.length * 2);
      this.bytes = new Uint8Array(size);
    }
    this.bytes.set(bytes);
    this.length = bytes.length;
    this.type = type;
  }

  get line(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Lets go of the request and of a big line's buffer. */
  release(): void {
    this.request = null;
    if (this.bytes.length > BIG_LINE) this.bytes = new Uint8Array(1024);
  }
}

/** The latest token count of one request. */
class HeldCount extends HeldLine {
  /** The session the count would have updated when it was read. */
  session: Session | undefined = undefined;
  typeEnd = 0;
}

/** The latest agent message of one request. */
class HeldMessage extends HeldLine {
  msgStart = 0;
  /** Its line number in the file. */
  at = 0;
}

/**
 * Lines of one kind a request reads at once before it holds them: most requests of short
 * turns have fewer, and holding the last line of a run costs a scan and a copy more.
 */
const READ_FIRST = 3;

/** The held lines of one reducer's requests. */
export class HeldLines {
  #reader: EventByteReader;
  #sessions: SessionRegistry;
  /** Held counts in the order they were read (settling keeps it for counts of one session). */
  #counts = new Set<HeldCount>();
  #spareCounts: HeldCount[] = [];
  #spareMessages: HeldMessage[] = [];

  constructor(reader: EventByteReader, sessions: SessionRegistry) {
    this.#reader = reader;
    this.#sessions = sessions;
  }

  #newCount(): HeldCount {
    const count: HeldCount = new HeldCount(() => this.settleCount(count));
    return count;
  }

  #newMessage(): HeldMessage {
    const message: HeldMessage = new HeldMessage(() => this.settleMessage(message));
    return message;
  }

  /** True when the next token count of `request` is worth holding (and may be held). */
  wantsCount(request: TrackedRequest): boolean {
    return request.laterTotals !== null ||
      (request.totalsAreLastWins && request.totalsRecorded >= READ_FIRST);
  }

  /** True when the next agent message of `request` is worth holding (and may be held). */
  wantsMessage(request: TrackedRequest): boolean {
    return request.messagesAreLastWins &&
      (request.laterMessage !== null || request.agentMessages >= READ_FIRST);
  }

  /**
   * Holds the token count in `bytes` (which the byte reader takes whole, see
   * `EventByteReader.replacesTotals`; its type ends at `at.typeEnd`) instead of reading it
   * for `request`; false when it must be read now.
   */
  holdCount(
    request: TrackedRequest,
    bytes: Uint8Array,
    at: { readonly type: string; readonly typeEnd: number },
  ): boolean {
    if (!request.totalsAreLastWins) return false;
    // The use of the session that reading the count would be.
    const session = this.#sessions.get(request.threadId);
    // Another request's counts on the same session must keep their order with this one's.
    if (session !== undefined && session.lastRequest !== request) return false;
    let held = request.laterTotals as HeldCount | null;
    if (held === null) {
      held = this.#spareCounts.pop() ?? this.#newCount();
      held.request = request;
      request.deferTotals(held);
    } else this.#counts.delete(held);
    this.#counts.add(held);
    held.session = session;
    held.keep(bytes, at.type);
    held.typeEnd = at.typeEnd;
    return true;
  }

  /** Reads and applies `held` (its request asked: it no longer holds it). */
  settleCount(held: HeldCount): void {
    const request = held.request as TrackedRequest;
    const totals = this.#reader.totalsAt(held.line, held);
    settleTokenTotals(request, totals, { session: held.session, sessions: this.#sessions });
    this.#counts.delete(held);
    held.session = undefined;
    held.release();
    this.#spareCounts.push(held);
  }

  /** Settles every held count, in the order they were read. */
  settleAll(): void {
    for (const held of this.#counts) held.request?.settleTotals();
  }

  /**
   * Settles the held counts a count of `request` read now depends on: those of its session
   * (it reads and sets the session's total), or all of them when it may join a session by
   * its total (that reads every session's), in the order they were read.
   */
  settleBefore(request: TrackedRequest): void {
    if (this.#counts.size === 0) return;
    const all = request.joinPending;
    const session = all ? undefined : this.#sessions.peek(request.threadId);
    if (!all && session === undefined) return;
    for (const held of this.#counts) {
      if (all || held.session === session) held.request?.settleTotals();
    }
  }

  /**
   * Holds the agent message in `bytes` (which the byte reader takes whole, see
   * `EventByteReader.takesMembers`; its msg object starts at `at.msgStart`) of `request`,
   * read at line `line`, instead of reading it; false when it must be read now.
   */
  holdMessage(
    request: TrackedRequest,
    bytes: Uint8Array,
    at: { readonly type: string; readonly msgStart: number; readonly line: number },
  ): boolean {
    if (!request.messagesAreLastWins) return false;
    let held = request.laterMessage as HeldMessage | null;
    if (held === null) {
      held = this.#spareMessages.pop() ?? this.#newMessage();
      held.request = request;
      request.deferMessage(held);
    }
    held.keep(bytes, at.type);
    held.msgStart = at.msgStart;
    held.at = at.line;
    return true;
  }

  /** Reads and applies `held` (its request asked: it no longer holds it). */
  settleMessage(held: HeldMessage): void {
    const request = held.request as TrackedRequest;
    const msg = this.#reader.msgAt(held.line, held) ?? parsedMsg(held.line);
    settleAgentMessage(request, msg, held.at);
    held.release();
    this.#spareMessages.push(held);
  }
}

const decoder = new TextDecoder();

/** The `params.msg` of an event line, parsed (a line the byte reader did not take after all). */
function parsedMsg(line: Uint8Array): JsonObject {
  try {
    const value = JSON.parse(decoder.decode(line)) as { params?: { msg?: JsonObject } } | null;
    return value?.params?.msg ?? {};
  } catch {
    return {};
  }
}
