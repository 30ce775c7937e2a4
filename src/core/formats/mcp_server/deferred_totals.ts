/**
 * Token counts decoded once: after a request's first cumulative token count has decided what
 * only a first count decides (its share base, the total before output, the join by total),
 * each new count only replaces the last-wins facts of the one before it. So the bytes of the
 * latest count are kept, and decoded only when something reads or changes the request's token
 * facts (its record, a count that is not last-wins) or another count reads the sessions'
 * totals. Long turns send thousands of counts, of which only the last one per request shows.
 *
 * @module
 */

import { settleTokenTotals } from "../../events/mod.ts";
import type { LaterTotals, Session, SessionRegistry, TrackedRequest } from "../../request/mod.ts";
import type { EventByteReader } from "./byte_events.ts";

/** The latest token count of one request, kept as bytes until it is settled. */
class HeldCount implements LaterTotals {
  request: TrackedRequest | null = null;
  /** The session the count would have updated when it was read. */
  session: Session | undefined = undefined;
  bytes = new Uint8Array(1024);
  length = 0;
  type = "";
  typeEnd = 0;
  #owner: DeferredTotals;

  constructor(owner: DeferredTotals) {
    this.#owner = owner;
  }

  settle(): void {
    this.#owner.settle(this);
  }
}

/** The held token counts of one reducer's requests. */
export class DeferredTotals {
  #reader: EventByteReader;
  #sessions: SessionRegistry;
  #held = new Set<HeldCount>();
  #spare: HeldCount[] = [];

  constructor(reader: EventByteReader, sessions: SessionRegistry) {
    this.#reader = reader;
    this.#sessions = sessions;
  }

  /**
   * Holds the token count in `bytes` (which the byte reader takes whole, see
   * `EventByteReader.replacesTotals`; its type ends at `at.typeEnd`) instead of reading it
   * for `request`; false when it must be read now.
   */
  hold(
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
      held = this.#spare.pop() ?? new HeldCount(this);
      held.request = request;
      request.deferTotals(held);
    } else this.#held.delete(held);
    // Kept in the order of the counts, which settleAll keeps for counts of one session.
    this.#held.add(held);
    held.session = session;
    if (held.bytes.length < bytes.length) held.bytes = new Uint8Array(bytes.length * 2);
    held.bytes.set(bytes);
    held.length = bytes.length;
    held.type = at.type;
    held.typeEnd = at.typeEnd;
    return true;
  }

  /** Reads and applies `held` (its request asked: it no longer holds it). */
  settle(held: HeldCount): void {
    const request = held.request as TrackedRequest;
    const totals = this.#reader.totalsAt(held.bytes.subarray(0, held.length), held);
    settleTokenTotals(request, totals, { session: held.session, sessions: this.#sessions });
    this.#held.delete(held);
    held.request = null;
    held.session = undefined;
    this.#spare.push(held);
  }

  /** Settles every held count, in the order they were read (sessions keep the latest total). */
  settleAll(): void {
    if (this.#held.size === 0) return;
    for (const held of [...this.#held]) held.request?.settleTotals();
  }
}
