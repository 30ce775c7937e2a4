/**
 * The Codex event types codexmon reads, and what of each: the one table the parse policy and
 * the byte fast path are derived from. Adding an event type to the summary is one entry here
 * (plus its case in `applyEvent`).
 *
 * @module
 */

/**
 * How lines of one event type are read straight from their bytes, and which members each
 * reader decodes (a line in any other shape is parsed: `JSON.parse`, then `applyEvent`).
 */
export type ByteReading =
  /** Member by member, in any order: the `fields` `applyEvent` reads, the rest skipped unread. */
  | { reader: "members"; fields: readonly string[] }
  /**
   * A usage record in a fixed shape: `info` is null, or holds the cumulative usage, the last
   * model call's usage and the context window, in that order (`token_count`).
   */
  | { reader: "usage_totals"; info: string; total: string; last: string; contextWindow: string }
  /** A usage object right after a string id (`raw_response_completed`: one per model call). */
  | { reader: "usage_after_id"; id: string; usage: string }
  /**
   * Member by member like `members`, with only the tail of the big `output` member decoded
   * (`exec_command_end`): an output whose tail cannot be cut cleanly is parsed.
   */
  | { reader: "output_tail"; fields: readonly string[]; output: string }
  /**
   * A piece of streamed text (deltas), member by member without building a message: the
   * string `text` and where it sits, the string `item` and the number `index`. Other members
   * are skipped unread.
   */
  | { reader: "text_piece"; text: string; item: string; index: string };

/** How the summary reads one event type. */
export interface EventReading {
  /** How its lines are read from their bytes; null when they are always parsed. */
  bytes: ByteReading | null;
}

const PARSED: EventReading = { bytes: null };

/** An event read member by member from its bytes. */
function members(...fields: string[]): EventReading {
  return { bytes: { reader: "members", fields } };
}

/**
 * Event types the summary reads (state, tokens, final texts, commands, patches, errors,
 * approvals). Every other type is only counted from its header. Reasoning is a detail view's
 * business: the summary has none.
 */
export const SUMMARY_EVENTS: ReadonlyMap<string, EventReading> = new Map([
  ["session_configured", members("session_id", "thread_id", "model", "rollout_path", "cwd")],
  ["task_started", members("model_context_window", "turn_id")],
  ["task_complete", members("last_agent_message")],
  [
    "token_count",
    {
      bytes: {
        reader: "usage_totals",
        info: "info",
        total: "total_token_usage",
        last: "last_token_usage",
        contextWindow: "model_context_window",
      },
    },
  ],
  [
    "raw_response_completed",
    { bytes: { reader: "usage_after_id", id: "response_id", usage: "token_usage" } },
  ],
  ["agent_message", members("message")],
  ["exec_command_begin", members("call_id", "command", "cwd")],
  [
    "exec_command_end",
    {
      bytes: {
        reader: "output_tail",
        fields: ["type", "call_id", "exit_code", "duration", "command", "cwd"],
        output: "aggregated_output",
      },
    },
  ],
  ["exec_approval_request", PARSED],
  ["apply_patch_approval_request", PARSED],
  ["request_user_input", PARSED],
  ["request_permissions", PARSED],
  ["elicitation_request", PARSED],
  ["patch_apply_begin", members("call_id", "changes")],
  ["patch_apply_end", members("call_id", "success", "changes")],
  ["error", members("message")],
  ["stream_error", members("message", "additional_details")],
  ["turn_aborted", members("reason")],
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
const DELTA: EventReading = {
  bytes: { reader: "text_piece", text: "delta", item: "item_id", index: "summary_index" },
};

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
  ["agent_reasoning_section_break", members(...PART_FIELDS)],
  ["agent_reasoning", members("text")],
  ["user_message", members("message")],
  // Only the item is read (its own parse, not the line's), when the parse policy says so.
  ["item_completed", members("item")],
  ["raw_response_item", members("item")],
]);

/**
 * The types whose lines are read from their bytes at a detail level, with their readers: the
 * summary's, plus {@linkcode FULL_ONLY_EVENTS} in full detail.
 */
export function byteReadings(
  detail: "summary" | "full" = "summary",
): Map<string, ByteReading> {
  const readings = new Map<string, ByteReading>();
  const tables = detail === "full" ? [SUMMARY_EVENTS, FULL_ONLY_EVENTS] : [SUMMARY_EVENTS];
  for (const table of tables) {
    for (const [type, reading] of table) {
      if (reading.bytes !== null) readings.set(type, reading.bytes);
    }
  }
  return readings;
}

/**
 * The types whose lines the `members` and `text_piece` readers take at a detail level, with
 * the members they read: all that `applyEvent` reads of them.
 */
export function byteReadEvents(
  detail: "summary" | "full" = "summary",
): Map<string, readonly string[]> {
  const events = new Map<string, readonly string[]>();
  for (const [type, reading] of byteReadings(detail)) {
    if (reading.reader === "members") events.set(type, reading.fields);
    if (reading.reader === "text_piece") {
      events.set(type, [reading.text, reading.item, reading.index]);
    }
  }
  return events;
}

/**
 * What a session listing (`ls`, `usage`) learns from one kind of rollout line; the collectors
 * of `src/core/usage/rollout_facts.ts` switch on it.
 */
export type ListingFact =
  /** `turn_context`: the turn's model. */
  | "turn_model"
  /** The session's cumulative and last usage, its context window and rate limits. */
  | "token_count"
  | "turn_started"
  /** A turn ended: failed when the event holds an `error` object, else completed. */
  | "turn_completed"
  | "turn_aborted"
  /** Codex waits for the user's answer. */
  | "approval_asked"
  /** The user's typed text, in `message`. */
  | "user_message"
  /** The user's typed text, in a `UserMessage` `item`. */
  | "user_item"
  /** A model input message: the user's text when `role` is `user`. */
  | "user_response";

/** How a listing reads one kind of rollout line. */
export interface ListingReading {
  fact: ListingFact;
  /**
   * The payload members the listing reads (besides its `type`), decoded from the line's bytes;
   * `a.b` reads only member `b` of object `a`. Every other member is skipped unread. `null`:
   * the line is always parsed (what it reads is most of the line).
   */
  members: readonly string[] | null;
}

function listing(fact: ListingFact, ...members: string[]): ListingReading {
  return { fact, members };
}

/**
 * The `event_msg` payload types a listing reads, by type. Adding one (another approval, say)
 * is one entry here: the line kinds the listing wants and its byte reads follow from it.
 */
export const LISTING_EVENTS: ReadonlyMap<string, ListingReading> = new Map([
  [
    "token_count",
    listing(
      "token_count",
      "info.total_token_usage",
      "info.last_token_usage",
      "info.model_context_window",
      "rate_limits.primary",
      "rate_limits.secondary",
    ),
  ],
  ["task_started", listing("turn_started")],
  ["task_complete", listing("turn_completed", "error")],
  ["turn_aborted", listing("turn_aborted")],
  ["exec_approval_request", listing("approval_asked")],
  ["apply_patch_approval_request", listing("approval_asked")],
  ["request_permissions", listing("approval_asked")],
  ["request_user_input", listing("approval_asked")],
  ["elicitation_request", listing("approval_asked")],
  ["user_message", listing("user_message", "message")],
  ["item_completed", listing("user_item", "item")],
]);

const TURN_MODEL = listing("turn_model", "model");
// A model input message: its content is most of the line, which ends with more members.
const USER_RESPONSE: ListingReading = { fact: "user_response", members: null };

/**
 * How a listing reads a rollout line of this `type` and payload `type` (`null` when the
 * payload has none), or `undefined` when it learns nothing from it.
 */
export function listingReading(
  type: string | null,
  payloadType: string | null,
): ListingReading | undefined {
  if (type === "event_msg") {
    return payloadType === null ? undefined : LISTING_EVENTS.get(payloadType);
  }
  // Any turn_context, whatever its payload starts with.
  if (type === "turn_context") return TURN_MODEL;
  if (type === "response_item" && payloadType === "message") return USER_RESPONSE;
  return undefined;
}
