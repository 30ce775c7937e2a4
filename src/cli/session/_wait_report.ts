/** Waiting for a request and reporting how it ended (`wait`, `send --wait`, `reply --wait`). */

import { type RequestId, requestKey } from "../../core/model/mod.ts";
import { formatDuration } from "../../ui/mod.ts";
import {
  type SessionPaths,
  waitExitCode,
  waitForRequest,
  type WaitResult,
} from "../../session/mod.ts";
import type { CliContext } from "../context.ts";
import { sessionConfig } from "./_shared.ts";

/** Waits for request `id`, reports the outcome and sets the exit code. */
export async function waitAndReport(
  paths: SessionPaths,
  id: RequestId,
  timeoutSeconds: number | undefined,
  context: CliContext,
): Promise<void> {
  const interrupt = new AbortController();
  const onInterrupt = () => interrupt.abort();
  Deno.addSignalListener("SIGINT", onInterrupt);
  let result: WaitResult;
  try {
    const config = await sessionConfig(context);
    result = await waitForRequest(paths, id, {
      timeoutMs: timeoutSeconds === undefined ? null : timeoutSeconds * 1000,
      signal: interrupt.signal,
      thresholds: config.stuck,
    });
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
  }
  reportWait(result, id, timeoutSeconds, context);
  context.exitCode = waitExitCode(result.state);
}

export function reportWait(
  result: WaitResult,
  id: RequestId,
  timeoutSeconds: number | undefined,
  context: CliContext,
): void {
  const key = requestKey(id);
  const request = result.request;
  switch (result.state) {
    case "completed":
      context.stdout.line(request?.finalMessage ?? "");
      return;
    case "failed": {
      const error = request?.errors.at(-1)?.message ?? request?.finalMessage ?? "no message";
      if (request?.finalMessage) context.stdout.line(request.finalMessage);
      context.stderr.line(`request ${key} failed: ${error}`);
      return;
    }
    case "cancelled":
      context.stderr.line(`request ${key} was cancelled`);
      return;
    case "no_response":
      context.stderr.line(
        (request
          ? `request ${key} got no response: Codex exited while it was open (state ${request.state})`
          : `request ${key} got no response: Codex exited before it started`) +
          (result.serverGone ? `: ${result.serverGone}` : ""),
      );
      return;
    case "awaiting_approval": {
      const approval = request?.approvals.find((approval) => !approval.resolved);
      context.stderr.line(`request ${key} needs approval: ${approval?.message ?? "(no message)"}`);
      context.stderr.line(`  answer with: codexmon session approve ${key} (or deny ${key})`);
      return;
    }
    case "stuck":
      context.stderr.line(`request ${key} is stuck:`);
      for (const finding of result.findings) {
        context.stderr.line(`  ${finding.kind}: ${finding.reason}`);
        context.stderr.line(`    ${finding.suggestion}`);
      }
      return;
    case "timed_out":
      context.stderr.line(
        `request ${key} did not end within ${timeoutSeconds} s (state ${
          request?.state ?? "not started"
        }${
          request?.lastTime
            ? `, last line ${formatDuration(Date.now() - request.lastTime)} ago`
            : ""
        })`,
      );
      return;
    case "interrupted":
      context.stderr.line(
        `stopped waiting for request ${key} (interrupted); the request keeps running`,
      );
      return;
    default: {
      const unknown: never = result.state;
      throw new TypeError(`Unknown wait state: ${String(unknown)}`);
    }
  }
}
