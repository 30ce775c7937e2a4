/** `session wait`: follow the output until a request ends, needs approval, is stuck, or time runs out. */

import { EXIT, type ExitCode } from "../core/exit_codes.ts";
import { type RequestId, requestKey, type RequestRecord } from "../core/model/mod.ts";
import type { StuckThresholds } from "../core/config/mod.ts";
import { detectStuck, type Finding } from "../core/stuck/mod.ts";
import { UsageError } from "../core/errors.ts";
import { ambiguityMessage, resolveRequest } from "../core/request/mod.ts";
import { type Liveness, sessionLiveness, type SupervisorState } from "./liveness.ts";
import { requireMeta, type SessionMeta } from "./metadata.ts";
import { OutputFollower } from "./output_follower.ts";
import { sleep } from "./poll.ts";
import { describeExit, pendingApprovals, requireSent } from "./send.ts";
import type { SessionPaths } from "./state_dir.ts";

/** How a wait ended. */
export type WaitState =
  | "completed"
  | "failed"
  | "cancelled"
  | "no_response"
  | "awaiting_approval"
  | "stuck"
  | "timed_out"
  | "interrupted";

/** The result of {@linkcode waitForRequest}. */
export interface WaitResult {
  state: WaitState;
  /** The request as last seen (null when it never showed up in the output). */
  request: RequestRecord | null;
  /** The stuck findings of the request, when `state` is `stuck`. */
  findings: Finding[];
  /** Why the server is gone (`Codex was killed by SIGKILL`), when it is. */
  serverGone?: string;
}

/** The exit code of each way a wait ends. */
export function waitExitCode(state: WaitState): ExitCode {
  switch (state) {
    case "completed":
      return EXIT.ok;
    case "stuck":
      return EXIT.stuck;
    case "awaiting_approval":
      return EXIT.needsApproval;
    case "timed_out":
      return EXIT.timedOut;
    case "failed":
    case "cancelled":
    case "no_response":
      return EXIT.failed;
    case "interrupted":
      return EXIT.interrupted;
    default: {
      const unknown: never = state;
      throw new TypeError(`Unknown wait state: ${String(unknown)}`);
    }
  }
}

/** What besides the request decides a wait. */
export interface WaitContext {
  /** Stuck findings of this request (severity `stuck`). */
  stuck: Finding[];
  /** True when `cancel` marked the request cancelled. */
  markedCancelled: boolean;
  meta: Pick<SessionMeta, "answered">;
}

/** The end state of a wait for `request`, or null to keep waiting. Pure. */
export function decideWait(request: RequestRecord, context: WaitContext): WaitState | null {
  switch (request.state) {
    case "completed":
    case "failed":
    case "cancelled":
      return request.state;
    case "no_response":
      return context.markedCancelled ? "cancelled" : "no_response";
    case "running":
    case "awaiting_approval":
      if (context.markedCancelled) return "cancelled";
      if (pendingApprovals(request, context.meta).length > 0) return "awaiting_approval";
      if (context.stuck.length > 0) return "stuck";
      return null;
    default: {
      const unknown: never = request.state;
      throw new TypeError(`Unknown request state: ${String(unknown)}`);
    }
  }
}

/** Options for {@linkcode waitForRequest}. */
export interface WaitOptions {
  /** Give up after this long (default: wait for ever). */
  timeoutMs?: number | null;
  /** Ends the wait with `interrupted` (Ctrl-C). */
  signal?: AbortSignal;
  thresholds?: Partial<StuckThresholds>;
  pollMs?: number;
  /** Called with the request whenever it changed (progress display). */
  onProgress?: (request: RequestRecord) => void;
  /** The session's output as read so far (default: a new follower reads it from the start). */
  follower?: OutputFollower;
}

/**
 * The request `key` (the key of the id `session wait` was given) names, through the resolver
 * every command uses, so a turn id works too; `null` while it is not in the output yet.
 */
export function findRequest(requests: RequestRecord[], key: string): RequestRecord | null {
  const resolution = resolveRequest(requests, key);
  if (resolution.kind === "ambiguous") {
    throw new UsageError(ambiguityMessage(key, resolution.candidates));
  }
  if (resolution.kind === "none") return null;
  return requests.find((request) => request.key === resolution.key) ?? null;
}

/** Follows the output of session `paths.name` until request `id` reaches an end state. */
export async function waitForRequest(
  paths: SessionPaths,
  id: RequestId,
  options: WaitOptions = {},
): Promise<WaitResult> {
  await requireMeta(paths);
  // A turn id (or any other id the tables show) names the request it belongs to in the output.
  const follower = options.follower ?? new OutputFollower(paths);
  await follower.poll({ final: false });
  const sentId = findRequest(follower.analysis().requests, requestKey(id))?.requestId ?? id;
  const key = requestKey(sentId);
  // an id never sent would never be answered: fail at once instead of at the timeout
  await requireSent(paths, sentId, "wait for", { anyMethod: true });
  const deadline = options.timeoutMs == null ? null : Date.now() + options.timeoutMs;
  const livenessCheck = new ThrottledLiveness();
  let lastSeenLine = -1;
  while (true) {
    const meta = await requireMeta(paths);
    const liveness = livenessCheck.of(meta);
    // a session still starting is not gone: its Codex has not answered yet
    const gone = !liveness.alive && liveness.supervisor !== "starting";
    await follower.poll({ final: gone });
    if (gone) follower.markServerExited();
    const serverGone = gone ? { serverGone: goneReason(meta, liveness.supervisor) } : {};
    const analysis = follower.analysis();
    const request = findRequest(analysis.requests, key);
    if (request && request.lastLine !== lastSeenLine) {
      lastSeenLine = request.lastLine;
      options.onProgress?.(request);
    }
    const markedCancelled = meta.cancelled.some((record) => requestKey(record.requestId) === key);
    if (request) {
      const stuck = request.state === "running"
        ? detectStuck(analysis, { thresholds: options.thresholds, now: Date.now() })
          .filter((finding) => finding.key === request.key && finding.severity === "stuck")
        : [];
      const state = decideWait(request, { stuck, markedCancelled, meta });
      if (state) {
        return { state, request, findings: state === "stuck" ? stuck : [], ...serverGone };
      }
    } else if (gone) {
      return {
        state: markedCancelled ? "cancelled" : "no_response",
        request: null,
        findings: [],
        ...serverGone,
      };
    }
    if (options.signal?.aborted) return { state: "interrupted", request, findings: [] };
    if (deadline !== null && Date.now() >= deadline) {
      return { state: "timed_out", request, findings: [] };
    }
    const pause = options.pollMs ?? 100;
    await sleep(
      deadline === null ? pause : Math.min(pause, Math.max(0, deadline - Date.now())),
      options.signal,
    );
  }
}

/** Why Codex is gone, in words, for `no response` messages. */
export function goneReason(meta: SessionMeta, supervisor: SupervisorState): string {
  const exit = describeExit(meta.exit).trim().replace(/^\((.*)\)$/, "$1");
  if (exit !== "") return exit;
  if (supervisor === "reused") return "the supervisor died (its pid now runs another process)";
  return "the supervisor died";
}

/** How often a wait looks at the processes themselves; an exit the supervisor records counts at once. */
const PROCESS_CHECK_MS = 1000;

// Reading /proc costs a `cat` per process under the CLI's permissions: not on every poll.
class ThrottledLiveness {
  #last: Liveness | null = null;
  #checkedAt = -Infinity;

  of(meta: SessionMeta): Liveness {
    const now = Date.now();
    if (this.#last === null || meta.exit !== null || now - this.#checkedAt >= PROCESS_CHECK_MS) {
      this.#last = sessionLiveness(meta, now);
      this.#checkedAt = now;
    }
    return this.#last;
  }
}
