/** The default `parse` view: one row per request, then totals. */

import type {
  Analysis,
  RequestRecord,
  RequestState,
  RequestTotals,
  StateCounts,
} from "../core/model/mod.ts";
import { cacheHitRate, requestTotals, shortIds } from "../core/request/mod.ts";
import {
  analysisCost,
  DEFAULT_PRICE_TABLE,
  type PriceTable,
  requestCost,
} from "../core/pricing/mod.ts";
import type { Colors } from "./colors.ts";
import { formatCompact, formatCost, formatDuration, formatInt, oneLine } from "./format.ts";
import { stateLabel, statePaint } from "./state_style.ts";
import { type Cell, renderTable } from "./table.ts";

/** Options for {@linkcode renderSummary}. */
export interface SummaryViewOptions {
  colors: Colors;
  width: number;
  /** ms since epoch of the file's last write, to say how long ago the last line came. */
  mtime?: number | null;
  now?: number;
  /** Prices for the COST column (default: the shipped table). */
  prices?: PriceTable;
}

/**
 * Renders the per-request table and the totals line. When the analysis left finished requests
 * out (`omittedRequests`), one line says how many and in which states; the totals always
 * cover every request.
 */
export function renderSummary(analysis: Analysis, options: SummaryViewOptions): string[] {
  const { colors } = options;
  const lines: string[] = [];
  const describe = [
    analysis.format === "unknown" ? "no Codex output recognised" : analysis.format,
    analysis.codexVersion ? `codex ${analysis.codexVersion}` : null,
  ].filter((part) => part !== null).join(", ");
  lines.push(colors.dim(describe));
  const omitted = analysis.omittedRequests;
  if (omitted !== undefined && omitted.count > 0) {
    lines.push(colors.dim(
      `(+${formatInt(omitted.count)} earlier finished requests not listed: ${
        stateList(omitted.states, (_state, text) => text)
      }; use --json for all)`,
    ));
  }
  if (analysis.requests.length === 0 && omitted === undefined) {
    lines.push("No requests found");
  } else {
    const ids = shortIds(analysis.requests.map((request) => request.key));
    const prices = options.prices ?? DEFAULT_PRICE_TABLE;
    const rows = analysis.requests.map((request) =>
      requestRow(request, { id: ids.get(request.key) ?? request.key, colors, prices })
    );
    lines.push(
      ...renderTable(
        [
          { header: "REQ" },
          { header: "STATE" },
          { header: "LINES" },
          { header: "TOKENS", align: "right" },
          { header: "COST", align: "right" },
          { header: "LAST ACTIVITY" },
          { header: "ANSWER", flex: true },
        ],
        rows,
        { width: options.width, paintHeader: colors.bold },
      ),
    );
  }
  lines.push(totalsLine(analysis, options));
  return lines;
}

function requestRow(
  request: RequestRecord,
  { id, colors, prices }: { id: string; colors: Colors; prices: PriceTable },
): Cell[] {
  const span = request.firstTime !== null && request.lastTime !== null
    ? `${request.firstLine}-${request.lastLine} (${
      formatDuration(request.lastTime - request.firstTime)
    })`
    : `${request.firstLine}-${request.lastLine}`;
  const tokens = request.tokens ? formatCompact(request.tokens.total) : "-";
  return [
    { text: id },
    { text: stateLabel(request.state), paint: statePaint(request.state, colors) },
    { text: span },
    { text: tokens },
    {
      text: costCell(
        request.tokens === null ? null : requestCost(request, prices),
        request.tokens !== null,
      ),
    },
    { text: lastActivity(request) },
    { text: answerText(request), paint: request.finalMessage ? undefined : colors.dim } as Cell,
  ];
}

function lastActivity(request: RequestRecord): string {
  const running = request.commands.findLast((command) => command.exitCode === null);
  if (running && request.state === "running") {
    return `running: ${oneLine(running.command.at(-1) ?? "")}`;
  }
  return request.lastEventType ?? "-";
}

function answerText(request: RequestRecord): string {
  if (request.finalMessage) return oneLine(request.finalMessage);
  const error = request.errors.at(-1);
  if (error && request.state === "failed") return `error: ${oneLine(error.message)}`;
  const approval = request.approvals.find((item) => !item.resolved);
  if (approval) return `approval: ${oneLine(approval.message)}`;
  return "";
}

/** "67,000 completed, 1,123 failed": the non-zero states, most frequent first. */
function stateList(
  states: StateCounts,
  paint: (state: RequestState, text: string) => string,
): string {
  return (Object.entries(states) as [RequestState, number][])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([state, count]) => paint(state, `${formatInt(count)} ${stateLabel(state)}`))
    .join(", ");
}

/** `requests (states) · tokens (split)`: the part of a totals line every total shares. */
function totalsParts(totals: RequestTotals, colors: Colors): string[] {
  const states = stateList(totals.states, (state, text) => statePaint(state, colors)(text));
  const usage = totals.tokens;
  const hit = cacheHitRate(usage);
  return [
    `${formatInt(totals.requests)} request${totals.requests === 1 ? "" : "s"}${
      states.length ? ` (${states})` : ""
    }`,
    `tokens ${formatInt(usage.total)} (in ${formatInt(usage.input)}, cached ${
      formatInt(usage.cachedInput)
    }${hit === null ? "" : ` ${Math.round(hit * 100)}%`}, out ${formatInt(usage.output)})`,
  ];
}

/** The closing line after several inputs: `total: 4 files · 6 requests (...) · tokens ...`. */
export function renderGrandTotal(totals: RequestTotals, files: number, colors: Colors): string {
  return [`total: ${formatInt(files)} files`, ...totalsParts(totals, colors)].join(" · ");
}

function totalsLine(analysis: Analysis, options: SummaryViewOptions): string {
  const totals = analysis.totals ?? requestTotals(analysis.requests);
  const parts = [
    ...totalsParts(totals, options.colors),
    `cost ${
      costCell(
        analysisCost(analysis, options.prices ?? DEFAULT_PRICE_TABLE),
        totals.tokens.total > 0,
      )
    }`,
    `${formatInt(analysis.lines.total)} lines`,
  ];
  if (analysis.lines.text > 0) parts.push(`${formatInt(analysis.lines.text)} non-JSON`);
  if (analysis.lines.incomplete > 0) parts.push(options.colors.yellow("torn last line"));
  if (analysis.lines.tooLong > 0) {
    parts.push(options.colors.yellow(`${formatInt(analysis.lines.tooLong)} too long, skipped`));
  }
  if (analysis.serverExited) parts.push("server exited");
  if (options.mtime && options.now && options.now >= options.mtime) {
    parts.push(`last write ${formatDuration(options.now - options.mtime)} ago`);
  }
  return parts.join(" · ");
}

/** `$0.12`; `?` when tokens exist but no price; `-` without tokens. */
function costCell(cost: number | null, hasTokens: boolean): string {
  if (cost !== null) return formatCost(cost);
  return hasTokens ? "?" : "-";
}
