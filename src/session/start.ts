/** `session start`: archive an ended run, spawn the supervisor, do the MCP handshake. */

import { SessionHintError } from "./hints.ts";
import { basename, dirname, join } from "node:path";
import { CodexmonError } from "../core/errors.ts";
import { appendLine, appendRequest } from "./buffer.ts";
import { appInitializedLine, appInitializeLine } from "./app_server/messages.ts";
import { findAppInitializeReply } from "./app_server/handshake.ts";
import { probeCodexVersion, requireMcpServer, resolveCodexPath } from "./codex_binary.ts";
import { hasMcpServer, parseCodexVersion } from "./codex_version.ts";
import { sessionLiveness } from "./liveness.ts";
import { tryFileLock, withFileLock } from "./lock.ts";
import { initializedLine, initializeLine } from "./messages.ts";
import {
  newSessionMeta,
  readMeta,
  requireMeta,
  type SessionBackend,
  type SessionMeta,
  updateMeta,
  writeMeta,
} from "./metadata.ts";
import { findInitializeReply, lastTextLines, type ServerInfo } from "./output_lines.ts";
import { pollUntil } from "./poll.ts";
import { ensurePrivateDir, openPrivateFile } from "./private_files.ts";
import { spawnSupervisor } from "./spawn_supervisor.ts";
import type { SessionPaths } from "./state_dir.ts";
import { stopSession } from "./stop.ts";

/** The version codexmon announces in `initialize`. */
export const CLIENT_VERSION = "0.1.0";

/** Options for {@linkcode startSession}. */
export interface StartOptions {
  /** `--codex`, else config `session.codex`. */
  codex?: string | undefined;
  /** Codex's working directory (default: the current one). */
  cwd: string;
  /** Extra arguments after `codex mcp-server`. */
  codexArgs?: string[];
  env: (name: string) => string | undefined;
  /** `--backend`; default: `mcp-server` up to Codex 0.153.4, `app-server` from 0.154. */
  backend?: SessionBackend | undefined;
  /** How long to wait for the supervisor and the `initialize` reply (default 60 s). */
  timeoutMs?: number;
}

/** What {@linkcode startSession} did. */
export interface StartResult {
  meta: SessionMeta;
  server: ServerInfo;
  /** Where an earlier, ended run of this session was moved, if there was one. */
  archivedTo: string | null;
}

/** Starts session `paths.name`. Refuses when it already runs. */
export async function startSession(
  paths: SessionPaths,
  options: StartOptions,
): Promise<StartResult> {
  const codexPath = resolveCodexPath({
    requested: options.codex,
    cwd: options.cwd,
    env: options.env,
  });
  const probed = await probeCodexVersion(codexPath);
  const backend = options.backend ??
    (probed !== null && !hasMcpServer(probed) ? "app-server" : "mcp-server");
  if (backend === "mcp-server") requireMcpServer(codexPath, probed);
  ensurePrivateDir(dirname(paths.dir), { what: "state folder" });
  ensurePrivateDir(paths.dir, { what: "session folder", tighten: true });
  const timeoutMs = options.timeoutMs ?? 60_000;

  // held until the supervisor has recorded itself, so no second start spawns an unrecorded one
  const startLock = tryFileLock(paths.startLock);
  if (startLock === null) {
    throw new CodexmonError(
      `Cannot start session "${paths.name}": it is already starting (another start holds ${paths.startLock})`,
    );
  }
  let archivedTo: string | null;
  let started: SessionMeta | undefined;
  try {
    archivedTo = await withFileLock(paths.lock, async () => {
      const existing = await readMeta(paths);
      if (existing && sessionLiveness(existing).alive) {
        const what = existing.readyAt === null ? "starting" : "running";
        throw new SessionHintError(
          `Cannot start session "${paths.name}": it is already ${what} (supervisor pid ${existing.supervisor?.pid})`,
          { command: "stop", session: paths.name },
        );
      }
      // files of an ended run, or left by anyone else, are moved aside: never fed to the new Codex
      const archived = await archiveRun(paths, existing);
      const meta = newSessionMeta({
        name: paths.name,
        codexPath,
        codexArgs: options.codexArgs ?? [],
        cwd: options.cwd,
        codexVersion: probed?.text ?? null,
        createdAt: Date.now(),
        backend,
      });
      for (const path of [paths.buffer, paths.output, paths.times, paths.log]) {
        openPrivateFile(path, { append: true, create: true }).close();
      }
      await writeMeta(paths, meta);
      return archived;
    });

    await spawnSupervisor(paths.dir, { log: paths.log });
    started = await pollUntil(async () => {
      const meta = await requireMeta(paths);
      return meta.exit !== null || meta.codexPid !== null ? meta : undefined;
    }, { timeoutMs });
  } finally {
    startLock.release();
  }
  if (!started) {
    await stopQuietly(paths);
    throw new CodexmonError(
      `Cannot start session "${paths.name}": the supervisor did not start within ${
        timeoutMs / 1000
      } s${await logTail(paths)}`,
    );
  }
  if (started.exit?.error) {
    throw new CodexmonError(`Cannot start Codex "${codexPath}": ${started.exit.error}`);
  }

  const app = backend === "app-server";
  const { id } = await appendRequest(
    paths,
    (id) => app ? appInitializeLine(id, CLIENT_VERSION) : initializeLine(id, CLIENT_VERSION),
  );
  await appendLine(paths.buffer, app ? appInitializedLine() : initializedLine());
  type Outcome = { kind: "ready"; server: ServerInfo } | {
    kind: "exited";
    meta: SessionMeta;
    text: string;
  };
  const outcome = await pollUntil<Outcome>(async () => {
    const text = await readText(paths.output);
    const server = app ? findAppInitializeReply(text, id) : findInitializeReply(text, id);
    if (server) return { kind: "ready", server };
    const meta = await requireMeta(paths);
    if (meta.exit !== null || !sessionLiveness(meta).supervisorAlive) {
      return { kind: "exited", meta, text };
    }
    return undefined;
  }, { timeoutMs, intervalMs: 25 });
  if (!outcome) {
    await stopQuietly(paths);
    const lines = lastTextLines(await readText(paths.output), 10);
    throw new CodexmonError(
      `Cannot start session "${paths.name}": Codex did not answer "initialize" within ${
        timeoutMs / 1000
      } s (stopped it)${formatLines(lines)}`,
    );
  }
  if (outcome.kind === "exited") {
    const exit = outcome.meta.exit;
    const how = exit === null
      ? "the supervisor died"
      : exit.signal
      ? `killed by ${exit.signal}`
      : `exit code ${exit.code}`;
    await stopQuietly(paths);
    throw new CodexmonError(
      `Cannot start session "${paths.name}": Codex exited at once (${how})${
        formatLines(lastTextLines(outcome.text, 10))
      }`,
    );
  }
  const server = outcome.server;
  const meta = await updateMeta(paths, (meta) => {
    const version = server.version ?? parseCodexVersion(server.userAgent ?? "")?.text;
    if (version) meta.codexVersion = version;
    meta.readyAt = Date.now();
  });
  return { meta, server, archivedTo };
}

// Moves the files of an ended run (or files nobody recorded) aside, so the new run starts
// with its own buffer and output; returns where, or null when there was nothing.
async function archiveRun(paths: SessionPaths, meta: SessionMeta | null): Promise<string | null> {
  const files = [paths.buffer, paths.output, paths.times, paths.meta, paths.log];
  const present: string[] = [];
  for (const path of files) if (await exists(path)) present.push(path);
  if (present.length === 0) return null;
  const stamp = new Date(meta?.createdAt ?? Date.now()).toISOString().replaceAll(":", "-");
  ensurePrivateDir(paths.previous, { what: "archive folder" });
  let target = join(paths.previous, stamp);
  for (let attempt = 1; await exists(target); attempt += 1) {
    target = join(paths.previous, `${stamp}-${attempt}`);
  }
  ensurePrivateDir(target, { what: "archive folder" });
  // rename moves a link itself, never what it points to
  for (const path of present) await Deno.rename(path, join(target, basename(path)));
  return target;
}

async function stopQuietly(paths: SessionPaths): Promise<void> {
  try {
    await stopSession(paths, {});
  } catch {
    // the start error is the one to report
  }
}

async function logTail(paths: SessionPaths): Promise<string> {
  return formatLines(lastTextLines(await readText(paths.log), 10));
}

function formatLines(lines: string[]): string {
  return lines.length === 0 ? "" : `:\n  ${lines.join("\n  ")}`;
}

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return "";
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
