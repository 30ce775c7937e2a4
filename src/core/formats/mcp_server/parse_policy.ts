/**
 * Which `codex/event` lines get parsed. The summary reads only the events its facts come
 * from; every other line is counted from its header bytes alone. Full detail parses all but
 * the bulky repeats whose content is available elsewhere.
 */

import { FULL_SKIPPED_EVENTS, SUMMARY_EVENTS } from "../../events/mod.ts";
import type { EventHeaderReader } from "./event_header.ts";

/** What summary detail parses beyond the summary's events for the report: whole texts. */
const REPORT_PARSE: ReadonlySet<string> = new Set(["agent_reasoning", "user_message"]);

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
      return SUMMARY_EVENTS.has(type) || (this.#wholeTexts && REPORT_PARSE.has(type))
        ? PARSE
        : SKIP;
    }
    if (FULL_SKIPPED_EVENTS.has(type)) return SKIP;
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
