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
  type IdentityOptions,
  isProcessAlive,
  processIdentity,
  type ProcStat,
  readProcStat,
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

/** The word in the supervisor's command line that tells it apart from a process reusing its pid. */
export const SUPERVISOR_MARK = "_supervise";

/** Stops session `paths.name`; throws when a process of it survives SIGKILL. */
export async function stopSession(
  paths: SessionPaths,
  options: StopOptions = {},
): Promise<StopResult> {
  const meta = await requireMeta(paths);
  const supervisor = meta.supervisor;
  if (supervisor === null) return { found: 0, killed: 0, exit: meta.exit };
  const targets = () => sessionProcesses(supervisor, { cmdlineIncludes: SUPERVISOR_MARK });
  const found = targets();
  if (found.length > 0) {
    const leader = processIdentity(supervisor.pid, supervisor.startTicks, {
      cmdlineIncludes: SUPERVISOR_MARK,
    });
    if (leader === "alive" && isSafeGroup(supervisor.pgid)) {
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
    const now = Date.now();
    meta.stoppedAt = now;
    // the supervisor records Codex's exit itself; otherwise record only a signal stop sent
    meta.exit ??= found.length > 0
      ? { code: null, signal: killed > 0 ? "SIGKILL" : "SIGTERM", at: now }
      : {
        code: null,
        signal: null,
        at: now,
        reason: "the supervisor was gone before stop; how Codex ended is not known",
      };
  });
  return { found: found.length, killed, exit: updated.exit };
}

/** The recorded supervisor: its pid and `/proc` start time. */
export interface RecordedProcess {
  pid: number;
  startTicks: number | null;
}

/**
 * Live processes of the session led by `leader`: its process session or group, and its
 * descendants. None when another process now runs under the leader's pid: the kernel does not
 * hand out a pid still naming a live group or session, so that group is no longer ours.
 */
export function sessionProcesses(
  leader: RecordedProcess,
  options: IdentityOptions = {},
): ProcStat[] {
  const identity = processIdentity(leader.pid, leader.startTicks, options);
  if (identity === "reused" || !isSafeGroup(leader.pid)) return [];
  const startTicks = leader.startTicks;
  const byPid = new Map<number, ProcStat>();
  // members started no earlier than the leader; never codexmon itself
  const ours = (stat: ProcStat) =>
    stat.pid > 1 && stat.pid !== Deno.pid &&
    (startTicks === null || stat.startTicks === null || stat.startTicks >= startTicks);
  for (const stat of sessionMembers(leader.pid)) if (ours(stat)) byPid.set(stat.pid, stat);
  if (identity === "alive") {
    for (const stat of descendants(leader.pid)) if (ours(stat)) byPid.set(stat.pid, stat);
  }
  return [...byPid.values()];
}

/** False for groups codexmon must never signal: pid 0 or 1 (everything) and its own group. */
export function isSafeGroup(pgid: number): boolean {
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return false;
  const own = readProcStat(Deno.pid);
  return own === null || (own.pgid !== pgid && own.sid !== pgid);
}

function stillAlive(processes: readonly ProcStat[]): ProcStat[] {
  return processes.filter((process) => isProcessAlive(process.pid, process.startTicks));
}
