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

/** Where a delta or section break sits in its item: `partPosition` in `applyEvent`. */
const PART_FIELDS = ["item_id", "summary_index"];
const DELTA: EventReading = { fields: ["delta", ...PART_FIELDS] };

/**
 * Frequent event types only full detail reads (texts as they stream, reasoning, the user's
 * message), with the members `applyEvent` reads: `--json` and the detail views read them
 * from their bytes, like the summary's events.
 */
export const FULL_ONLY_EVENTS: ReadonlyMap<string, EventReading> = new Map([
  ["agent_message_delta", DELTA],
  ["agent_message_content_delta", DELTA],
  ["agent_reasoning_delta", DELTA],
  ["reasoning_content_delta", DELTA],
  ["agent_reasoning_section_break", { fields: PART_FIELDS }],
  ["agent_reasoning", { fields: ["text"] }],
  ["user_message", { fields: ["message"] }],
]);

/**
 * The types whose lines a flat byte reader takes at a detail level, with the members it
 * reads: the summary's, plus {@linkcode FULL_ONLY_EVENTS} in full detail.
 */
export function byteReadEvents(
  detail: "summary" | "full" = "summary",
): Map<string, readonly string[]> {
  const events = new Map<string, readonly string[]>();
  const tables = detail === "full" ? [SUMMARY_EVENTS, FULL_ONLY_EVENTS] : [SUMMARY_EVENTS];
  for (const table of tables) {
    for (const [type, reading] of table) {
      if (reading.fields !== null) events.set(type, reading.fields);
    }
  }
  return events;
}
