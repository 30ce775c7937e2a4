/** A session folder whose Codex has exited, for tests that read its output without a process. */

import { newSessionMeta, writeMeta } from "../../src/session/metadata.ts";
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
