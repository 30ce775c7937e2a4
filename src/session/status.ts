/** `session status` and `session list`: what runs, since when, and the request table. */

import { type RequestId, requestKey, type RequestState, type TextLine } from "../core/model/mod.ts";
import { sessionLiveness, type SupervisorState } from "./liveness.ts";
import { readMeta, requireMeta, type SessionMeta } from "./metadata.ts";
import { OutputFollower } from "./output_follower.ts";
import { pendingApprovals } from "./send.ts";
import { listSessionNames, type SessionPaths, sessionPaths } from "./state_dir.ts";

/** One row of the request table. */
export interface RequestStatus {
  key: string;
  requestId: RequestId;
  tool: string | null;
  /** The analysed state, or `cancelled` when `cancel` marked an open request. */
  state: RequestState;
  /** True when the state comes from `cancel`'s mark, not from the output. */
  markedCancelled: boolean;
  threadId: string | null;
  firstTime: number | null;
  lastTime: number | null;
  lastEventType: string | null;
  commands: number;
  totalTokens: number | null;
  finalMessage: string | null;
  /** The message of the first approval still waiting for an answer. */
  pendingApproval: string | null;
}

/** Everything `status` shows. */
export interface SessionStatus {
  name: string;
  dir: string;
  alive: boolean;
  /** `starting` before the supervisor recorded itself; `reused` when its pid now names another process. */
  supervisorState: SupervisorState;
  supervisorPid: number | null;
  codexPid: number | null;
  codexPath: string;
  codexVersion: string | null;
  startedAt: number | null;
  /** Time Codex ran: until now when alive, else until it exited. */
  uptimeMs: number | null;
  exit: SessionMeta["exit"];
  stoppedAt: number | null;
  outputLines: number;
  requests: RequestStatus[];
  /** The last few non-JSON lines (stderr). */
  textLines: TextLine[];
}

/** Reads the status of one session. */
export async function readSessionStatus(
  paths: SessionPaths,
  options: { now: number },
): Promise<SessionStatus> {
  const meta = await requireMeta(paths);
  const liveness = sessionLiveness(meta);
  const follower = new OutputFollower(paths);
  // one look: a line whose arrival time is not written yet is shown, not held for a next poll
  await follower.poll({ final: !liveness.alive, once: true });
  if (!liveness.alive) follower.markServerExited();
  const analysis = follower.analysis();
  const cancelled = new Set(meta.cancelled.map((record) => requestKey(record.requestId)));
  const requests = analysis.requests.map((request): RequestStatus => {
    const open = request.state === "running" || request.state === "awaiting_approval" ||
      request.state === "no_response";
    const markedCancelled = open && cancelled.has(request.key);
    return {
      key: request.key,
      requestId: request.requestId,
      tool: request.tool,
      state: markedCancelled ? "cancelled" : request.state,
      markedCancelled,
      threadId: request.threadId,
      firstTime: request.firstTime,
      lastTime: request.lastTime,
      lastEventType: request.lastEventType,
      commands: request.commands.length,
      totalTokens: request.tokens?.total ?? null,
      finalMessage: request.finalMessage,
      pendingApproval: pendingApprovals(request, meta)[0]?.message ?? null,
    };
  });
  const end = liveness.alive ? options.now : meta.exit?.at ?? meta.stoppedAt ?? null;
  return {
    name: meta.name,
    dir: paths.dir,
    alive: liveness.alive,
    supervisorState: liveness.supervisor,
    supervisorPid: meta.supervisor?.pid ?? null,
    codexPid: meta.codexPid,
    codexPath: meta.codexPath,
    codexVersion: meta.codexVersion,
    startedAt: meta.startedAt,
    uptimeMs: meta.startedAt !== null && end !== null ? end - meta.startedAt : null,
    exit: meta.exit,
    stoppedAt: meta.stoppedAt,
    outputLines: follower.lines,
    requests,
    textLines: analysis.textLines.slice(-5),
  };
}

/** One row of `session list`. */
export interface SessionListEntry {
  name: string;
  alive: boolean;
  supervisorState: SupervisorState | null;
  supervisorPid: number | null;
  codexPid: number | null;
  codexVersion: string | null;
  startedAt: number | null;
  /** Codex's working directory; null when the record cannot be read. */
  cwd: string | null;
  exit: SessionMeta["exit"];
  /** Why the record could not be read (the others are still listed), else null. */
  broken: string | null;
}

/** All sessions in `stateDir`, by name; a corrupt record is listed as broken, not skipped. */
export async function listSessions(stateDir: string): Promise<SessionListEntry[]> {
  const entries: SessionListEntry[] = [];
  for (const name of await listSessionNames(stateDir)) {
    let meta: SessionMeta | null;
    try {
      meta = await readMeta(sessionPaths(stateDir, name));
    } catch (error) {
      entries.push({
        name,
        alive: false,
        supervisorState: null,
        supervisorPid: null,
        codexPid: null,
        codexVersion: null,
        startedAt: null,
        cwd: null,
        exit: null,
        broken: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    if (!meta) continue;
    const liveness = sessionLiveness(meta);
    entries.push({
      name,
      alive: liveness.alive,
      supervisorState: liveness.supervisor,
      supervisorPid: meta.supervisor?.pid ?? null,
      codexPid: meta.codexPid,
      codexVersion: meta.codexVersion,
      startedAt: meta.startedAt,
      cwd: meta.cwd,
      exit: meta.exit,
      broken: null,
    });
  }
  return entries;
}
