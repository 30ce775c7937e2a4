/** No response: a request still open when the server is gone. */

import type { RequestRecord } from "../model/mod.ts";
import { evidenceLines } from "./_format.ts";
import type { DetectContext, Finding } from "./types.ts";

/** Suggestion of a `no_response` finding. */
export const NO_RESPONSE_SUGGESTION =
  "The server is gone and this request will never finish: start the server again and resend the prompt (a reply on the same thread keeps its context)";

/**
 * Stuck for every request in state `no_response`, or still open in a file whose server exited
 * (the file ends with the server's exit lines, or the session knows the process died).
 */
export function detectNoResponse(request: RequestRecord, context: DetectContext): Finding[] {
  const open = request.state === "running" || request.state === "awaiting_approval";
  if (request.state !== "no_response" && !(open && context.analysis.serverExited)) return [];
  const last = request.lastEventType === null ? "" : ` (last event: ${request.lastEventType})`;
  return [{
    kind: "no_response",
    severity: "stuck",
    key: request.key,
    requestId: request.requestId,
    reason:
      `the server exited before answering; last line of the request: ${request.lastLine}${last}`,
    evidence: { lines: evidenceLines([request.lastLine]) },
    suggestion: NO_RESPONSE_SUGGESTION,
  }];
}
