/**
 * `session stop`: ends the supervisor, Codex and everything Codex started (the process
 * session and group the supervisor leads, plus its descendants), waits with a deadline,
 * kills what is left, and verifies in `/proc` that nothing remains. Files are kept.
 */

import { CodexmonError } from "../core/errors.ts";
import { type ExitRecord, requireMeta, updateMeta } from "./metadata.ts";
import { pollUntil } from "./poll.ts";
import {
  descendants,
  isProcessAlive,
  type ProcStat,
  sendSignal,
  sessionMembers,
} from "./processes.ts";
import type { SessionPaths } from "./state_dir.ts";

/** Options for {@linkcode stopSession}. */
export interface StopOptions {
  /** How long processes get after SIGTERM before SIGKILL (default 10 s). */
  timeoutMs?: number;
}

/** What {@linkcode stopSession} did. */
export interface StopResult {
  /** Processes that were running when the stop began. */
  found: number;
  /** Processes that had to be killed with SIGKILL. */
  killed: number;
  exit: ExitRecord | null;
}

/** Stops session `paths.name`; throws when a process of it survives SIGKILL. */
export async function stopSession(
  paths: SessionPaths,
  options: StopOptions = {},
): Promise<StopResult> {
  const meta = await requireMeta(paths);
  const supervisor = meta.supervisor;
  if (supervisor === null) return { found: 0, killed: 0, exit: meta.exit };
  const targets = () => sessionProcesses(supervisor.pid, supervisor.startTicks);
  const found = targets();
  if (found.length > 0) {
    if (isProcessAlive(supervisor.pid, supervisor.startTicks)) {
      sendSignal(-supervisor.pgid, "SIGTERM");
    }
    for (const process of found) sendSignal(process.pid, "SIGTERM");
  }
  const ended = await pollUntil(() => (stillAlive(found).length === 0 ? true : undefined), {
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  let killed = 0;
  if (!ended) {
    for (const process of [...stillAlive(found), ...targets()]) {
      if (sendSignal(process.pid, "SIGKILL")) killed += 1;
    }
    await pollUntil(
      () => (stillAlive(found).length === 0 && targets().length === 0 ? true : undefined),
      {
        timeoutMs: 5_000,
      },
    );
  }
  const left = [...stillAlive(found), ...targets()];
  if (left.length > 0) {
    const list = left.map((process) => `${process.pid} (${process.name})`).join(", ");
    throw new CodexmonError(`Cannot stop session "${paths.name}": processes are left: ${list}`);
  }
  const updated = await updateMeta(paths, (meta) => {
    meta.stoppedAt = Date.now();
    // the supervisor records Codex's exit itself; if it was killed first, say how it ended
    meta.exit ??= { code: null, signal: killed > 0 ? "SIGKILL" : "SIGTERM", at: Date.now() };
  });
  return { found: found.length, killed, exit: updated.exit };
}

/** Live processes of the session led by `pid`: its process session or group, and its descendants. */
export function sessionProcesses(pid: number, startTicks: number | null): ProcStat[] {
  const byPid = new Map<number, ProcStat>();
  // a pid reused by an unrelated process started later than the supervisor did; skip older ones
  const ours = (stat: ProcStat) =>
    startTicks === null || stat.startTicks === null || stat.startTicks >= startTicks;
  for (const stat of sessionMembers(pid)) if (ours(stat)) byPid.set(stat.pid, stat);
  if (isProcessAlive(pid, startTicks)) {
    for (const stat of descendants(pid)) byPid.set(stat.pid, stat);
  }
  return [...byPid.values()];
}

function stillAlive(processes: readonly ProcStat[]): ProcStat[] {
  return processes.filter((process) => isProcessAlive(process.pid, process.startTicks));
}
