/**
 * The sessions this MCP server started: stopped when the client goes away, unless started with
 * `keep`. Starts still under way are awaited first, so a session never outlives its server
 * because the client left during `codex_start`.
 */

import type { PromptDefaults } from "./context.ts";

/** A session this server started. */
export interface OwnedSession {
  name: string;
  /** Left running when the client disconnects. */
  keep: boolean;
  /** What `codex_send` uses when a call leaves a setting out. */
  defaults: PromptDefaults;
}

/** How stopping one owned session went. */
export interface StopOutcome {
  name: string;
  error: string | null;
}

/** The registry of owned sessions. */
export class OwnedSessions {
  #sessions = new Map<string, OwnedSession>();
  #starting = new Set<Promise<unknown>>();

  /** Runs `start` and records `session` once it succeeded. */
  async start<T>(session: OwnedSession, start: () => Promise<T>): Promise<T> {
    const running = start();
    this.#starting.add(running);
    try {
      const result = await running;
      this.#sessions.set(session.name, session);
      return result;
    } finally {
      this.#starting.delete(running);
    }
  }

  /** The owned session `name`, if any. */
  get(name: string): OwnedSession | undefined {
    return this.#sessions.get(name);
  }

  /** Forgets `name` (it was stopped). */
  forget(name: string): void {
    this.#sessions.delete(name);
  }

  /** Stops every session not started with `keep` (all at once), after the starts under way. */
  async stopAll(stop: (name: string) => Promise<void>): Promise<StopOutcome[]> {
    await Promise.allSettled([...this.#starting]);
    const leaving = [...this.#sessions.values()].filter((session) => !session.keep);
    return await Promise.all(leaving.map(async (session): Promise<StopOutcome> => {
      try {
        await stop(session.name);
        return { name: session.name, error: null };
      } catch (error) {
        return {
          name: session.name,
          error: error instanceof Error ? error.message : String(error),
        };
      } finally {
        this.#sessions.delete(session.name);
      }
    }));
  }
}
