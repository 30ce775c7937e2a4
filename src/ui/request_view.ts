/** Per-request views: `--request-stats` and `--check-request`. */

import type { Analysis, RequestRecord } from "../core/model/mod.ts";
import { cacheHitRate, contextFill, shortIdOf } from "../core/request/mod.ts";
import type { Colors } from "./colors.ts";
import { formatCommand, formatInt, formatPercent, oneLine, truncate } from "./format.ts";
import { stateLabel, statePaint } from "./state_style.ts";

/** `--request-stats`: each request with its event count, state and top event types. */
export function renderRequestStats(analysis: Analysis, colors: Colors): string[] {
  if (analysis.requests.length === 0) return ["No requests found"];
  const lines = [colors.bold("Request statistics")];
  for (const request of analysis.requests) {
    const total = Object.values(request.eventCounts).reduce((sum, count) => sum + count, 0);
    lines.push(
      `  Request ${shortIdOf(request.key)}: ${formatInt(total)} events - ${
        statePaint(request.state, colors)(stateLabel(request.state))
      }`,
    );
    const top = Object.entries(request.eventCounts).sort((a, b) => b[1] - a[1]).slice(0, 3);
    for (const [type, count] of top) lines.push(`    - ${type}: ${formatInt(count)}`);
  }
  return lines;
}

/** `--check-request`: one request in detail. */
export function renderRequestCard(request: RequestRecord, colors: Colors): string[] {
  const short = shortIdOf(request.key);
  const title = short === request.key ? short : `${short} (${request.key})`;
  const lines = [colors.bold(`Request ${title}`)];
  const add = (label: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value !== "") lines.push(`  ${label}: ${value}`);
  };
  add("State", statePaint(request.state, colors)(stateLabel(request.state).toUpperCase()));
  add("Tool", request.tool);
  add("Thread", request.threadId);
  add("Model", request.model);
  add("Cwd", request.cwd);
  add("Rollout", request.rolloutPath);
  const events = Object.values(request.eventCounts).reduce((sum, count) => sum + count, 0);
  add("Events", `${formatInt(events)} (lines ${request.firstLine}-${request.lastLine})`);
  if (request.tokens) {
    const hit = cacheHitRate(request.sessionTokens);
    add(
      "Tokens",
      `${formatInt(request.tokens.total)} this request (in ${
        formatInt(request.tokens.input)
      }, cached ${formatInt(request.tokens.cachedInput)}, out ${
        formatInt(request.tokens.output)
      }, reasoning ${formatInt(request.tokens.reasoningOutput)})`,
    );
    if (request.sessionTokens) {
      add(
        "Session",
        `${formatInt(request.sessionTokens.total)} total${
          hit === null ? "" : `, cache hits ${formatPercent(hit)}`
        }`,
      );
    }
  }
  const fill = contextFill(request);
  if (fill !== null) {
    add("Context", `${formatPercent(fill)} of ${formatInt(request.contextWindow ?? 0)}`);
  }
  if (request.commands.length > 0) {
    const failed = request.commands.filter((c) => c.exitCode !== null && c.exitCode !== 0).length;
    add("Commands", `${request.commands.length}${failed ? ` (${failed} failed)` : ""}`);
    const last = request.commands.at(-1);
    if (last) {
      add("Last command", `${formatCommand(last.command)} -> ${last.exitCode ?? "running"}`);
    }
  }
  for (const error of request.errors.slice(-3)) add("Error", oneLine(error.message));
  for (const approval of request.approvals.filter((item) => !item.resolved)) {
    add("Awaiting approval", oneLine(approval.message));
  }
  if (request.finalMessage) add("Final answer", request.finalMessage);
  else {
    const reasoning = request.reasoning.at(-1);
    if (reasoning) add("Last reasoning", truncate(oneLine(reasoning.text), 400));
  }
  return lines;
}

/** `--summary`: counts of event types and lines. */
export function renderEventCounts(analysis: Analysis, colors: Colors): string[] {
  const lines = [colors.bold("Event summary")];
  const sorted = Object.entries(analysis.eventCounts).sort((a, b) => b[1] - a[1]);
  const width = Math.max(0, ...sorted.map(([type]) => type.length));
  for (const [type, count] of sorted) lines.push(`  ${type.padEnd(width)}  ${formatInt(count)}`);
  const { total, json, text, other, incomplete, tooLong } = analysis.lines;
  lines.push(
    `Lines: ${formatInt(total)} (${formatInt(json)} JSON, ${formatInt(text)} non-JSON, ${
      formatInt(other)
    } other JSON, ${incomplete} incomplete${
      tooLong > 0 ? `, ${formatInt(tooLong)} too long` : ""
    })`,
  );
  return lines;
}
