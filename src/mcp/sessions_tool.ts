/** `codex_sessions`: what `codexmon ls` lists (Codex rollouts and codexmon sessions), with its filters. */

import type { McpServer } from "./sdk.ts";
import { z } from "zod";
import {
  filterSessions,
  listingJson,
  parseTimeBound,
  SESSION_STATES,
  type SessionFilter,
  sessionJson,
  type SessionSummary,
} from "../core/usage/mod.ts";
import { listSessions, resolveCodexHomes } from "../io/discovery/mod.ts";
import { codexmonSessionRows } from "../session/mod.ts";
import { formatCompact, formatCost, oneLine, relativeAge, shortId } from "../ui/mod.ts";
import { absolutePath, configOf, type McpContext, pricesOf } from "./context.ts";
import { addTool, toolResult } from "./tool.ts";

/** Sessions `codex_sessions` lists unless told otherwise (`ls` has no default; a model's context has). */
export const DEFAULT_SESSIONS_LIMIT = 50;

/** The most sessions one call lists. */
export const MAX_SESSIONS_LIMIT = 1000;

/** Characters of the first prompt in a text row. */
const PROMPT_CHARS = 80;

/** Registers `codex_sessions`. */
export function addSessionsTool(server: McpServer, context: McpContext): void {
  addTool(server, {
    name: "codex_sessions",
    title: "List Codex sessions",
    description:
      "What `codexmon ls` lists: every Codex session on this machine (rollouts under $CODEX_HOME/sessions: TUI, exec, IDE, app-server) and the codexmon sessions of the state folder, newest activity first, with state, model, tokens, cost, context fill, rate limits and first prompt. Filters as ls: since, until, cwd, state, limit, codex_home.",
    input: {
      since: z.string().min(1).optional().describe(
        "only sessions active since: a day (2026-11-24), a time (2026-11-24T13:00Z) or an age (30m, 2h, 7d)",
      ),
      until: z.string().min(1).optional().describe(
        "only sessions started until (same forms as since)",
      ),
      cwd: z.string().min(1).optional().describe(
        "only sessions whose working folder is this folder or below it",
      ),
      state: z.array(z.enum(SESSION_STATES as [string, ...string[]])).optional().describe(
        "only these states",
      ),
      limit: z.number().int().min(1).max(MAX_SESSIONS_LIMIT).optional().describe(
        `at most this many sessions, the most recently active (default ${DEFAULT_SESSIONS_LIMIT})`,
      ),
      codex_home: z.array(z.string().min(1)).optional().describe(
        "Codex homes to search instead of $CODEX_HOME (default ~/.codex)",
      ),
    },
    annotations: { readOnlyHint: true },
    run: async (args) => {
      const now = Date.now();
      const filter: SessionFilter = { limit: args.limit ?? DEFAULT_SESSIONS_LIMIT };
      if (args.since !== undefined) filter.since = parseTimeBound(args.since, "since", now);
      if (args.until !== undefined) filter.until = parseTimeBound(args.until, "until", now);
      if (args.cwd !== undefined) filter.cwd = absolutePath(context, args.cwd);
      if (args.state !== undefined) {
        filter.states = new Set(SESSION_STATES.filter((state) => args.state?.includes(state)));
      }
      const config = await configOf(context);
      const codexHomes = resolveCodexHomes(args.codex_home ?? [], {
        env: context.env,
        cwd: context.cwd,
      });
      const prices = pricesOf(config);
      const listing = await listSessions({
        codexHomes,
        moreSessions: () => codexmonSessionRows(context.stateDir, { prices }),
        cwd: context.cwd,
        prices,
        now,
      });
      const sessions = filterSessions(listing.sessions, filter);
      const rows = sessions.map((session) => {
        const row = sessionJson(session);
        if (session.kind !== "codexmon") return row;
        const owned = context.owned.get(session.id ?? "");
        return { ...row, started_here: owned !== undefined, keep: owned?.keep ?? false };
      });
      const notes = [
        ...listing.missingHomes.map((home) =>
          `no Codex sessions in "${home}" (no sessions folder)`
        ),
        ...(listing.skippedFolders > 0
          ? [`skipped ${listing.skippedFolders} folders that cannot be read`]
          : []),
        ...(sessions.length < listing.sessions.length
          ? [`${sessions.length} of ${listing.sessions.length} sessions shown (filters, limit)`]
          : []),
      ];
      const lines = sessions.map((session) => sessionLine(session, now));
      const text = [
        ...(lines.length === 0 ? ["no sessions"] : lines),
        ...notes.map((note) => `(${note})`),
      ].join("\n");
      return toolResult(text, {
        sessions: rows,
        listing: {
          ...listingJson(sessions.length, {
            ...listing,
            found: listing.sessions.length,
            codexHomes,
          }),
          state_dir: context.stateDir,
        },
      });
    },
  });
}

/** `0badf11e done active 3h ago gpt-5.2 0.169.0 exec 2 turns 8.5k tok $0.0123 ctx 3% limits 91% ~/p: prompt`. */
export function sessionLine(session: SessionSummary, now: number): string {
  const parts = [shortId(session), session.state];
  if (session.lastActivity !== null) {
    const age = relativeAge(session.lastActivity, now);
    parts.push(age === "now" ? "active now" : `active ${age} ago`);
  }
  if (session.problem !== null) return `${parts.join(" ")}: ${session.problem}: ${session.path}`;
  for (const value of [session.model, session.cliVersion, session.source]) {
    if (value !== null) parts.push(value);
  }
  const plural = session.turns === 1 && session.turnsExact ? "" : "s";
  parts.push(`${session.turns}${session.turnsExact ? "" : "+"} turn${plural}`);
  if (session.tokens !== null) {
    parts.push(`${formatCompact(session.tokens.total)} tok`);
    parts.push(session.cost === null ? "cost unknown" : formatCost(session.cost));
  }
  if (session.contextFill !== null) parts.push(`ctx ${Math.round(session.contextFill * 100)}%`);
  if (session.rateLimits.length > 0) {
    const most = Math.max(...session.rateLimits.map((window) => window.usedPercent));
    parts.push(`limits ${Math.round(most)}%`);
  }
  if (session.cwd !== null) parts.push(`in ${session.cwd}`);
  const prompt = session.firstPrompt === null ? "" : `: ${clip(oneLine(session.firstPrompt))}`;
  return parts.join(" ") + prompt;
}

function clip(text: string): string {
  return text.length <= PROMPT_CHARS ? text : text.slice(0, PROMPT_CHARS - 1) + "…";
}
