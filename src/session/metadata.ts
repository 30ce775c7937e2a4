/** `session.json`: what codexmon knows about a session beyond its output. */

import { SessionHintError } from "./hints.ts";
import { CodexmonError } from "../core/errors.ts";
import type { RequestId } from "../core/model/mod.ts";
import { withFileLock } from "./lock.ts";
import { MetaFieldError, validateSessionMeta } from "./meta_schema.ts";
import { writePrivateFileAtomic } from "./private_files.ts";
import type { SessionPaths } from "./state_dir.ts";

/** The supervisor process, which leads the session's process group. */
export interface SupervisorInfo {
  pid: number;
  /** Process group id (= pid: the supervisor runs under `setsid`). */
  pgid: number;
  /** Session id of the process session (= pid). */
  sid: number;
  /** `/proc/PID/stat` start time in clock ticks, to tell a reused pid apart. */
  startTicks: number | null;
}

/** How Codex ended. */
export interface ExitRecord {
  code: number | null;
  signal: string | null;
  at: number;
  /** Set when Codex could not be spawned at all. */
  error?: string;
  /** Set when how Codex ended is not known (the supervisor died first). */
  reason?: string;
}

/** A request `cancel` marked as cancelled because Codex did not end it. */
export interface CancelRecord {
  requestId: RequestId;
  at: number;
  reason: string;
}

/** An approval answered through the buffer. */
export interface AnswerRecord {
  requestId: RequestId;
  elicitationId: RequestId;
  decision: string;
  at: number;
}

/** How codexmon talks to Codex. */
export type SessionBackend = "mcp-server" | "app-server";

/** The content of `session.json`. */
export interface SessionMeta {
  format: 1;
  name: string;
  /** `codex mcp-server` (Codex 0.153.4 and older) or `codex app-server` (0.154 and later). */
  backend: SessionBackend;
  /** When `start` created the session (ms since epoch). */
  createdAt: number;
  codexPath: string;
  /** Extra arguments after `mcp-server`. */
  codexArgs: string[];
  /** Codex's working directory. */
  cwd: string;
  /** The server's version from the `initialize` reply (else from `codex --version`). */
  codexVersion: string | null;
  supervisor: SupervisorInfo | null;
  codexPid: number | null;
  /** Codex's `/proc` start time, to tell a reused pid apart. */
  codexStartTicks: number | null;
  /** When Codex was spawned (ms since epoch). */
  startedAt: number | null;
  /** When `start` finished the handshake (ms since epoch); null while starting. */
  readyAt: number | null;
  exit: ExitRecord | null;
  /** When `stop` ended the session. */
  stoppedAt: number | null;
  /** The next request id to hand out. */
  nextId: number;
  /** Bytes of the buffer already scanned for ids. */
  scannedOffset: number;
  cancelled: CancelRecord[];
  answered: AnswerRecord[];
}

/** A fresh record for a session about to start. */
export function newSessionMeta(
  options: Pick<SessionMeta, "name" | "codexPath" | "codexArgs" | "cwd" | "codexVersion"> & {
    createdAt: number;
    backend?: SessionBackend;
  },
): SessionMeta {
  return {
    format: 1,
    name: options.name,
    backend: options.backend ?? "mcp-server",
    createdAt: options.createdAt,
    codexPath: options.codexPath,
    codexArgs: options.codexArgs,
    cwd: options.cwd,
    codexVersion: options.codexVersion,
    supervisor: null,
    codexPid: null,
    codexStartTicks: null,
    startedAt: null,
    readyAt: null,
    exit: null,
    stoppedAt: null,
    nextId: 0,
    scannedOffset: 0,
    cancelled: [],
    answered: [],
  };
}

/** Reads `session.json`, or null when the session does not exist. */
export async function readMeta(paths: SessionPaths): Promise<SessionMeta | null> {
  let text: string;
  try {
    if ((await Deno.lstat(paths.meta)).isSymlink) {
      throw new Error("it is a symbolic link (codexmon never follows links in its state folder)");
    }
    text = await Deno.readTextFile(paths.meta);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw new CodexmonError(`Cannot read "${paths.meta}": ${describe(error)}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CodexmonError(`Cannot read session record "${paths.meta}": ${describe(error)}`, {
      cause: error,
    });
  }
  try {
    return validateSessionMeta(value);
  } catch (error) {
    if (!(error instanceof MetaFieldError)) throw error;
    throw new CodexmonError(`Cannot read session record "${paths.meta}": ${error.message}`, {
      cause: error,
    });
  }
}

/** Reads `session.json`; throws a clear error when session `name` does not exist. */
export async function requireMeta(paths: SessionPaths): Promise<SessionMeta> {
  const meta = await readMeta(paths);
  if (!meta) {
    throw new SessionHintError(`Cannot find session "${paths.name}": no ${paths.meta}`, {
      command: "start",
      session: paths.name,
    });
  }
  return meta;
}

/**
 * Writes `session.json` whole: a private temporary file with an unpredictable name, created
 * exclusively and renamed over it, so readers never see half and no link is followed.
 */
export async function writeMeta(paths: SessionPaths, meta: SessionMeta): Promise<void> {
  await writePrivateFileAtomic(paths.meta, JSON.stringify(meta, null, 2) + "\n");
}

/** Reads, changes and writes `session.json` under the session lock; returns the new record. */
export function updateMeta(
  paths: SessionPaths,
  change: (meta: SessionMeta) => void | Promise<void>,
): Promise<SessionMeta> {
  return withFileLock(paths.lock, async () => {
    const meta = await requireMeta(paths);
    await change(meta);
    await writeMeta(paths, meta);
    return meta;
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
