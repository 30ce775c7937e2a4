/**
 * `parse` and `watch` of a session's `output.json`: the session record beside the file says
 * whether the server is gone, so every view gives the same answer as `session status`.
 */

import { basename, dirname } from "node:path";
import { sessionLiveness } from "./liveness.ts";
import { readMeta } from "./metadata.ts";
import { sessionPaths } from "./state_dir.ts";
import { goneReason } from "./wait.ts";

/** What the record beside an output file says about its server. */
export interface ServerGone {
  /** The session's name. */
  session: string;
  /** Why the server is gone, in words (`Codex was killed by SIGKILL`). */
  reason: string;
}

/**
 * When `outputPath` is the `output.json` of a session folder whose Codex is gone, says so;
 * null for any other file, a running or starting session, or a record that cannot be read.
 */
export async function serverGoneBeside(outputPath: string): Promise<ServerGone | null> {
  if (basename(outputPath) !== "output.json") return null;
  const dir = dirname(outputPath);
  let paths;
  try {
    paths = sessionPaths(dirname(dir), basename(dir));
  } catch {
    return null; // not a session folder name
  }
  let meta;
  try {
    meta = await readMeta(paths);
  } catch {
    return null;
  }
  if (meta === null) return null;
  const liveness = sessionLiveness(meta);
  if (liveness.alive || liveness.supervisor === "starting") return null;
  return { session: meta.name, reason: goneReason(meta, liveness.supervisor) };
}

/** How often `watch` asks the session record whether the server is gone. */
export const SERVER_PROBE_MS = 1000;

/**
 * For followers that poll synchronously (`watch`): checks the record beside `outputPath` at
 * most once per {@linkcode SERVER_PROBE_MS} in the background and returns the latest answer.
 */
export class ServerGoneProbe {
  #path: string;
  #last = -Infinity;
  #running = false;
  #gone: ServerGone | null = null;

  constructor(outputPath: string) {
    this.#path = outputPath;
  }

  /** True when `outputPath` could belong to a session (only those are probed). */
  static applies(outputPath: string): boolean {
    return basename(outputPath) === "output.json";
  }

  /** The latest answer; starts a new check when the last one is old enough. */
  poll(now: number): ServerGone | null {
    if (!this.#running && now - this.#last >= SERVER_PROBE_MS) {
      this.#running = true;
      this.#last = now;
      serverGoneBeside(this.#path)
        .then((gone) => this.#gone = gone, () => this.#gone = null)
        .finally(() => this.#running = false);
    }
    return this.#gone;
  }
}
