/** Where sessions live: `.codexmon/<name>/` with the buffer, the output and the metadata. */

import { join, resolve } from "node:path";
import { UsageError } from "../core/errors.ts";
import { arrivalTimesPath } from "../io/mod.ts";

/** The state folder used when neither `--state-dir` nor the environment names one. */
export const DEFAULT_STATE_DIR = ".codexmon";

/** The environment variable that overrides the state folder. */
export const STATE_DIR_ENV = "CODEXMON_STATE_DIR";

/** The session name used when none is given. */
export const DEFAULT_SESSION_NAME = "default";

/** Options for {@linkcode resolveStateDir}. */
export interface ResolveStateDirOptions {
  /** `--state-dir` as given. */
  flag?: string | undefined;
  env: (name: string) => string | undefined;
  cwd: string;
}

/** The absolute state folder: `--state-dir`, else `$CODEXMON_STATE_DIR`, else `.codexmon` in `cwd`. */
export function resolveStateDir(options: ResolveStateDirOptions): string {
  const fromEnv = options.env(STATE_DIR_ENV);
  const chosen = options.flag ?? (fromEnv !== undefined && fromEnv !== "" ? fromEnv : undefined);
  return resolve(options.cwd, chosen ?? DEFAULT_STATE_DIR);
}

/** The files of one session. */
export interface SessionPaths {
  name: string;
  dir: string;
  /** What Codex reads: only ever appended to. */
  buffer: string;
  /** What Codex writes (stdout and stderr, line by line). */
  output: string;
  /** One `{"line":N,"at":EPOCH_MS}` per output line. */
  times: string;
  /** Metadata (`SessionMeta`). */
  meta: string;
  /** Taken with an exclusive lock while ids are allocated and metadata changes. */
  lock: string;
  /** Held by `start` until the supervisor has recorded itself: one start per name. */
  startLock: string;
  /** The supervisor's own stderr. */
  log: string;
  /** Earlier runs under this name, moved aside by `start`. */
  previous: string;
}

/** Throws {@linkcode UsageError} unless `name` is a safe folder name. */
export function validateSessionName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new UsageError(
      `Invalid session name "${name}": use letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit)`,
    );
  }
  return name;
}

/** The paths of session `name` in `stateDir`. */
export function sessionPaths(stateDir: string, name: string): SessionPaths {
  validateSessionName(name);
  const dir = join(stateDir, name);
  const output = join(dir, "output.json");
  return {
    name,
    dir,
    buffer: join(dir, "buffer.jsonl"),
    output,
    times: arrivalTimesPath(output),
    meta: join(dir, "session.json"),
    lock: join(dir, "lock"),
    startLock: join(dir, "start.lock"),
    log: join(dir, "supervisor.log"),
    previous: join(dir, "previous"),
  };
}

/** Names of the sessions in `stateDir` (folders holding a `session.json`), sorted. */
export async function listSessionNames(stateDir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(stateDir)) {
      if (!entry.isDirectory) continue;
      try {
        await Deno.stat(join(stateDir, entry.name, "session.json"));
        names.push(entry.name);
      } catch {
        // not a session folder
      }
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return names.sort();
}
