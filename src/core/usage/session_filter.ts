/** The `ls` filters: time window, working folder, state, count. */

import type { SessionState, SessionSummary } from "./session_summary.ts";

/** What to keep. Every field is optional; an empty filter keeps everything. */
export interface SessionFilter {
  /** Keep sessions active at or after this time (ms). */
  since?: number;
  /** Keep sessions started at or before this time (ms). */
  until?: number;
  /** Keep sessions whose cwd is this folder or below it. */
  cwd?: string;
  states?: ReadonlySet<SessionState>;
  limit?: number;
}

/** The sessions `filter` keeps, in the given order. */
export function filterSessions(
  sessions: readonly SessionSummary[],
  filter: SessionFilter,
): SessionSummary[] {
  const kept = sessions.filter((session) => {
    const active = session.lastActivity ?? session.startedAt;
    if (filter.since !== undefined && (active === null || active < filter.since)) return false;
    const started = session.startedAt ?? session.lastActivity;
    if (filter.until !== undefined && (started === null || started > filter.until)) return false;
    if (filter.cwd !== undefined && !underFolder(session.cwd, filter.cwd)) return false;
    if (filter.states !== undefined && !filter.states.has(session.state)) return false;
    return true;
  });
  return filter.limit === undefined ? kept : kept.slice(0, filter.limit);
}

function underFolder(cwd: string | null, folder: string): boolean {
  if (cwd === null) return false;
  const base = folder.endsWith("/") && folder.length > 1 ? folder.slice(0, -1) : folder;
  return cwd === base || cwd.startsWith(`${base}/`);
}
