/**
 * The Codex event types codexmon reads, and what of each: the one table the parse policy and
 * the byte fast path are derived from. Adding an event type to the summary is one entry here
 * (plus its case in `applyEvent`).
 *
 * @module
 */

/** How the summary reads one event type. */
export interface EventReading {
  /**
   * The members of `msg` that `applyEvent` reads for this type, when a line may be read
   * from its bytes member by member; null when the line is parsed, or read by a byte reader
   * of its own (`token_count`, `raw_response_completed` and big `exec_command_end` lines,
   * whose shapes are fixed and whose lines are frequent or big).
   */
  fields: readonly string[] | null;
}

const PARSED: EventReading = { fields: null };

/**
 * Event types the summary reads (state, tokens, final texts, commands, patches, errors,
 * approvals). Every other type is only counted from its header. Reasoning is a detail view's
 * business: the summary has none.
 */
export const SUMMARY_EVENTS: ReadonlyMap<string, EventReading> = new Map([
  ["session_configured", { fields: ["session_id", "thread_id", "model", "rollout_path", "cwd"] }],
  ["task_started", { fields: ["model_context_window", "turn_id"] }],
  ["task_complete", { fields: ["last_agent_message"] }],
  ["token_count", PARSED],
  ["raw_response_completed", PARSED],
  ["agent_message", { fields: ["message"] }],
  ["exec_command_begin", { fields: ["call_id", "command", "cwd"] }],
  ["exec_command_end", PARSED],
  ["exec_approval_request", PARSED],
  ["apply_patch_approval_request", PARSED],
  ["request_user_input", PARSED],
  ["request_permissions", PARSED],
  ["elicitation_request", PARSED],
  ["patch_apply_begin", PARSED],
  ["patch_apply_end", PARSED],
  ["error", PARSED],
  ["stream_error", PARSED],
  ["turn_aborted", PARSED],
]);

/**
 * Types full detail does not read: command output arrives whole in `exec_command_end`,
 * `turn_diff` repeats the whole diff, `item_started` holds nothing yet.
 */
export const FULL_SKIPPED_EVENTS: ReadonlySet<string> = new Set([
  "exec_command_output_delta",
  "turn_diff",
  "item_started",
  "mcp_startup_complete",
]);

/** The types whose summary lines a flat byte reader takes, with the members it reads. */
export function byteReadEvents(): Map<string, readonly string[]> {
  const events = new Map<string, readonly string[]>();
  for (const [type, reading] of SUMMARY_EVENTS) {
    if (reading.fields !== null) events.set(type, reading.fields);
  }
  return events;
}
