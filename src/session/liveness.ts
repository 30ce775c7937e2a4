/** Whether a session still runs, from its metadata and `/proc`. */

import type { SessionMeta } from "./metadata.ts";
import { isProcessAlive } from "./processes.ts";

/** What runs of a session. */
export interface Liveness {
  /** The supervisor runs and Codex has not exited. */
  alive: boolean;
  supervisorAlive: boolean;
  codexAlive: boolean;
}

/** Checks the supervisor (pid and start time) and Codex. */
export function sessionLiveness(meta: SessionMeta): Liveness {
  const supervisor = meta.supervisor;
  const supervisorAlive = supervisor !== null &&
    isProcessAlive(supervisor.pid, supervisor.startTicks);
  const codexAlive = meta.exit === null && meta.codexPid !== null && supervisorAlive &&
    isProcessAlive(meta.codexPid);
  return { alive: supervisorAlive && meta.exit === null, supervisorAlive, codexAlive };
}
