/**
 * A session's token usage split by day and model, from its cumulative token counts: each
 * `token_count` adds what the session total grew since the previous one, so the slices of a
 * session always add up to its last cumulative snapshot (never a sum of snapshots).
 *
 * @module
 */

import { isObject, objectAt, stringAt, type TokenUsage } from "../model/mod.ts";
import { addUsage, readTokenUsage, subtractUsage, ZERO_USAGE } from "../request/mod.ts";
import { listingReading } from "../events/mod.ts";
import {
  type HeadFacts,
  kindReading,
  type LineKind,
  lineTime,
  type TailFacts,
} from "./rollout_facts.ts";

/** Usage of one session within one bucket (a day in the report's time zone) and one model. */
export interface UsageSlice {
  sessionId: string;
  cwd: string | null;
  model: string | null;
  /** Time of the last token count in the slice, ms since the epoch. */
  at: number;
  tokens: TokenUsage;
}

/** True for the lines {@linkcode SliceBuilder} uses: `turn_context` and `token_count`. */
export function sliceWants(kind: LineKind): boolean {
  const fact = kindReading(kind)?.fact;
  return fact === "turn_model" || fact === "token_count";
}

/** Builds the slices of one session from its lines in file order. */
export class SliceBuilder {
  #session: { id: string; cwd: string | null };
  #bucketOf: (at: number) => string;
  #model: string | null = null;
  #previous: TokenUsage = ZERO_USAGE;
  #slices = new Map<string, UsageSlice>();

  /** `bucketOf` names the report bucket of a time (the day, in the report's time zone). */
  constructor(session: { id: string; cwd: string | null }, bucketOf: (at: number) => string) {
    this.#session = session;
    this.#bucketOf = bucketOf;
  }

  /** Adds one parsed line; only `turn_context` and `token_count` lines matter. */
  add(line: unknown): void {
    if (!isObject(line)) return;
    const type = stringAt(line, "type");
    const payload = objectAt(line, "payload");
    if (payload === null) return;
    const fact = listingReading(type, stringAt(payload, "type"))?.fact;
    if (fact === "turn_model") {
      this.#model = stringAt(payload, "model") ?? this.#model;
      return;
    }
    if (fact !== "token_count") return;
    const info = objectAt(payload, "info");
    const totals = info === null ? null : readTokenUsage(info.total_token_usage);
    const at = lineTime(line);
    if (totals === null || at === null) return;
    const grown = subtractUsage(totals, this.#previous);
    this.#previous = totals;
    if (grown.input === 0 && grown.output === 0 && grown.cachedInput === 0) return;
    const key = `${this.#bucketOf(at)}\u0000${this.#model ?? ""}`;
    const slice = this.#slices.get(key);
    if (slice === undefined) {
      this.#slices.set(key, {
        sessionId: this.#session.id,
        cwd: this.#session.cwd,
        model: this.#model,
        at,
        tokens: grown,
      });
    } else {
      slice.at = at;
      slice.tokens = addUsage(slice.tokens, grown);
    }
  }

  /** The slices so far. */
  slices(): UsageSlice[] {
    return [...this.#slices.values()];
  }
}

/**
 * The session's usage as one slice, from its head and tail alone, when that is exact: the
 * whole file was read (`wholeFile`), every turn ran one model, and the session starts in the
 * bucket of its last token count. `null` when the file must be read through
 * ({@linkcode SliceBuilder}): a big file's unread middle may switch model and back
 * (A, B, A), which its head and tail cannot show. An empty list when the session has no usage.
 */
export function wholeSessionSlices(
  facts: { head: HeadFacts; tail: TailFacts; sessionId: string; wholeFile: boolean },
  bucketOf: (at: number) => string,
): UsageSlice[] | null {
  const { head, tail } = facts;
  if (tail.totals === null || tail.totalsAt === null) return [];
  if (tail.totals.input === 0 && tail.totals.output === 0) return [];
  if (!facts.wholeFile || head.modelChanged) return null;
  if (head.startedAt === null || head.model !== tail.model) return null;
  if (bucketOf(head.startedAt) !== bucketOf(tail.totalsAt)) return null;
  return [{
    sessionId: facts.sessionId,
    cwd: head.cwd,
    model: tail.model,
    at: tail.totalsAt,
    tokens: tail.totals,
  }];
}
