/**
 * Which `codex/event` lines get parsed. The summary reads only the events its facts come
 * from; every other line is counted from its header bytes alone. Full detail parses all but
 * the bulky repeats whose content is available elsewhere.
 */

import type { EventHeaderReader } from "./event_header.ts";

/**
 * Event types the summary parses (state, tokens, final texts, commands, patches, errors,
 * approvals). Reasoning is a detail view's business: the summary has none.
 */
const SUMMARY_PARSE: ReadonlySet<string> = new Set([
  "session_configured",
  "task_started",
  "task_complete",
  "token_count",
  "raw_response_completed",
  "agent_message",
  "exec_command_begin",
  "exec_command_end",
  "exec_approval_request",
  "apply_patch_approval_request",
  "request_user_input",
  "request_permissions",
  "elicitation_request",
  "patch_apply_begin",
  "patch_apply_end",
  "error",
  "stream_error",
  "turn_aborted",
]);

/** What summary detail parses beyond {@linkcode SUMMARY_PARSE} for the report: whole texts. */
const REPORT_PARSE: ReadonlySet<string> = new Set(["agent_reasoning", "user_message"]);

/**
 * Types full detail does not parse: command output arrives whole in `exec_command_end`,
 * `turn_diff` repeats the whole diff, `item_started` holds nothing yet.
 */
const FULL_SKIP: ReadonlySet<string> = new Set([
  "exec_command_output_delta",
  "turn_diff",
  "item_started",
  "mcp_startup_complete",
]);

const REASONING_ITEM = new TextEncoder().encode(',"item":{"type":"reasoning"');

/** Whether lines of a type are parsed: never, always, or as {@linkcode ParsePolicy.needsParse} says. */
export type ParseVerdict = typeof SKIP | typeof PARSE | typeof SOMETIMES;
/** Lines of the type are only counted. */
export const SKIP = 0;
/** Lines of the type are read. */
export const PARSE = 1;
/** It depends on the line: ask {@linkcode ParsePolicy.needsParse}. */
export const SOMETIMES = 2;

/** Decides per line whether parsing is needed. */
export class ParsePolicy {
  #full: boolean;
  #wholeTexts: boolean;

  /** `wholeTexts`: in summary detail, parse whole reasoning texts and prompts too (not deltas). */
  constructor(detail: "summary" | "full", wholeTexts = false) {
    this.#full = detail === "full";
    this.#wholeTexts = wholeTexts;
  }

  /** What lines of `type` need, known from the type alone where possible. */
  parseVerdict(type: string): ParseVerdict {
    if (!this.#full) {
      return SUMMARY_PARSE.has(type) || (this.#wholeTexts && REPORT_PARSE.has(type)) ? PARSE : SKIP;
    }
    if (FULL_SKIP.has(type)) return SKIP;
    return type === "raw_response_item" ? SOMETIMES : PARSE;
  }

  /**
   * True when the line in `bytes`, whose header `header` just read, must be parsed
   * (raw items only for reasoning: the others are instructions and copies of messages).
   */
  needsParse(header: EventHeaderReader, bytes: Uint8Array): boolean {
    const verdict = this.parseVerdict(header.type);
    return verdict === SOMETIMES ? header.followedBy(bytes, REASONING_ITEM) : verdict === PARSE;
  }
}
