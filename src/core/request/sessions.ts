/**
 * Codex sessions (threads) and how requests join them. A `codex` call configures a session;
 * `codex-reply` calls continue it. 0.153 names the thread on every event (`_meta.threadId`).
 * 0.47 replies carry no session id at all, so they are joined by this rule:
 *
 * 1. when the file has configured exactly one session before the reply began, that one;
 * 2. otherwise the idle session whose last cumulative total equals the total in the reply's
 *    first token count (0.47 re-sends the previous total when a reply turn starts), when
 *    exactly one session matches;
 * 3. otherwise the reply stays without a thread (its tokens then come from that first count).
 *
 * The registry keeps the most recently used sessions only (at least 2048 by default), so
 * memory stays flat on files with many thousands of threads; a reply to a session forgotten
 * that long ago stays without a thread.
 */

import { RecentMap, type TokenUsage } from "../model/mod.ts";
import { addUsage, sameUsage } from "./token_usage.ts";
import type { TrackedRequest } from "./request_state.ts";

/** What codexmon knows about one session (read-only: the registry's methods change it). */
export interface Session {
  readonly threadId: string;
  readonly model: string | null;
  readonly cwd: string | null;
  readonly rolloutPath: string | null;
  /** The last cumulative `total_token_usage` seen on this thread (set it with {@linkcode SessionRegistry.setTotal}). */
  readonly lastTotal: Readonly<TokenUsage> | null;
  /** Legacy 0.20: the running sum of flat token counts. */
  readonly flatSum: Readonly<TokenUsage> | null;
  /** The request that last worked on this session; `null` once that request was released. */
  readonly lastRequest: TrackedRequest | null;
}

/** A session as the registry stores it. */
type StoredSession = { -readonly [K in keyof Session]: Session[K] };

/** Sessions kept at least, by default. */
export const DEFAULT_SESSIONS_KEPT = 2048;

/** All sessions of one file (at least the {@linkcode DEFAULT_SESSIONS_KEPT} most recent). */
export class SessionRegistry {
  #sessions: RecentMap<string, StoredSession>;
  /** Sessions by `lastTotal.total`, so rule 2 never scans every session. */
  #byTotal = new Map<number, Set<StoredSession>>();
  #newest: StoredSession | null = null;
  /** Distinct sessions configured so far, forgotten ones included (rule 1). */
  #configured = 0;

  constructor(options: { cap?: number } = {}) {
    this.#sessions = new RecentMap(options.cap ?? DEFAULT_SESSIONS_KEPT, {
      onForget: (session) => {
        if (session.lastTotal !== null) this.#unindex(session);
      },
    });
  }

  /** Sessions currently kept. */
  get size(): number {
    return this.#sessions.size;
  }

  get(threadId: string | null): Session | undefined {
    return threadId === null ? undefined : this.#sessions.get(threadId);
  }

  /** The session of `threadId`, if kept; unlike {@linkcode get}, not a use of it. */
  peek(threadId: string | null): Session | undefined {
    return threadId === null ? undefined : this.#sessions.peek(threadId);
  }

  /** A `session_configured` event: the request owns a new session (or re-announces one). */
  configure(
    request: TrackedRequest,
    facts: {
      threadId: string;
      model: string | null;
      cwd: string | null;
      rolloutPath: string | null;
    },
  ): Session {
    const existing = this.#sessions.get(facts.threadId);
    const session: StoredSession = existing ?? {
      ...facts,
      lastTotal: null,
      flatSum: null,
      lastRequest: request,
    };
    session.model = facts.model ?? session.model;
    session.cwd = facts.cwd ?? session.cwd;
    session.rolloutPath = facts.rolloutPath ?? session.rolloutPath;
    session.lastRequest = request;
    if (existing === undefined) {
      this.#configured++;
      this.#sessions.set(facts.threadId, session);
    }
    this.#newest = session;
    return session;
  }

  /** Joins `request` to `session`: it inherits what the session knows. */
  join(request: TrackedRequest, session: Session): void {
    request.setThread(session.threadId);
    request.inherit(session);
    (session as StoredSession).lastRequest = request;
    request.setJoinPending(false);
    // A use: the session stays remembered.
    this.#sessions.get(session.threadId);
  }

  /** Rule 1 at the start of a reply without a thread id; marks it pending otherwise. */
  joinAtStart(request: TrackedRequest): void {
    if (this.#configured === 1 && this.#newest !== null) {
      this.join(request, this.#newest);
    } else {
      request.setJoinPending(this.#configured > 0);
    }
  }

  /** Rule 2 at the reply's first token count with usage; gives up when it does not decide. */
  joinByTotal(request: TrackedRequest, total: TokenUsage): void {
    let match: StoredSession | null = null;
    let matches = 0;
    for (const session of this.#byTotal.get(total.total) ?? []) {
      const last = session.lastRequest;
      const idle = last === null || last === request || last.ended || last.taskComplete;
      if (idle && session.lastTotal !== null && sameUsage(session.lastTotal, total)) {
        match = session;
        // A second match already decides: no join.
        if (++matches > 1) break;
      }
    }
    if (matches === 1 && match !== null) this.join(request, match);
    else request.setJoinPending(false);
  }

  /** Records the session's latest cumulative total (a use of the session). */
  setTotal(session: Session, total: TokenUsage): void {
    this.#recordTotal(session as StoredSession, total, this.#sessions.get(session.threadId));
  }

  /**
   * Records a total read late (a deferred token count): as {@linkcode setTotal} did when
   * the count was read, without counting as a use now.
   */
  settleTotal(session: Session, total: TokenUsage): void {
    this.#recordTotal(
      session as StoredSession,
      total,
      this.peek(session.threadId) as StoredSession,
    );
  }

  #recordTotal(stored: StoredSession, total: TokenUsage, kept: StoredSession | undefined): void {
    const isKept = kept === stored;
    if (isKept && stored.lastTotal !== null) this.#unindex(stored);
    stored.lastTotal = total;
    if (isKept) this.#index(stored);
  }

  /** Adds a legacy flat usage to the session's running sum and returns the new sum. */
  addFlat(session: Session, usage: TokenUsage): TokenUsage {
    const stored = session as StoredSession;
    const sum = stored.flatSum === null ? usage : addUsage(stored.flatSum, usage);
    stored.flatSum = sum;
    return sum;
  }

  /** A command of `session` ran in `cwd`: the session's directory, when it knew none. */
  ranIn(session: Session, cwd: string | null): void {
    (session as StoredSession).cwd ??= cwd;
  }

  /** `request` is gone from memory: sessions it last worked on count as idle. */
  release(request: TrackedRequest): void {
    const session = this.#sessions.get(request.threadId ?? "");
    if (session !== undefined && session.lastRequest === request) session.lastRequest = null;
    if (this.#newest?.lastRequest === request) this.#newest.lastRequest = null;
  }

  #index(session: StoredSession): void {
    const total = (session.lastTotal as TokenUsage).total;
    const set = this.#byTotal.get(total);
    if (set === undefined) this.#byTotal.set(total, new Set([session]));
    else set.add(session);
  }

  #unindex(session: StoredSession): void {
    const total = (session.lastTotal as TokenUsage).total;
    const set = this.#byTotal.get(total);
    if (set === undefined) return;
    set.delete(session);
    if (set.size === 0) this.#byTotal.delete(total);
  }
}
