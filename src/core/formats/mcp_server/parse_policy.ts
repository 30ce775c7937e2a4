/**
 * Which `codex/event` lines get parsed. The summary reads only the events its facts come
 * from; every other line is counted from its header bytes alone. Full detail parses all but
 * the bulky repeats whose content is available elsewhere.
 */

import { FULL_SKIPPED_EVENTS, SUMMARY_EVENTS } from "../../events/mod.ts";
import { BACKSLASH, MemberCursor } from "../../bytes/mod.ts";
import type { EventHeaderReader } from "./event_header.ts";

/** What summary detail parses beyond the summary's events for the report: whole texts. */
const REPORT_PARSE: ReadonlySet<string> = new Set(["agent_reasoning", "user_message"]);

const encoder = new TextEncoder();
const REASONING_ITEM = encoder.encode(',"item":{"type":"reasoning"');
const ITEM_KEY = encoder.encode("item");
const TYPE_KEY = encoder.encode("type");
/** The `item.type` values whose `item_completed` lines `applyEvent` reads (texts). */
const TEXT_ITEM_TYPES = [encoder.encode('"Reasoning"'), encoder.encode('"AgentMessage"')];
const msgMembers = new MemberCursor();
const itemMembers = new MemberCursor();

/**
 * Where the value of the last member named `key` of the object at `at` lies, as `JSON.parse`
 * keeps it; null when there is none or the object is not in the shape the cursor reads.
 */
function lastMember(
  cursor: MemberCursor,
  bytes: Uint8Array,
  options: { at: number; key: Uint8Array },
): { start: number; end: number } | null {
  if (!cursor.begin(bytes, options.at)) return null;
  let start = -1;
  let end = -1;
  while (cursor.next()) {
    if (cursor.keyIs(options.key)) {
      start = cursor.start;
      end = cursor.end;
    }
  }
  return cursor.closed < 0 || start < 0 ? null : { start, end };
}

/**
 * True unless the `item_completed` msg at `msgStart` surely holds an item `applyEvent` ignores
 * (a command, a user message...): its last `item` member's last `type` is a string with no
 * escape that names no text item. Any other shape is parsed.
 */
function completedItemNeedsParse(bytes: Uint8Array, msgStart: number): boolean {
  const item = lastMember(msgMembers, bytes, { at: msgStart, key: ITEM_KEY });
  if (item === null) return true;
  const type = lastMember(itemMembers, bytes, { at: item.start, key: TYPE_KEY });
  if (type === null || bytes[type.start] !== 0x22) return true;
  for (let i = type.start; i < type.end; i++) if (bytes[i] === BACKSLASH) return true;
  const length = type.end - type.start;
  return TEXT_ITEM_TYPES.some((name) =>
    name.length === length && name.every((byte, i) => bytes[type.start + i] === byte)
  );
}

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
    return type === "raw_response_item" || type === "item_completed" ? SOMETIMES : PARSE;
  }

  /**
   * True when the line in `bytes`, whose header `header` just read, must be parsed
   * (raw items only for reasoning: the others are instructions and copies of messages;
   * completed items only for texts: the others repeat commands and messages seen before).
   */
  needsParse(header: EventHeaderReader, bytes: Uint8Array): boolean {
    const verdict = this.parseVerdict(header.type);
    if (verdict !== SOMETIMES) return verdict === PARSE;
    return header.type === "item_completed"
      ? completedItemNeedsParse(bytes, header.msgStart)
      : header.followedBy(bytes, REASONING_ITEM);
  }
}
