/** `codex_wait`'s answer for each way a wait ends: text for the model, the same facts as data. */

import { type RequestId, requestKey, type RequestRecord } from "../core/model/mod.ts";
import type { WaitResult } from "../session/mod.ts";
import { formatDuration } from "../ui/mod.ts";

/** What `codex_wait` reports: a wait state, or `still_running` when time ran out first. */
export type WaitReportState =
  | Exclude<WaitResult["state"], "timed_out" | "interrupted">
  | "still_running";

/** The structured content of `codex_wait`. */
export interface WaitReport {
  request: RequestId;
  state: WaitReportState;
  /** The request's own state in the output (null before its first line). */
  requestState: string | null;
  answer: string | null;
  threadId: string | null;
  tokens: number | null;
  lastEvent: string | null;
  /** Milliseconds since the request's last output line, when known. */
  idleMs: number | null;
  pendingApproval: string | null;
  error: string | null;
  findings: { kind: string; reason: string; suggestion: string }[];
}

/** Options for {@linkcode waitReport}. */
export interface WaitReportOptions {
  id: RequestId;
  waitedSeconds: number;
  now: number;
}

/** The report of `result` and the text a model reads. */
export function waitReport(
  result: WaitResult,
  options: WaitReportOptions,
): { text: string; report: WaitReport } {
  const request = result.request;
  const state: WaitReportState = result.state === "timed_out" || result.state === "interrupted"
    ? "still_running"
    : result.state;
  const report: WaitReport = {
    request: options.id,
    state,
    requestState: request?.state ?? null,
    answer: request?.finalMessage ?? null,
    threadId: request?.threadId ?? null,
    tokens: request?.tokens?.total ?? null,
    lastEvent: request?.lastEventType ?? null,
    idleMs: request?.lastTime == null ? null : Math.max(0, options.now - request.lastTime),
    pendingApproval: request?.approvals.find((approval) => !approval.resolved)?.message ?? null,
    error: request?.errors.at(-1)?.message ?? null,
    findings: result.findings.map((finding) => ({
      kind: finding.kind,
      reason: finding.reason,
      suggestion: finding.suggestion,
    })),
  };
  return { text: waitText(result, report, options), report };
}

function waitText(result: WaitResult, report: WaitReport, options: WaitReportOptions): string {
  const key = requestKey(options.id);
  switch (result.state) {
    case "completed":
      return `request ${key} completed. Answer:\n${report.answer ?? "(no final message)"}`;
    case "failed":
      return `request ${key} failed: ${report.error ?? report.answer ?? "no message"}`;
    case "cancelled":
      return `request ${key} was cancelled`;
    case "no_response":
      return result.request
        ? `request ${key} got no response: Codex exited while it was open (state ${result.request.state})`
        : `request ${key} got no response: Codex exited before it started`;
    case "awaiting_approval":
      return `request ${key} needs approval: ${
        report.pendingApproval ?? "(no message)"
      }\nAnswer with codex_approve or codex_deny (request ${key}).`;
    case "stuck":
      return [
        `request ${key} looks stuck:`,
        ...report.findings.map((finding) =>
          `- ${finding.kind}: ${finding.reason}\n  ${finding.suggestion}`
        ),
        `codex_cancel ends it; codex_steer (app-server) can redirect it.`,
      ].join("\n");
    case "timed_out":
    case "interrupted":
      return `request ${key} is still running after ${options.waitedSeconds} s${
        activity(result.request, options.now)
      }. Call codex_wait again to keep waiting.`;
    default: {
      const unknown: never = result.state;
      throw new TypeError(`Unknown wait state: ${String(unknown)}`);
    }
  }
}

function activity(request: RequestRecord | null, now: number): string {
  if (request === null) return " (Codex has not written anything for it yet)";
  const parts = [`state ${request.state}`];
  if (request.lastEventType) {
    const ago = request.lastTime === null ? "" : ` ${formatDuration(now - request.lastTime)} ago`;
    parts.push(`last activity ${request.lastEventType}${ago}`);
  }
  if (request.commands.length > 0) parts.push(`${request.commands.length} commands`);
  return ` (${parts.join(", ")})`;
}
