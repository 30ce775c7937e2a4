/** `session send`, `reply`, `approve`/`deny` and `cancel`: messages appended to the buffer. */

import { SessionHintError } from "./hints.ts";
import { CodexmonError, UsageError } from "../core/errors.ts";
import { type RequestId, requestKey, type RequestRecord } from "../core/model/mod.ts";
import {
  appAnswerApproval,
  appInterrupt,
  appReply,
  appSendPrompt,
  appSteer,
  requireTurnSent,
} from "./app_server/commands.ts";
import { appendLine, appendRequest, readFrom } from "./buffer.ts";
import { parseCodexVersion } from "./codex_version.ts";
import { sessionLiveness } from "./liveness.ts";
import {
  type ApprovalDecision,
  approvalResponseLine,
  cancelledLine,
  parseRawMessage,
  toolCallLine,
} from "./messages.ts";
import { requireMeta, type SessionMeta, updateMeta } from "./metadata.ts";
import { OutputFollower } from "./output_follower.ts";
import { pollUntil } from "./poll.ts";
import { scanBufferIds } from "./request_ids.ts";
import type { SessionPaths } from "./state_dir.ts";
import { codexReplyArguments, codexToolArguments, type PromptSettings } from "./tool_arguments.ts";

/** Sends a new `codex` prompt; returns the request id. */
export async function sendPrompt(paths: SessionPaths, settings: PromptSettings): Promise<number> {
  const meta = await requireRunning(paths, "send");
  if (meta.backend === "app-server") return await appSendPrompt(paths, settings);
  const args = codexToolArguments(settings, parseCodexVersion(meta.codexVersion ?? ""));
  const { id } = await appendRequest(
    paths,
    (id) => toolCallLine(id, { tool: "codex", arguments: args }),
  );
  return id;
}

/** Appends a validated JSON-RPC line as it is; returns its id, if it has one. */
export async function sendRaw(paths: SessionPaths, text: string): Promise<RequestId | null> {
  const message = parseRawMessage(text);
  await requireRunning(paths, "send");
  await appendLine(paths.buffer, message.line);
  return message.id;
}

/** Continues the thread of request `id` with `codex-reply`; returns the new request id. */
export async function replyTo(
  paths: SessionPaths,
  id: RequestId,
  prompt: string,
): Promise<{ id: number; threadId: string }> {
  const meta = await requireRunning(paths, "reply");
  const request = await findRequest(paths, meta, id);
  if (!request) {
    throw new CodexmonError(
      `Cannot reply to request ${requestKey(id)}: it has no output yet in session "${paths.name}"`,
    );
  }
  if (!request.threadId) {
    throw new CodexmonError(
      `Cannot reply to request ${
        requestKey(id)
      }: its thread id is not in the output yet (wait for it to start)`,
    );
  }
  if (meta.backend === "app-server") return await appReply(paths, request, prompt);
  const threadId = request.threadId;
  const args = codexReplyArguments(
    { threadId, prompt },
    parseCodexVersion(meta.codexVersion ?? ""),
  );
  const { id: replyId } = await appendRequest(
    paths,
    (next) => toolCallLine(next, { tool: "codex-reply", arguments: args }),
  );
  return { id: replyId, threadId };
}

/** What {@linkcode answerApproval} answered. */
export interface AnswerResult {
  elicitationId: RequestId;
  message: string;
}

/** Answers the pending approval of request `id` (`approved` or `denied`). */
export async function answerApproval(
  paths: SessionPaths,
  id: RequestId,
  decision: ApprovalDecision,
): Promise<AnswerResult> {
  const meta = await requireRunning(paths, decision === "denied" ? "deny" : "approve");
  const request = await findRequest(paths, meta, id);
  const pending = request ? pendingApprovals(request, meta) : [];
  const approval = pending[0];
  if (!approval || approval.serverRequestId === null) {
    throw new CodexmonError(
      `Cannot ${decision === "denied" ? "deny" : "approve"} request ${
        requestKey(id)
      }: it has no pending approval`,
    );
  }
  const elicitationId = approval.serverRequestId;
  if (meta.backend === "app-server") {
    await appAnswerApproval(paths, { requestId: id, serverRequestId: elicitationId, decision });
    return { elicitationId, message: approval.message };
  }
  await updateMeta(paths, async (meta) => {
    // under the lock, so two answers to the same approval cannot both go out
    if (meta.answered.some((answer) => answer.elicitationId === elicitationId)) {
      throw new CodexmonError(`Cannot answer approval ${requestKey(elicitationId)} twice`);
    }
    await appendLine(paths.buffer, approvalResponseLine(elicitationId, decision));
    meta.answered.push({ requestId: id, elicitationId, decision, at: Date.now() });
  });
  return { elicitationId, message: approval.message };
}

/** Approvals of `request` that neither Codex nor an earlier answer resolved, oldest first. */
export function pendingApprovals(
  request: RequestRecord,
  meta: Pick<SessionMeta, "answered">,
): RequestRecord["approvals"] {
  return request.approvals.filter((approval) =>
    !approval.resolved &&
    approval.serverRequestId !== null &&
    !meta.answered.some((answer) => answer.elicitationId === approval.serverRequestId)
  );
}

/** What {@linkcode cancelRequest} saw. */
export interface CancelResult {
  /** True when Codex ended the request within the grace period. */
  ended: boolean;
  /** The request's state at the end of the grace period. */
  state: string | null;
}

/** Sends `notifications/cancelled` for request `id`; marks it cancelled when Codex ignores it. */
export async function cancelRequest(
  paths: SessionPaths,
  id: RequestId,
  options: { graceMs?: number; reason?: string } = {},
): Promise<CancelResult> {
  const meta = await requireRunning(paths, "cancel");
  if (meta.backend === "app-server") {
    await requireTurnSent(paths, id, "cancel");
    const request = await findRequest(paths, meta, id);
    if (!request) {
      throw new CodexmonError(
        `Cannot cancel request ${requestKey(id)}: it has no output yet in session "${paths.name}"`,
      );
    }
    const result = await appInterrupt(paths, request, { graceMs: options.graceMs ?? 5_000 });
    if (!result.ended) await markCancelled(paths, id, options.reason ?? "interrupted");
    return result;
  }
  await requireSent(paths, id, "cancel");
  const reason = options.reason ?? "cancelled by codexmon session cancel";
  await appendLine(paths.buffer, cancelledLine(id, reason));
  const follower = new OutputFollower(paths);
  const key = requestKey(id);
  const ended = await pollUntil(async () => {
    await follower.poll();
    const request = follower.analysis().requests.find((request) => request.key === key);
    return request && request.endLine !== null ? request : undefined;
  }, { timeoutMs: options.graceMs ?? 5_000, intervalMs: 100 });
  if (ended) return { ended: true, state: ended.state };
  await updateMeta(paths, (meta) => {
    if (!meta.cancelled.some((record) => requestKey(record.requestId) === key)) {
      meta.cancelled.push({ requestId: id, at: Date.now(), reason });
    }
  });
  const request = follower.analysis().requests.find((request) => request.key === key);
  return { ended: false, state: request?.state ?? null };
}

/** Adds `prompt` to the running turn of request `id` (app-server `turn/steer`); returns the turn id. */
export async function steerRequest(
  paths: SessionPaths,
  id: RequestId,
  prompt: string,
): Promise<string> {
  const meta = await requireRunning(paths, "steer");
  if (meta.backend !== "app-server") {
    throw new CodexmonError(
      `Cannot steer request ${
        requestKey(id)
      }: Codex mcp-server has no way to add input to a running request (steer needs the app-server backend, Codex 0.154 or later)`,
    );
  }
  await requireTurnSent(paths, id, "steer");
  const request = await findRequest(paths, meta, id);
  if (!request) {
    throw new CodexmonError(
      `Cannot steer request ${requestKey(id)}: it has no output yet in session "${paths.name}"`,
    );
  }
  return await appSteer(paths, request, prompt);
}

async function markCancelled(paths: SessionPaths, id: RequestId, reason: string): Promise<void> {
  const key = requestKey(id);
  await updateMeta(paths, (meta) => {
    if (!meta.cancelled.some((record) => requestKey(record.requestId) === key)) {
      meta.cancelled.push({ requestId: id, at: Date.now(), reason });
    }
  });
}

/** The record of request `id` in the output so far, or null. */
export async function findRequest(
  paths: SessionPaths,
  meta: SessionMeta,
  id: RequestId,
): Promise<RequestRecord | null> {
  const follower = new OutputFollower(paths);
  await follower.poll({ final: !sessionLiveness(meta).alive });
  const key = requestKey(id);
  return follower.analysis().requests.find((request) => request.key === key) ?? null;
}

/** Throws unless request `id` was sent through the buffer. */
export async function requireSent(
  paths: SessionPaths,
  id: RequestId,
  verb: string,
  options: { anyMethod?: boolean } = {},
): Promise<void> {
  const scan = scanBufferIds(await readFrom(paths.buffer, 0));
  const key = requestKey(id);
  const what = options.anyMethod ? "request" : "tools/call";
  if (
    !scan.requests.some((request) =>
      (options.anyMethod || request.method === "tools/call") && requestKey(request.id) === key
    )
  ) {
    throw new UsageError(
      `Cannot ${verb} request ${key}: no ${what} with that id was sent in session "${paths.name}"`,
    );
  }
}

async function requireRunning(paths: SessionPaths, verb: string): Promise<SessionMeta> {
  const meta = await requireMeta(paths);
  if (!sessionLiveness(meta).alive) {
    throw new SessionHintError(
      `Cannot ${verb}: session "${paths.name}" is not running${describeExit(meta.exit)}`,
      { command: "start", session: paths.name },
    );
  }
  return meta;
}

/** ` (Codex exited with code 0)` and similar, or an empty string. */
export function describeExit(exit: SessionMeta["exit"]): string {
  if (!exit) return "";
  if (exit.error) return ` (Codex failed to start: ${exit.error})`;
  if (exit.reason) return ` (${exit.reason})`;
  if (exit.signal) return ` (Codex was killed by ${exit.signal})`;
  return ` (Codex exited with code ${exit.code})`;
}
