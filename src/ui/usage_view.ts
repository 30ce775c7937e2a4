/** The `codexmon usage` table. */

import type { UsageGrouping, UsageReport, UsageRow } from "../core/usage/mod.ts";
import type { Colors } from "./colors.ts";
import { formatCost, formatInt } from "./format.ts";
import { type Cell, type Column, renderTable } from "./table.ts";

const KEY_HEADERS: Record<UsageGrouping, string> = {
  daily: "DATE",
  monthly: "MONTH",
  session: "SESSION",
  model: "MODEL",
  cwd: "CWD",
};

/** The table lines of `report`, a total row last. */
export function renderUsage(
  report: UsageReport,
  options: { width: number; colors: Colors },
): string[] {
  const columns: Column[] = [
    { header: KEY_HEADERS[report.grouping], flex: report.grouping === "cwd" },
    { header: "INPUT", align: "right" },
    { header: "CACHED INPUT", align: "right" },
    { header: "OUTPUT", align: "right" },
    { header: "REASONING", align: "right" },
    { header: "TOTAL", align: "right" },
    { header: "COST", align: "right" },
  ];
  if (report.grouping !== "model") columns.push({ header: "MODELS" });
  const rows = report.rows.map((row) => usageCells(row, report.grouping));
  const total = usageCells(report.totals, report.grouping);
  rows.push(total.map((cell) => ({ ...cell, paint: options.colors.bold })));
  return renderTable(columns, rows, { width: options.width, paintHeader: options.colors.bold });
}

function usageCells(row: UsageRow, grouping: UsageGrouping): Cell[] {
  const cells: Cell[] = [
    { text: row.key },
    { text: formatInt(row.tokens.input) },
    { text: formatInt(row.tokens.cachedInput) },
    { text: formatInt(row.tokens.output) },
    { text: formatInt(row.tokens.reasoningOutput) },
    { text: formatInt(row.tokens.total) },
    { text: costText(row) },
  ];
  if (grouping !== "model") cells.push({ text: row.models.join(", ") });
  return cells;
}

/** `$1.23`; `$1.23+?` when some models have no price; `?` when none has. */
export function costText(row: Pick<UsageRow, "cost" | "unpricedModels">): string {
  if (row.cost === null) return "?";
  return row.unpricedModels.length > 0 ? `${formatCost(row.cost)}+?` : formatCost(row.cost);
}

/** The `usage --json` object of a row. */
export function usageRowJson(row: UsageRow): Record<string, unknown> {
  return {
    key: row.key,
    input_tokens: row.tokens.input,
    cached_input_tokens: row.tokens.cachedInput,
    output_tokens: row.tokens.output,
    reasoning_output_tokens: row.tokens.reasoningOutput,
    total_tokens: row.tokens.total,
    cost_usd: row.cost,
    unpriced_models: row.unpricedModels,
    models: row.models,
    sessions: row.sessions,
  };
}
