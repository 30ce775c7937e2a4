/** `session start`: archive an ended run, spawn the supervisor, do the MCP handshake. */

import { join } from "node:path";
import { CodexmonError } from "../core/errors.ts";
import { appendLine, appendRequest } from "./buffer.ts";
import { appInitializedLine, appInitializeLine } from "./app_server/messages.ts";
import { findAppInitializeReply } from "./app_server/handshake.ts";
import { probeCodexVersion, requireMcpServer, resolveCodexPath } from "./codex_binary.ts";
import { hasMcpServer, parseCodexVersion } from "./codex_version.ts";
import { sessionLiveness } from "./liveness.ts";
import { withFileLock } from "./lock.ts";
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
  await Deno.mkdir(paths.dir, { recursive: true });
  const timeoutMs = options.timeoutMs ?? 60_000;

  const archivedTo = await withFileLock(paths.lock, async () => {
    const existing = await readMeta(paths);
    if (existing && sessionLiveness(existing).alive) {
      throw new CodexmonError(
        `Cannot start session "${paths.name}": it is already running (supervisor pid ${existing.supervisor?.pid}); stop it first with: codexmon session stop --name ${paths.name}`,
      );
    }
    const archived = existing ? await archiveRun(paths, existing) : null;
    const meta = newSessionMeta({
      name: paths.name,
      codexPath,
      codexArgs: options.codexArgs ?? [],
      cwd: options.cwd,
      codexVersion: probed?.text ?? null,
      createdAt: Date.now(),
      backend,
    });
    // create, never truncate: a buffer the user prepared by hand is fed to Codex as it is
    for (const path of [paths.buffer, paths.output, paths.times]) {
      (await Deno.open(path, { append: true, create: true })).close();
    }
    await writeMeta(paths, meta);
    return archived;
  });

  await spawnSupervisor(paths.dir, { log: paths.log });
  const started = await pollUntil(async () => {
    const meta = await requireMeta(paths);
    return meta.exit !== null || meta.codexPid !== null ? meta : undefined;
  }, { timeoutMs });
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
  });
  return { meta, server, archivedTo };
}

// Moves the files of an ended run aside so the new run starts with its own buffer and output.
async function archiveRun(paths: SessionPaths, meta: SessionMeta): Promise<string> {
  const stamp = new Date(meta.createdAt).toISOString().replaceAll(":", "-");
  let target = join(paths.previous, stamp);
  for (let attempt = 1; await exists(target); attempt += 1) {
    target = join(paths.previous, `${stamp}-${attempt}`);
  }
  await Deno.mkdir(target, { recursive: true });
  for (const path of [paths.buffer, paths.output, paths.times, paths.meta, paths.log]) {
    if (!(await exists(path))) continue;
    await Deno.rename(path, join(target, path.slice(paths.dir.length + 1)));
  }
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
