/**
 * A compact plain-text digest for an LLM reader: the facts that matter per request,
 * never longer than the character budget.
 */

import type { Analysis, RequestRecord, RequestState } from "../model/mod.ts";
import { cacheHitRate, requestTotals, shortIdOf } from "../request/mod.ts";
import type { Finding } from "../stuck/mod.ts";
import { analysisCost, DEFAULT_PRICE_TABLE, type PriceTable, requestCost } from "../pricing/mod.ts";

/** Options for {@linkcode buildDigest}. */
export interface DigestOptions {
  /** Hard limit on the whole digest, in characters (default 2000). */
  maxChars?: number;
  /** Label of the file. */
  file?: string;
  /** Extra one-line notes per request key (stuck findings), most important first. */
  notes?: ReadonlyMap<string, readonly string[]>;
  /** Prices for the costs (default: the shipped table). */
  prices?: PriceTable;
}

/** The default budget of `--digest`. */
export const DEFAULT_DIGEST_CHARS = 2000;

// Requests that need attention come first; finished ones last.
const STATE_RANK: Record<RequestState, number> = {
  awaiting_approval: 0,
  failed: 1,
  no_response: 2,
  running: 3,
  cancelled: 4,
  completed: 5,
};

/** Builds the digest of one file; the result is at most `maxChars` characters long. */
export function buildDigest(analysis: Analysis, options: DigestOptions = {}): string {
  const maxChars = Math.max(40, options.maxChars ?? DEFAULT_DIGEST_CHARS);
  const usage = requestTotals(analysis.requests).tokens;
  const prices = options.prices ?? DEFAULT_PRICE_TABLE;
  const cost = analysisCost(analysis, prices);
  const header = [
    options.file ? `file ${options.file}` : null,
    analysis.format === "unknown" ? null : analysis.format,
    analysis.codexVersion ? `codex ${analysis.codexVersion}` : null,
    `${analysis.requests.length} ${analysis.requests.length === 1 ? "request" : "requests"}`,
    `${usage.total} tokens`,
    cost === null ? null : `$${cost.toFixed(4)}`,
    analysis.lines.incomplete > 0 ? "torn last line" : null,
    analysis.lines.tooLong > 0 ? `${analysis.lines.tooLong} lines too long, skipped` : null,
  ].filter((part) => part !== null).join(" | ");
  const ordered = [...analysis.requests].sort((a, b) =>
    STATE_RANK[a.state] - STATE_RANK[b.state] || b.lastLine - a.lastLine
  );
  const out: string[] = [];
  let used = 0;
  const push = (text: string): boolean => {
    const cost = text.length + (out.length > 0 ? 1 : 0);
    if (used + cost > maxChars) return false;
    out.push(text);
    used += cost;
    return true;
  };
  if (!push(clip(header, maxChars))) return clip(header, maxChars);
  let shown = 0;
  for (const request of ordered) {
    const remaining = ordered.length - shown;
    const reserve = remaining > 1 ? 30 : 0;
    const budget = maxChars - used - 1 - reserve;
    if (budget < 30) break;
    const block = requestBlock(request, options.notes?.get(request.key) ?? [], {
      budget,
      cost: requestCost(request, prices),
    });
    if (!push(block)) break;
    shown += 1;
  }
  if (shown < ordered.length) push(`(+${ordered.length - shown} more requests)`);
  return out.join("\n");
}

/** The digest notes of `findings`: warnings and stuck findings per request key, in their order. */
export function findingNotes(findings: readonly Finding[]): Map<string, string[]> {
  const notes = new Map<string, string[]>();
  for (const finding of findings) {
    if (finding.severity === "info") continue;
    const list = notes.get(finding.key) ?? [];
    list.push(`${finding.severity} ${finding.kind}: ${finding.reason}`);
    notes.set(finding.key, list);
  }
  return notes;
}

function requestBlock(
  request: RequestRecord,
  notes: readonly string[],
  options: { budget: number; cost: number | null },
): string {
  const budget = options.budget;
  const parts: string[] = [];
  const failedCommands = request.commands.filter((c) => c.exitCode !== null && c.exitCode !== 0);
  const hit = cacheHitRate(request.sessionTokens);
  parts.push(
    [
      `#${shortIdOf(request.key)}`,
      request.tool ?? "",
      request.state,
      request.tokens ? `${request.tokens.total} tok` : "",
      options.cost === null ? "" : `$${options.cost.toFixed(4)}`,
      hit === null ? "" : `cache ${Math.round(hit * 100)}%`,
      request.commands.length > 0
        ? `${request.commands.length} cmds${
          failedCommands.length ? ` (${failedCommands.length} failed)` : ""
        }`
        : "",
      `L${request.firstLine}-${request.lastLine}`,
    ].filter((part) => part !== "").join(" "),
  );
  for (const note of notes) parts.push(`! ${flat(note)}`);
  const lastError = request.errors.at(-1);
  if (lastError && (request.state === "failed" || request.state === "running")) {
    parts.push(`error: ${flat(lastError.message)}`);
  }
  const pendingApproval = request.approvals.find((approval) => !approval.resolved);
  if (pendingApproval) parts.push(`approval: ${flat(pendingApproval.message)}`);
  if (request.finalMessage) parts.push(`answer: ${flat(request.finalMessage)}`);
  else {
    const reasoning = request.reasoning.at(-1);
    if (reasoning) parts.push(`thinking: ${flat(reasoning.text)}`);
  }
  const commands = request.commands.slice(-3).map((command) =>
    `${flat(command.command.at(-1) ?? "")} -> ${command.exitCode ?? "running"}`
  );
  if (commands.length > 0) parts.push(`cmds: ${commands.join("; ")}`);
  return fitLines(parts, budget);
}

// Keeps whole lines while they fit, then shortens the next one; never exceeds `budget`.
function fitLines(lines: readonly string[], budget: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = line.length + (kept.length > 0 ? 1 : 0);
    if (used + cost <= budget) {
      kept.push(line);
      used += cost;
      continue;
    }
    const room = budget - used - (kept.length > 0 ? 1 : 0);
    if (room >= 20) kept.push(clip(line, room));
    break;
  }
  return kept.join("\n");
}

function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + "…";
}
