/** codexmon's own sessions as `ls` rows: live by their supervisor, facts from the record and output tail. */

import { costFor, type PriceTable } from "../core/pricing/mod.ts";
import { problemSummary, type SessionSummary } from "../core/usage/mod.ts";
import { readOutputFacts } from "./output_facts.ts";
import { sessionPaths } from "./state_dir.ts";
import { listSessions } from "./status.ts";

/** Options for {@linkcode codexmonSessionRows}. */
export interface CodexmonSessionRowsOptions {
  /** Prices the tokens the output shows. */
  prices: PriceTable;
}

/**
 * One row per session in `stateDir` (none when the folder does not exist); a session whose
 * record cannot be read is `unreadable`, with the reason as its problem.
 */
export async function codexmonSessionRows(
  stateDir: string,
  options: CodexmonSessionRowsOptions,
): Promise<SessionSummary[]> {
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
    const base = {
      ...problemSummary(paths.output, { state: "empty", problem: "", size, mtime: lastActivity }),
      id: entry.name,
      kind: "codexmon" as const,
      source: "codexmon",
    };
    if (entry.broken !== null) {
      rows.push({ ...base, state: "unreadable", problem: entry.broken });
      continue;
    }
    const facts = await readOutputFacts(paths.output);
    const model = facts?.model ?? null;
    const tokens = facts?.tokens ?? null;
    const ended = entry.exit !== null && entry.exit.code !== 0 ? "failed" : "done";
    rows.push({
      ...base,
      state: entry.alive ? "running" : ended,
      startedAt: entry.startedAt,
      cwd: entry.cwd,
      model,
      cliVersion: entry.codexVersion,
      turns: facts?.turns ?? 0,
      turnsExact: facts?.turnsExact ?? size === 0,
      tokens,
      cost: tokens === null ? null : costFor(tokens, model, options.prices),
      problem: null,
    });
  }
  return rows;
}
