/**
 * What watch says about a transition in `--json` output and to `--on-alert` commands: one
 * JSON object, and the same facts as environment variables.
 *
 * @module
 */

import { safeEnvironment } from "./safe_environment.ts";
import type { Transition } from "./transitions.ts";

/** Facts about the watch itself that go with every object. */
export interface PayloadContext {
  /** The followed file, as given. */
  file: string;
  /** When watching started (ms since epoch): `elapsedMs` counts from here. */
  startTime: number;
}

/**
 * The JSON object of a transition: `type` is `"alert"` for alert kinds and `"transition"`
 * for `started` and `finding`. docs/watch.md documents every field.
 */
export function transitionObject(
  transition: Transition,
  context: PayloadContext,
): Record<string, unknown> {
  return {
    type: transition.alert ? "alert" : "transition",
    kind: transition.kind,
    file: context.file,
    key: transition.key,
    requestId: transition.requestId,
    state: transition.state,
    previousState: transition.previousState,
    level: transition.level,
    previousLevel: transition.previousLevel,
    line: transition.line,
    time: transition.time,
    elapsedMs: transition.time - context.startTime,
    message: transition.message,
    findings: transition.findings.map((finding) => ({
      kind: finding.kind,
      severity: finding.severity,
      reason: finding.reason,
      suggestion: finding.suggestion,
      lines: finding.evidence.lines,
    })),
  };
}

/**
 * Environment variables for an `--on-alert` command (besides the JSON on its stdin), safe to
 * start a process with: no NULs, long values clipped with a marker (see `safe_environment.ts`).
 */
export function alertEnvironment(
  transition: Transition,
  context: PayloadContext,
): Record<string, string> {
  return safeEnvironment({
    CODEXMON_ALERT_KIND: transition.kind,
    CODEXMON_REQUEST_ID: String(transition.requestId),
    CODEXMON_REQUEST_KEY: transition.key,
    CODEXMON_STATE: transition.state,
    CODEXMON_PREVIOUS_STATE: transition.previousState ?? "",
    CODEXMON_LEVEL: transition.level,
    CODEXMON_MESSAGE: transition.message,
    CODEXMON_FILE: context.file,
    CODEXMON_LINE: String(transition.line),
    CODEXMON_TIME: String(transition.time),
    CODEXMON_ALERT_JSON: JSON.stringify(transitionObject(transition, context)),
  });
}
