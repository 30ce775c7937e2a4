/** `codex_status`: one session's state, tokens, findings and pending approvals, as text and data. */

import { type RequestId, requestKey } from "../core/model/mod.ts";
import type { Finding } from "../core/stuck/mod.ts";
import type { RateLimitWindow } from "../core/usage/mod.ts";
import type { SessionBackend, SessionStatus } from "../session/mod.ts";
import { describeWindow, formatCost, formatDuration, livenessText } from "../ui/mod.ts";

/** Characters of a final answer shown per request in a status (codex_wait gives it whole). */
export const STATUS_ANSWER_CHARS = 200;

/** Requests (and findings) a status lists per session unless told otherwise. */
export const DEFAULT_STATUS_REQUESTS = 20;

/** One request of a status report. */
export interface RequestReport {
  request: RequestId;
  state: string;
  tool: string | null;
  threadId: string | null;
  tokens: number | null;
  /** USD at the price table; `null` when unknown (no tokens yet, or a model without a price). */
  costUsd: number | null;
  commands: number;
  lastEvent: string | null;
  /** Milliseconds since the request's last output line, when known. */
  idleMs: number | null;
  pendingApproval: string | null;
  /** The start of the final answer. */
  answer: string | null;
}

/** A session in `codex_status`. */
export interface SessionReport {
  session: string;
  alive: boolean;
  state: string;
  backend: SessionBackend;
  codexVersion: string | null;
  codexPid: number | null;
  uptimeMs: number | null;
  /** Tokens of the whole session (per thread the last cumulative total). */
  tokens: number;
  /** USD of the whole session; `null` when unknown (a request's model has no price). */
  costUsd: number | null;
  /** The rate-limit windows Codex last reported in this session's output ([] when none). */
  rateLimits: RateLimitReport[];
  /** When Codex reported them (ISO time), when the line says. */
  rateLimitsAt: string | null;
  /** True when this MCP server started the session. */
  managed: boolean;
  keep: boolean;
  /** Open requests first, then the latest finished ones, at most `maxRequests`, in session order. */
  requests: RequestReport[];
  /** Requests left out of `requests`, counted by state. */
  omitted: { count: number; states: Record<string, number> };
  pendingApprovals: { request: RequestId; message: string }[];
  findings: {
    request: RequestId;
    kind: string;
    severity: string;
    reason: string;
    suggestion: string;
  }[];
  /** Findings left out of `findings` (the most severe are kept). */
  omittedFindings: number;
}

/** A rate-limit window in a status. */
export interface RateLimitReport {
  window: RateLimitWindow["name"];
  usedPercent: number;
  windowMinutes: number | null;
  /** ISO time. */
  resetsAt: string | null;
}

/** What {@linkcode sessionReport} needs besides the status. */
export interface SessionReportOptions {
  backend: SessionBackend;
  tokens: number;
  /** The session's cost (USD), `null` when unknown. */
  cost: number | null;
  /** Each request's cost by request key (`null` or missing: unknown). */
  requestCosts: ReadonlyMap<string, number | null>;
  /** The windows Codex last reported, or `null`. */
  rateLimits: { windows: readonly RateLimitWindow[]; at: number | null } | null;
  findings: readonly Finding[];
  managed: boolean;
  keep: boolean;
  now: number;
  /** Requests and findings listed at most (default {@linkcode DEFAULT_STATUS_REQUESTS}). */
  maxRequests?: number;
}

/** The report of one session. */
export function sessionReport(status: SessionStatus, options: SessionReportOptions): SessionReport {
  const limit = options.maxRequests ?? DEFAULT_STATUS_REQUESTS;
  const all = status.requests.map((row): RequestReport => ({
    request: row.requestId,
    state: row.state,
    tool: row.tool,
    threadId: row.threadId,
    tokens: row.totalTokens,
    costUsd: options.requestCosts.get(row.key) ?? null,
    commands: row.commands,
    lastEvent: row.lastEventType,
    idleMs: row.lastTime === null ? null : Math.max(0, options.now - row.lastTime),
    pendingApproval: row.pendingApproval,
    answer: row.finalMessage === null ? null : clip(row.finalMessage, STATUS_ANSWER_CHARS),
  }));
  const requests = pickRequests(all, limit);
  const states: Record<string, number> = {};
  const shown = new Set(requests);
  for (const row of all) if (!shown.has(row)) states[row.state] = (states[row.state] ?? 0) + 1;
  // findings come most severe first: the ones kept are the ones that matter
  const findings = options.findings.filter((finding) => finding.severity !== "info");
  return {
    session: status.name,
    alive: status.alive,
    state: livenessText(status),
    backend: options.backend,
    codexVersion: status.codexVersion,
    codexPid: status.codexPid,
    uptimeMs: status.uptimeMs,
    tokens: options.tokens,
    costUsd: options.cost,
    rateLimits: (options.rateLimits?.windows ?? []).map((window) => ({
      window: window.name,
      usedPercent: window.usedPercent,
      windowMinutes: window.windowMinutes,
      resetsAt: isoOrNull(window.resetsAt),
    })),
    rateLimitsAt: isoOrNull(options.rateLimits?.at ?? null),
    managed: options.managed,
    keep: options.keep,
    requests,
    omitted: { count: all.length - requests.length, states },
    pendingApprovals: all.flatMap((row) =>
      row.pendingApproval === null ? [] : [{ request: row.request, message: row.pendingApproval }]
    ),
    findings: findings.slice(0, limit).map((finding) => ({
      request: finding.requestId,
      kind: finding.kind,
      severity: finding.severity,
      reason: finding.reason,
      suggestion: findingSuggestion(finding, status.name),
    })),
    omittedFindings: Math.max(0, findings.length - limit),
  };
}

/** What to do about a finding, naming the MCP tools where the detector names CLI commands. */
function findingSuggestion(finding: Finding, session: string): string {
  if (finding.kind !== "awaiting_approval") return finding.suggestion;
  const args = JSON.stringify({ session, request: finding.requestId });
  return `Answer it: codex_approve ${args} (or codex_deny)`;
}

// Open requests (running, awaiting approval) first, then the latest others, kept in session order.
function pickRequests(all: readonly RequestReport[], limit: number): RequestReport[] {
  if (all.length <= limit) return [...all];
  const open = (row: RequestReport) => row.state === "running" || row.state === "awaiting_approval";
  const chosen = new Set<RequestReport>();
  for (const row of all) if (open(row) && chosen.size < limit) chosen.add(row);
  for (let index = all.length - 1; index >= 0 && chosen.size < limit; index -= 1) {
    chosen.add(all[index]!);
  }
  return all.filter((row) => chosen.has(row));
}

/** The report as lines a model reads. */
export function renderSessionReport(report: SessionReport): string[] {
  const head = [
    report.state,
    `Codex ${report.codexVersion ?? "(version unknown)"} (${report.backend})`,
    report.codexPid === null ? null : `pid ${report.codexPid}`,
    report.uptimeMs === null ? null : `up ${formatDuration(report.uptimeMs)}`,
    `${report.requests.length} requests`,
    `${report.tokens} tokens`,
    report.tokens === 0 ? null : costText(report.costUsd),
    report.managed ? (report.keep ? "started here, kept" : "started here") : null,
  ].filter((part) => part !== null).join(", ");
  const lines = [`session "${report.session}": ${head}`];
  for (const row of report.requests) {
    const parts = [`  #${requestKey(row.request)} ${row.state}`];
    if (row.tool) parts.push(row.tool);
    if (row.tokens !== null) parts.push(`${row.tokens} tok ${costText(row.costUsd)}`);
    if (row.commands > 0) parts.push(`${row.commands} cmds`);
    if (row.state === "running" && row.lastEvent) {
      const idle = row.idleMs === null ? "" : ` ${formatDuration(row.idleMs)} ago`;
      parts.push(`last event ${row.lastEvent}${idle}`);
    }
    let line = parts.join(" ");
    if (row.pendingApproval !== null) {
      line += `: needs approval: ${flat(row.pendingApproval)} (codex_approve or codex_deny)`;
    } else if (row.answer !== null) line += `: ${flat(row.answer)}`;
    lines.push(line);
  }
  if (report.omitted.count > 0) {
    const states = Object.entries(report.omitted.states)
      .map(([state, count]) => `${count} ${state}`).join(", ");
    lines.push(
      `  (+${report.omitted.count} more requests: ${states}; codex_digest summarizes them)`,
    );
  }
  if (report.rateLimits.length > 0) {
    const windows = report.rateLimits.map((window) =>
      describeWindow({
        name: window.window,
        usedPercent: window.usedPercent,
        windowMinutes: window.windowMinutes,
        resetsAt: window.resetsAt === null ? null : Date.parse(window.resetsAt),
      })
    );
    lines.push(`  rate limits: ${windows.join(", ")}`);
  }
  for (const finding of report.findings) {
    lines.push(
      `  ! ${finding.severity} ${finding.kind} #${requestKey(finding.request)}: ${finding.reason}`,
    );
  }
  if (report.omittedFindings > 0) lines.push(`  (+${report.omittedFindings} more findings)`);
  return lines;
}

function costText(usd: number | null): string {
  return usd === null ? "cost unknown" : formatCost(usd);
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}
