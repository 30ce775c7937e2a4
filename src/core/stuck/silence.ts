/**
 * Silence: an open request with no line for a while. A command still running (begin without
 * end) is reported as a long command instead, since the model is waiting for it, not stalled.
 */

import type { CommandRecord, RequestRecord } from "../model/mod.ts";
import { commandText, evidenceLines, excerpt, formatDuration } from "./_format.ts";
import type { DetectContext, Finding, Severity } from "./types.ts";

/** Suggestion of a `silence` finding. */
export const SILENCE_SUGGESTION =
  "The model stream may have stalled: keep waiting (Codex's own idle timeout is 5 minutes) or stop the request and send it again";

/** Suggestion of a `long_command` finding. */
export const LONG_COMMAND_SUGGESTION =
  "A command is still running and the model is waiting for it: check the process (a prompt for input, a server that never exits) and stop it if it hangs";

/** Added to the reason when times come from the file's modification time. */
export const ESTIMATE_NOTE = "estimated from the file's modification time";

/**
 * Needs `now`. For a `running` request (awaiting approval is reported by its own detector):
 * the time since the request's last line (`lastTime`; else the file's `lastLineTime`, an
 * estimate and a lower bound), or, when a command has begun without ending, the time since
 * that command began.
 */
export function detectSilence(request: RequestRecord, context: DetectContext): Finding[] {
  const { now, lastLineTime, thresholds } = context;
  // Once the server is gone the request is a no_response, not a silence.
  if (now === null || request.state !== "running" || context.analysis.serverExited) return [];
  const running = runningCommand(request.commands);
  const known = running !== null && running.beginTime !== null
    ? running.beginTime
    : request.lastTime;
  const since = known ?? lastLineTime;
  if (since === null) return [];
  const estimate = known === null;
  const elapsed = now - since;
  const note = estimate ? ` (${ESTIMATE_NOTE})` : "";
  const base = { key: request.key, requestId: request.requestId };
  if (running !== null) {
    const severity = level(
      elapsed,
      thresholds.longCommandWarningSeconds,
      thresholds.longCommandStuckSeconds,
    );
    if (severity === null) return [];
    const text = commandText(running.command);
    return [{
      ...base,
      kind: "long_command",
      severity,
      reason: `command running for ${estimate ? "at least " : ""}${formatDuration(elapsed)}: ${
        excerpt(text, 120)
      }${note}`,
      evidence: { lines: evidenceLines([running.beginLine]), text },
      suggestion: LONG_COMMAND_SUGGESTION,
      ...(estimate ? { estimate: true } : {}),
    }];
  }
  const severity = level(elapsed, thresholds.silenceWarningSeconds, thresholds.silenceStuckSeconds);
  if (severity === null) return [];
  const after = request.lastEventType === null ? "" : ` after ${request.lastEventType}`;
  return [{
    ...base,
    kind: "silence",
    severity,
    reason: `no line for ${estimate ? "at least " : ""}${
      formatDuration(elapsed)
    } since line ${request.lastLine}${after}${note}`,
    evidence: { lines: [request.lastLine] },
    suggestion: SILENCE_SUGGESTION,
    ...(estimate ? { estimate: true } : {}),
  }];
}

/** The last command that began and has not ended, or `null`. */
export function runningCommand(commands: readonly CommandRecord[]): CommandRecord | null {
  let found: CommandRecord | null = null;
  for (const command of commands) {
    if (command.endLine === null && (found === null || command.beginLine > found.beginLine)) {
      found = command;
    }
  }
  return found;
}

function level(elapsedMs: number, warningSeconds: number, stuckSeconds: number): Severity | null {
  if (elapsedMs >= stuckSeconds * 1000) return "stuck";
  if (elapsedMs >= warningSeconds * 1000) return "warning";
  return null;
}
