/** codexmon's own sessions as `ls` rows: live by their supervisor; tokens live in Codex's rollout. */

import { problemSummary, type SessionSummary } from "../core/usage/mod.ts";
import { sessionPaths } from "./state_dir.ts";
import { listSessions } from "./status.ts";

/** One row per session in `stateDir` (none when the folder does not exist). */
export async function codexmonSessionRows(stateDir: string): Promise<SessionSummary[]> {
  const rows: SessionSummary[] = [];
  for (const entry of await listSessions(stateDir)) {
    const paths = sessionPaths(stateDir, entry.name);
    let lastActivity = entry.exit?.at ?? entry.startedAt;
    let size = 0;
    try {
      const info = await Deno.stat(paths.output);
      lastActivity = info.mtime?.getTime() ?? lastActivity;
      size = info.size;
    } catch {
      // no output yet
    }
    const ended = entry.exit !== null && entry.exit.code !== 0 ? "failed" : "done";
    rows.push({
      ...problemSummary(paths.output, { state: "empty", problem: "", size, mtime: lastActivity }),
      id: entry.name,
      kind: "codexmon",
      source: "codexmon",
      state: entry.alive ? "running" : ended,
      startedAt: entry.startedAt,
      cliVersion: entry.codexVersion,
      problem: null,
    });
  }
  return rows;
}
