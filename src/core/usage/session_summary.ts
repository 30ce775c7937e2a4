/** One row of `codexmon ls`: a session's facts, state, tokens and cost. */

import type { TokenUsage } from "../model/mod.ts";
import { costFor, type PriceTable } from "../pricing/mod.ts";
import type { RateLimitWindow } from "./rate_limits.ts";
import type { HeadFacts, TailFacts } from "./rollout_facts.ts";

/**
 * Where a session stands. Live states need a live process (one that holds the file open or
 * the codexmon supervisor): `running` (a turn is open), `stuck` (a turn is open but no line
 * came for the silence threshold), `awaiting-approval`, `idle` (the process waits for the user). Ended: `done`, `failed`, `interrupted`, `unfinished` (a turn
 * was open when its process went away). Files that give no session: `empty`, `unreadable`,
 * `not-a-rollout`.
 */
export type SessionState =
  | "running"
  | "stuck"
  | "awaiting-approval"
  | "idle"
  | "done"
  | "failed"
  | "interrupted"
  | "unfinished"
  | "empty"
  | "unreadable"
  | "not-a-rollout";

/** Every state, in the order `--state` documents them. */
export const SESSION_STATES: readonly SessionState[] = [
  "running",
  "stuck",
  "awaiting-approval",
  "idle",
  "done",
  "failed",
  "interrupted",
  "unfinished",
  "empty",
  "unreadable",
  "not-a-rollout",
];

/** What a session file is. */
export type SessionSource = "rollout" | "codexmon";

/** One session as `ls` lists it. */
export interface SessionSummary {
  /** The session (thread) id; for codexmon sessions without one, the session name. */
  id: string | null;
  path: string;
  /** `rollout`: a Codex rollout file; `codexmon`: a session codexmon runs (`session start`). */
  kind: SessionSource;
  /** Codex's `source` (`cli`, `vscode`, `exec`...) or the codexmon backend. */
  source: string | null;
  state: SessionState;
  /** ms since the epoch. */
  startedAt: number | null;
  /** ms since the epoch: the newest line's time, else the file's mtime. */
  lastActivity: number | null;
  cwd: string | null;
  model: string | null;
  cliVersion: string | null;
  /** Turns started; a lower bound when `turnsExact` is false (a big file read only at both ends). */
  turns: number;
  turnsExact: boolean;
  tokens: TokenUsage | null;
  /** USD; `null` when unknown (no tokens, or a model without a price). */
  cost: number | null;
  /** Share (0..1) of the context window the last model request used. */
  contextFill: number | null;
  contextWindow: number | null;
  rateLimits: RateLimitWindow[];
  /** ms since the epoch when the rate limits were reported. */
  rateLimitsAt: number | null;
  firstPrompt: string | null;
  size: number;
  /** Why the file gives no session (`unreadable`, `not-a-rollout`). */
  problem: string | null;
}

/** Options for {@linkcode summarizeRollout}. */
export interface SummarizeRolloutOptions {
  path: string;
  size: number;
  mtime: number | null;
  /** True when a live process holds the file open. */
  live: boolean;
  /** True when head and tail together covered the whole file. */
  wholeFile: boolean;
  prices: PriceTable;
}

/** The summary of a rollout from its head and tail facts. */
export function summarizeRollout(
  facts: { head: HeadFacts; tail: TailFacts },
  options: SummarizeRolloutOptions,
): SessionSummary {
  const { head, tail } = facts;
  const model = tail.model ?? head.model;
  const tokens = tail.totals;
  const fill = tail.lastRequest !== null && tail.contextWindow !== null && tail.contextWindow > 0
    ? tail.lastRequest.total / tail.contextWindow
    : null;
  return {
    id: head.id,
    path: options.path,
    kind: "rollout",
    source: head.source,
    state: rolloutState(tail, options.live),
    startedAt: head.startedAt,
    lastActivity: tail.lastActivity ?? options.mtime,
    cwd: head.cwd,
    model,
    cliVersion: head.cliVersion,
    turns: options.wholeFile ? head.turns : Math.max(head.turns, tail.turns),
    turnsExact: options.wholeFile,
    tokens,
    cost: tokens === null ? null : costFor(tokens, model, options.prices),
    contextFill: fill,
    contextWindow: tail.contextWindow,
    rateLimits: tail.rateLimits,
    rateLimitsAt: tail.rateLimitsAt,
    firstPrompt: head.firstPrompt,
    size: options.size,
    problem: null,
  };
}

function rolloutState(tail: TailFacts, live: boolean): SessionState {
  if (live) {
    if (tail.awaitingApproval) return "awaiting-approval";
    return tail.lastTurn === "open" ? "running" : "idle";
  }
  switch (tail.lastTurn) {
    case "open":
      return "unfinished";
    case "failed":
      return "failed";
    case "interrupted":
      return "interrupted";
    case "completed":
    case null:
      return "done";
  }
}

/** A row for a file that gives no session. */
export function problemSummary(
  path: string,
  options: {
    state: "empty" | "unreadable" | "not-a-rollout";
    problem: string;
    size: number;
    mtime: number | null;
  },
): SessionSummary {
  return {
    id: null,
    path,
    kind: "rollout",
    source: null,
    state: options.state,
    startedAt: null,
    lastActivity: options.mtime,
    cwd: null,
    model: null,
    cliVersion: null,
    turns: 0,
    turnsExact: false,
    tokens: null,
    cost: null,
    contextFill: null,
    contextWindow: null,
    rateLimits: [],
    rateLimitsAt: null,
    firstPrompt: null,
    size: options.size,
    problem: options.problem,
  };
}

/**
 * `running` sessions silent for `silenceSeconds` or more (no line written) become `stuck`:
 * the same silence rule `parse --stuck` and `watch --stuck` apply to a request.
 */
export function markSilentAsStuck(
  sessions: SessionSummary[],
  options: { now: number; silenceSeconds: number },
): void {
  for (const session of sessions) {
    if (session.state !== "running" || session.lastActivity === null) continue;
    if (options.now - session.lastActivity >= options.silenceSeconds * 1000) {
      session.state = "stuck";
    }
  }
}
