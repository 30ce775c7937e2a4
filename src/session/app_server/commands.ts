/**
 * The `session` commands for a `codex app-server` session: `send` (thread/start, then
 * turn/start), `reply` (turn/start on an earlier request's thread), `steer` (turn/steer),
 * `cancel` (turn/interrupt) and approval answers. A request id is the id of the turn/start
 * request, which is also the key the app-server reducer gives that turn.
 */

import { CodexmonError, UsageError } from "../../core/errors.ts";
import { type RequestId, requestKey, type RequestRecord } from "../../core/model/mod.ts";
import { appendLine, appendRequest, readFrom } from "../buffer.ts";
import { type SessionMeta, updateMeta } from "../metadata.ts";
import { OutputFollower } from "../output_follower.ts";
import { pollUntil } from "../poll.ts";
import { scanBufferIds } from "../request_ids.ts";
import type { SessionPaths } from "../state_dir.ts";
import { DEFAULT_APPROVAL_POLICY, DEFAULT_SANDBOX } from "../tool_arguments.ts";
import {
  approvalAnswerLine,
  findResponse,
  type FoundResponse,
  type ThreadSettings,
  threadStartLine,
  turnInterruptLine,
  turnStartLine,
  turnSteerLine,
} from "./messages.ts";

/** Approval policies of `thread/start` (0.169.0 `AskForApproval`). */
export const APP_APPROVAL_POLICIES = ["untrusted", "on-failure", "on-request", "never"] as const;

/** How long a command waits for Codex to answer one of its requests. */
const ANSWER_TIMEOUT_MS = 60_000;

/** Waits for the response to request `id` in the session output. */
export async function awaitResponse(
  paths: SessionPaths,
  id: RequestId,
  what: string,
): Promise<Record<string, unknown>> {
  const found = await pollUntil<FoundResponse>(async () => {
    let text = "";
    try {
      text = new TextDecoder().decode(await readFrom(paths.output, 0));
    } catch {
      // no output yet
    }
    return findResponse(text, id) ?? undefined;
  }, { timeoutMs: ANSWER_TIMEOUT_MS, intervalMs: 25 });
  if (found === undefined) {
    throw new CodexmonError(
      `Cannot ${what}: Codex did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`,
    );
  }
  if ("error" in found) throw new CodexmonError(`Cannot ${what}: ${found.error}`);
  return found.result;
}

/** `send`: a new thread and its first turn; returns the turn/start request id. */
export async function appSendPrompt(
  paths: SessionPaths,
  settings: ThreadSettings & { prompt: string },
): Promise<number> {
  if (settings.prompt.trim() === "") throw new UsageError("Cannot send an empty prompt");
  const approvalPolicy = settings.approvalPolicy ?? DEFAULT_APPROVAL_POLICY;
  if (!(APP_APPROVAL_POLICIES as readonly string[]).includes(approvalPolicy)) {
    throw new UsageError(
      `Invalid approval policy "${approvalPolicy}": app-server accepts ${
        APP_APPROVAL_POLICIES.join(", ")
      }`,
    );
  }
  const { id: threadRequest } = await appendRequest(paths, (id) =>
    threadStartLine(id, {
      ...settings,
      approvalPolicy,
      sandbox: settings.sandbox ?? DEFAULT_SANDBOX,
    }));
  const result = await awaitResponse(paths, threadRequest, "start a thread");
  const thread = result.thread as { id?: unknown } | undefined;
  if (typeof thread?.id !== "string") {
    throw new CodexmonError("Cannot start a thread: the thread/start result has no thread id");
  }
  const threadId = thread.id;
  const { id } = await appendRequest(
    paths,
    (id) => turnStartLine(id, { threadId, prompt: settings.prompt }),
  );
  return id;
}

/** `reply`: a new turn on the thread of request `id`. */
export async function appReply(
  paths: SessionPaths,
  request: RequestRecord,
  prompt: string,
): Promise<{ id: number; threadId: string }> {
  if (prompt.trim() === "") throw new UsageError("Cannot send an empty prompt");
  const threadId = requireThread(request, "reply to");
  const { id } = await appendRequest(paths, (id) => turnStartLine(id, { threadId, prompt }));
  return { id, threadId };
}

/** `steer`: adds `prompt` to the running turn of request `id`; returns the turn id. */
export async function appSteer(
  paths: SessionPaths,
  request: RequestRecord,
  prompt: string,
): Promise<string> {
  if (prompt.trim() === "") throw new UsageError("Cannot steer with an empty prompt");
  const key = request.key;
  if (request.state !== "running" && request.state !== "awaiting_approval") {
    throw new CodexmonError(
      `Cannot steer request ${key}: it is not running (state ${request.state})`,
    );
  }
  const threadId = requireThread(request, "steer");
  const turnId = request.turnId;
  if (turnId === null) {
    throw new CodexmonError(`Cannot steer request ${key}: its turn id is not known yet`);
  }
  const { id } = await appendRequest(
    paths,
    (id) => turnSteerLine(id, { threadId, turnId, prompt }),
  );
  const result = await awaitResponse(paths, id, `steer request ${key}`);
  return typeof result.turnId === "string" ? result.turnId : turnId;
}

/** `cancel`: interrupts the turn of request `id`; true when it ended within `graceMs`. */
export async function appInterrupt(
  paths: SessionPaths,
  request: RequestRecord,
  options: { graceMs: number },
): Promise<{ ended: boolean; state: string | null }> {
  const key = request.key;
  const threadId = requireThread(request, "cancel");
  const turnId = request.turnId;
  if (turnId === null) {
    throw new CodexmonError(`Cannot cancel request ${key}: its turn id is not known yet`);
  }
  await appendRequest(paths, (id) => turnInterruptLine(id, { threadId, turnId }));
  const follower = new OutputFollower(paths);
  const ended = await pollUntil(async () => {
    await follower.poll();
    const found = follower.analysis().requests.find((candidate) => candidate.key === key);
    return found && found.endLine !== null ? found : undefined;
  }, { timeoutMs: options.graceMs, intervalMs: 100 });
  if (ended) return { ended: true, state: ended.state };
  const now = follower.analysis().requests.find((candidate) => candidate.key === key);
  return { ended: false, state: now?.state ?? null };
}

/** Answers the approval request `serverRequestId` (under the session lock, once). */
export async function appAnswerApproval(
  paths: SessionPaths,
  answer: { requestId: RequestId; serverRequestId: RequestId; decision: string },
): Promise<void> {
  await updateMeta(paths, async (meta: SessionMeta) => {
    if (meta.answered.some((known) => known.elicitationId === answer.serverRequestId)) {
      throw new CodexmonError(`Cannot answer approval ${requestKey(answer.serverRequestId)} twice`);
    }
    await appendLine(paths.buffer, approvalAnswerLine(answer.serverRequestId, answer.decision));
    meta.answered.push({
      requestId: answer.requestId,
      elicitationId: answer.serverRequestId,
      decision: answer.decision,
      at: Date.now(),
    });
  });
}

/** Throws unless a `turn/start` with id `id` was sent through the buffer. */
export async function requireTurnSent(
  paths: SessionPaths,
  id: RequestId,
  verb: string,
): Promise<void> {
  const scan = scanBufferIds(await readFrom(paths.buffer, 0));
  const key = requestKey(id);
  if (
    !scan.requests.some((request) =>
      request.method === "turn/start" && requestKey(request.id) === key
    )
  ) {
    // not found: exit 1, like every unknown id
    throw new CodexmonError(
      `Cannot ${verb} request ${key}: no turn/start with that id was sent in session "${paths.name}"`,
    );
  }
}

function requireThread(request: RequestRecord, verb: string): string {
  if (request.threadId === null) {
    throw new CodexmonError(
      `Cannot ${verb} request ${request.key}: its thread id is not in the output yet (wait for it to start)`,
    );
  }
  return request.threadId;
}
