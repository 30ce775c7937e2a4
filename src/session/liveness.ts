/** Whether a session still runs, from its metadata and `/proc`. */

import type { SessionMeta } from "./metadata.ts";
import { processIdentity } from "./processes.ts";
import { SUPERVISOR_MARK } from "./stop.ts";

/** How long a record without a supervisor counts as starting rather than dead. */
export const STARTING_GRACE_MS = 60_000;

/** What the supervisor's recorded pid shows now. */
export type SupervisorState = "alive" | "starting" | "dead" | "reused";

/** What runs of a session. */
export interface Liveness {
  /** The supervisor runs and Codex has not exited. */
  alive: boolean;
  supervisorAlive: boolean;
  codexAlive: boolean;
  /** `reused`: a process runs under the recorded pid but started at another time. */
  supervisor: SupervisorState;
}

/** Checks the supervisor (pid, start time and command line) and Codex (pid and start time). */
export function sessionLiveness(meta: SessionMeta, now: number = Date.now()): Liveness {
  const supervisor = meta.supervisor;
  let state: SupervisorState;
  if (supervisor === null) {
    const recent = meta.exit === null && meta.stoppedAt === null &&
      now - meta.createdAt < STARTING_GRACE_MS && now >= meta.createdAt;
    state = recent ? "starting" : "dead";
  } else {
    state = processIdentity(supervisor.pid, supervisor.startTicks, {
      cmdlineIncludes: SUPERVISOR_MARK,
    });
  }
  const supervisorAlive = state === "alive";
  const codexAlive = meta.exit === null && meta.codexPid !== null && supervisorAlive &&
    processIdentity(meta.codexPid, meta.codexStartTicks) === "alive";
  return {
    alive: supervisorAlive && meta.exit === null,
    supervisorAlive,
    codexAlive,
    supervisor: state,
  };
}
