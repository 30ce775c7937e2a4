/** Awaiting approval: Codex asked the client for approval and nothing answered. Not stuck. */

import type { ApprovalRecord, RequestRecord } from "../model/mod.ts";
import {
  commandText,
  evidenceLines,
  excerpt,
  formatDuration,
  requestIdArgument,
} from "./_format.ts";
import { isOpen } from "./retry_storm.ts";
import type { DetectContext, Finding } from "./types.ts";

/**
 * One finding per unanswered approval of an open request (severity `warning`, kind
 * `awaiting_approval`: exit code 4, never 3). The suggestion names the `codexmon session`
 * commands and, for mcp-server files, the JSON-RPC response line to write to the server's stdin.
 */
export function detectAwaitingApproval(request: RequestRecord, context: DetectContext): Finding[] {
  // An approval nobody can answer any more (the server is gone) is a no_response.
  if (!isOpen(request) || context.analysis.serverExited) return [];
  const findings: Finding[] = [];
  for (const approval of request.approvals) {
    if (approval.resolved) continue;
    const what = approvalSubject(approval);
    const waited = approval.time !== null && context.now !== null
      ? ` ${formatDuration(context.now - approval.time)}`
      : "";
    findings.push({
      kind: "awaiting_approval",
      severity: "warning",
      key: request.key,
      requestId: request.requestId,
      reason: `waiting${waited} for approval to ${what}`,
      evidence: { lines: evidenceLines([approval.line]), text: approval.message || what },
      suggestion: approvalSuggestion(request, approval, context.analysis.format === "mcp-server"),
    });
  }
  return findings;
}

function approvalSubject(approval: ApprovalRecord): string {
  if (approval.command !== null && approval.command.length > 0) {
    return `run ${excerpt(commandText(approval.command), 120)}`;
  }
  if (approval.kind === "patch") return "apply a patch";
  const message = excerpt(approval.message, 120);
  return message === "" ? "answer a server request" : `answer: ${message}`;
}

/** How to answer: the session commands, and the raw response line when the format is known. */
export function approvalSuggestion(
  request: RequestRecord,
  approval: ApprovalRecord,
  mcpServer: boolean,
): string {
  const id = requestIdArgument(request.requestId);
  const session = `Answer it: codexmon session approve ${id} (or deny ${id})`;
  if (!mcpServer || approval.serverRequestId === null) return session;
  const line = JSON.stringify({
    jsonrpc: "2.0",
    id: approval.serverRequestId,
    result: { decision: "approved" },
  });
  return `${session}, or write ${line} to the server's stdin ("denied" to refuse)`;
}
