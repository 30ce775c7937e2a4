/** A session folder whose Codex has exited, for tests that read its output without a process. */

import { newSessionMeta, type SessionBackend, writeMeta } from "../../src/session/metadata.ts";
import { type SessionPaths, sessionPaths } from "../../src/session/state_dir.ts";

/** Creates session "s" in a new temporary state folder; the caller removes `stateDir`. */
export async function deadSession(
  createdAt = 1_000,
): Promise<{ stateDir: string; paths: SessionPaths }> {
  const stateDir = await Deno.makeTempDir({ prefix: "codexmon-dead-session-" });
  const paths = sessionPaths(stateDir, "s");
  await Deno.mkdir(paths.dir, { recursive: true });
  const meta = newSessionMeta({
    name: "s",
    codexPath: "/bin/false",
    codexArgs: [],
    cwd: stateDir,
    codexVersion: "0.153.4",
    createdAt,
  });
  await writeMeta(paths, { ...meta, exit: { code: 0, signal: null, at: createdAt + 1 } });
  return { stateDir, paths };
}

/** Options for {@linkcode endedSession}. */
export interface EndedSessionOptions {
  /** The output's bytes (a real capture). */
  output: Uint8Array;
  backend: SessionBackend;
  codexVersion: string;
  cwd: string;
}

/** Writes session `name` in `stateDir`, whose Codex ran in `cwd` and exited with code 0. */
export async function endedSession(
  stateDir: string,
  name: string,
  options: EndedSessionOptions,
): Promise<SessionPaths> {
  const paths = sessionPaths(stateDir, name);
  await Deno.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const meta = newSessionMeta({
    name,
    codexPath: "/bin/false",
    codexArgs: [],
    cwd: options.cwd,
    codexVersion: options.codexVersion,
    createdAt: Date.now() - 60_000,
    backend: options.backend,
  });
  await writeMeta(paths, { ...meta, exit: { code: 0, signal: null, at: Date.now() - 1_000 } });
  await Deno.writeFile(paths.output, options.output, { mode: 0o600 });
  return paths;
}
