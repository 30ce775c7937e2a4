/** The `codexmon ls` table. */

import type { SessionState, SessionSummary } from "../core/usage/mod.ts";
import type { Colors, Paint } from "./colors.ts";
import { formatCompact, formatCost, oneLine } from "./format.ts";
import { type Cell, type Column, renderTable } from "./table.ts";

const COLUMNS: readonly Column[] = [
  { header: "ID" },
  { header: "STARTED (UTC)" },
  { header: "ACTIVE", align: "right" },
  { header: "STATE" },
  { header: "MODEL" },
  { header: "CODEX" },
  { header: "SOURCE" },
  { header: "TURNS", align: "right" },
  { header: "TOKENS", align: "right" },
  { header: "COST", align: "right" },
  { header: "CTX", align: "right" },
  { header: "LIMITS", align: "right" },
  { header: "CWD" },
  { header: "FIRST PROMPT", flex: true },
];

/** Options for {@linkcode renderSessionList}. */
export interface SessionListViewOptions {
  now: number;
  width: number;
  colors: Colors;
}

/** The table lines for `sessions`. */
export function renderSessionTable(
  sessions: readonly SessionSummary[],
  options: SessionListViewOptions,
): string[] {
  const rows = sessions.map((session) => sessionRow(session, options));
  return renderTable(COLUMNS, rows, { width: options.width, paintHeader: options.colors.bold });
}

function sessionRow(session: SessionSummary, options: SessionListViewOptions): Cell[] {
  const text = (value: string | null | undefined): Cell => ({ text: value ?? "-" });
  const limits = session.rateLimits.length === 0
    ? null
    : `${Math.round(Math.max(...session.rateLimits.map((window) => window.usedPercent)))}%`;
  return [
    text(shortId(session)),
    text(session.startedAt === null ? null : utcMinute(session.startedAt)),
    text(session.lastActivity === null ? null : relativeAge(session.lastActivity, options.now)),
    { text: session.state, paint: statePaint(session.state, options.colors) },
    text(session.model),
    text(session.cliVersion),
    text(session.source),
    text(
      session.problem !== null ? null : `${session.turns}${session.turnsExact ? "" : "+"}`,
    ),
    text(session.tokens === null ? null : formatCompact(session.tokens.total)),
    text(session.cost === null ? (session.tokens === null ? null : "?") : formatCost(session.cost)),
    text(session.contextFill === null ? null : percent(session.contextFill)),
    text(limits),
    text(session.cwd === null ? null : shortHome(session.cwd)),
    text(
      session.problem !== null
        ? `${session.problem}: ${session.path}`
        : session.firstPrompt === null
        ? null
        : oneLine(session.firstPrompt),
    ),
  ];
}

const ROLLOUT_NAME_ID = /([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.jsonl$/i;

/** The first 8 characters of the id, else the file name. */
export function shortId(session: SessionSummary): string {
  if (session.id !== null) return session.kind === "codexmon" ? session.id : session.id.slice(0, 8);
  const name = session.path.slice(session.path.lastIndexOf("/") + 1);
  return ROLLOUT_NAME_ID.exec(name)?.[1] ?? name.slice(0, 12);
}

/** `2026-11-24 13:20`. */
export function utcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** How long ago `ms` was: `now`, `45s`, `12m`, `5h`, `3d`. */
export function relativeAge(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 5) return "now";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

function shortHome(path: string): string {
  return path.replace(/^\/(home\/[^/]+|root)(?=\/|$)/, "~");
}

function statePaint(state: SessionState, colors: Colors): Paint {
  switch (state) {
    case "running":
      return colors.yellow;
    case "awaiting-approval":
      return colors.magenta;
    case "stuck":
      return colors.red;
    case "idle":
      return colors.cyan;
    case "done":
      return colors.green;
    case "failed":
    case "unfinished":
      return colors.red;
    case "interrupted":
    case "empty":
      return colors.gray;
    case "unreadable":
    case "not-a-rollout":
      return colors.red;
  }
}

function percent(ratio: number): string {
  return ratio > 0 && ratio < 0.01 ? "<1%" : `${Math.round(ratio * 100)}%`;
}
