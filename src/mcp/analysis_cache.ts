/**
 * One output follower per session for the server's life, so repeated `codex_status`,
 * `codex_digest` and thread look-ups read only the output added since the last call.
 */

import type { Analysis } from "../core/model/mod.ts";
import {
  OutputFollower,
  requireMeta,
  sessionLiveness,
  type SessionMeta,
  type SessionPaths,
} from "../session/mod.ts";

/** Sessions whose followers are kept; the least recently read is dropped first. */
export const CACHED_SESSIONS = 8;

/** A session's output as analysed so far. */
export interface SessionAnalysis {
  meta: SessionMeta;
  alive: boolean;
  analysis: Analysis;
}

interface Entry {
  createdAt: number;
  follower: OutputFollower;
}

/** The followers, by session folder. */
export class AnalysisCache {
  #entries = new Map<string, Entry>();
  // reads run one after another, so an exit is marked after the poll that read its last lines
  #last: Promise<unknown> = Promise.resolve();

  /** Reads what the session wrote since the last call; open requests are `no_response` once Codex is gone. */
  read(paths: SessionPaths): Promise<SessionAnalysis> {
    const run = async (): Promise<SessionAnalysis> => {
      const meta = await requireMeta(paths);
      const alive = sessionLiveness(meta).alive;
      const entry = this.#entry(paths, meta);
      await entry.follower.poll({ final: !alive });
      if (!alive) entry.follower.markServerExited();
      return { meta, alive, analysis: entry.follower.analysis() };
    };
    const next = this.#last.catch(() => {}).then(run);
    this.#last = next;
    return next;
  }

  /** The session's follower, for a caller that polls it itself (`codex_wait`). */
  async follower(paths: SessionPaths): Promise<OutputFollower> {
    const meta = await requireMeta(paths);
    return this.#entry(paths, meta).follower;
  }

  #entry(paths: SessionPaths, meta: SessionMeta): Entry {
    const key = paths.dir;
    let entry = this.#entries.get(key);
    // a new run of the session (start archived the old files) starts a new follower
    if (entry && entry.createdAt !== meta.createdAt) entry = undefined;
    if (!entry) {
      entry = { createdAt: meta.createdAt, follower: new OutputFollower(paths) };
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > CACHED_SESSIONS) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return entry;
  }
}
