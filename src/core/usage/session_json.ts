/** The `ls --json` object of a session (schema in docs/ls.md). */

import type { TokenUsage } from "../model/mod.ts";
import { RATE_LIMIT_WARNING_PERCENT, type RateLimitWindow } from "./rate_limits.ts";
import type { SessionSummary } from "./session_summary.ts";

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Tokens in Codex's snake_case names. */
export function tokensJson(tokens: TokenUsage): Record<string, number> {
  return {
    input_tokens: tokens.input,
    cached_input_tokens: tokens.cachedInput,
    output_tokens: tokens.output,
    reasoning_output_tokens: tokens.reasoningOutput,
    total_tokens: tokens.total,
  };
}

/** A rate-limit window as JSON. */
export function rateLimitJson(window: RateLimitWindow): Record<string, unknown> {
  return {
    window: window.name,
    used_percent: window.usedPercent,
    window_minutes: window.windowMinutes,
    resets_at: isoOrNull(window.resetsAt),
  };
}

/** One `ls --json` line. */
export function sessionJson(session: SessionSummary): Record<string, unknown> {
  return {
    type: "session",
    id: session.id,
    path: session.path,
    kind: session.kind,
    source: session.source,
    state: session.state,
    started_at: isoOrNull(session.startedAt),
    last_activity: isoOrNull(session.lastActivity),
    cwd: session.cwd,
    model: session.model,
    cli_version: session.cliVersion,
    turns: session.turns,
    turns_exact: session.turnsExact,
    tokens: session.tokens === null ? null : tokensJson(session.tokens),
    cost_usd: session.cost,
    context_fill: session.contextFill,
    context_window: session.contextWindow,
    rate_limits: session.rateLimits.map(rateLimitJson),
    rate_limits_at: isoOrNull(session.rateLimitsAt),
    first_prompt: session.firstPrompt,
    size: session.size,
    problem: session.problem,
  };
}

/** What a listing found, as {@linkcode listingJson} reads it. */
export interface ListingFacts {
  /** Sessions found, before filters. */
  found: number;
  codexHomes: readonly string[];
  missingHomes: readonly string[];
  skippedFolders: number;
  liveChecked: boolean;
}

/** The `ls --json` `listing` object: `shown` sessions printed of what `facts` found. */
export function listingJson(shown: number, facts: ListingFacts): Record<string, unknown> {
  return {
    type: "listing",
    sessions: shown,
    found: facts.found,
    codex_homes: facts.codexHomes,
    missing_homes: facts.missingHomes,
    skipped_folders: facts.skippedFolders,
    live_checked: facts.liveChecked,
  };
}

/** The `parse --json` object of the last rate limits a file reports. */
export function rateLimitsObject(
  limits: { windows: readonly RateLimitWindow[]; at: number | null },
  file: string,
): Record<string, unknown> {
  return {
    type: "rate_limits",
    file,
    at: isoOrNull(limits.at),
    windows: limits.windows.map(rateLimitJson),
    warning: limits.windows.some((window) => window.usedPercent >= RATE_LIMIT_WARNING_PERCENT),
  };
}
