/** Request failed: a request that ended in an error other than running out of retries. */

import type { RequestRecord } from "../model/mod.ts";
import { evidenceLines, excerpt } from "./_format.ts";
import { endedByRetries, finalFailure } from "./retry_storm.ts";
import type { DetectContext, Finding } from "./types.ts";

/** Suggestion of a `request_failed` finding. */
export const REQUEST_FAILED_SUGGESTION =
  "Read the error: fix the cause (arguments, usage limit, unknown thread) and send the request again";

/**
 * A warning for every failed request whose failure the retry detector does not already
 * report (usage limit, bad tool arguments, unknown thread, JSON-RPC errors).
 */
export function detectRequestFailed(request: RequestRecord, _context: DetectContext): Finding[] {
  const failure = finalFailure(request);
  if (request.state !== "failed" || (failure !== null && endedByRetries(request, failure))) {
    return [];
  }
  const message = failure?.message ?? "no error message";
  return [{
    kind: "request_failed",
    severity: "warning",
    key: request.key,
    requestId: request.requestId,
    reason: `request failed: ${excerpt(message, 160)}`,
    evidence: {
      lines: evidenceLines([failure?.line ?? request.endLine ?? request.lastLine]),
      text: message,
    },
    suggestion: REQUEST_FAILED_SUGGESTION,
  }];
}
