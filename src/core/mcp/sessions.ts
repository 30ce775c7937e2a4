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
 */

import { addUsage, sameUsage } from "../model/token_usage.ts";
import type { TokenUsage } from "../model/types.ts";
import type { McpRequest } from "./mcp_request.ts";

/** What codexmon knows about one session. */
export interface Session {
  threadId: string;
  model: string | null;
  cwd: string | null;
  rolloutPath: string | null;
  /** The last cumulative `total_token_usage` seen on this thread. */
  lastTotal: TokenUsage | null;
  /** Legacy 0.20: the running sum of flat token counts. */
  flatSum: TokenUsage | null;
  /** The request that last worked on this session. */
  lastRequest: McpRequest;
}

/** All sessions of one file. */
export class SessionRegistry {
  #sessions = new Map<string, Session>();
  #newest: Session | null = null;

  get size(): number {
    return this.#sessions.size;
  }

  get(threadId: string | null): Session | undefined {
    return threadId === null ? undefined : this.#sessions.get(threadId);
  }

  /** A `session_configured` event: the request owns a new session (or re-announces one). */
  configure(
    request: McpRequest,
    facts: {
      threadId: string;
      model: string | null;
      cwd: string | null;
      rolloutPath: string | null;
    },
  ): Session {
    const existing = this.#sessions.get(facts.threadId);
    const session: Session = existing ?? {
      ...facts,
      lastTotal: null,
      flatSum: null,
      lastRequest: request,
    };
    session.model = facts.model ?? session.model;
    session.cwd = facts.cwd ?? session.cwd;
    session.rolloutPath = facts.rolloutPath ?? session.rolloutPath;
    session.lastRequest = request;
    this.#sessions.set(facts.threadId, session);
    this.#newest = session;
    return session;
  }

  /** Joins `request` to `session`: it inherits what the session knows. */
  join(request: McpRequest, session: Session): void {
    request.threadId = session.threadId;
    request.model ??= session.model;
    request.cwd ??= session.cwd;
    request.rolloutPath ??= session.rolloutPath;
    session.lastRequest = request;
    request.joinPending = false;
  }

  /** Rule 1 at the start of a reply without a thread id; marks it pending otherwise. */
  joinAtStart(request: McpRequest): void {
    if (this.#sessions.size === 1 && this.#newest !== null) {
      this.join(request, this.#newest);
    } else {
      request.joinPending = this.#sessions.size > 0;
    }
  }

  /** Rule 2 at the reply's first token count with usage; gives up when it does not decide. */
  joinByTotal(request: McpRequest, total: TokenUsage): void {
    let match: Session | null = null;
    let matches = 0;
    for (const session of this.#sessions.values()) {
      const idle = session.lastRequest === request || session.lastRequest.ended ||
        session.lastRequest.taskComplete;
      if (idle && session.lastTotal !== null && sameUsage(session.lastTotal, total)) {
        match = session;
        matches++;
      }
    }
    if (matches === 1 && match !== null) this.join(request, match);
    else request.joinPending = false;
  }

  /** Adds a legacy flat usage to the session's running sum and returns the new sum. */
  addFlat(session: Session, usage: TokenUsage): TokenUsage {
    session.flatSum = session.flatSum === null ? usage : addUsage(session.flatSum, usage);
    return session.flatSum;
  }
}
