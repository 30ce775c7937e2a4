/** What every report page carries besides its files: a title and the thresholds it draws. */

import type { StuckThresholds } from "../core/config/mod.ts";
import type { ReportData } from "../core/report_html/mod.ts";

/** The page title for `files`. */
export function reportTitle(files: readonly string[]): string {
  const names = files.map((file) => file.split("/").pop() ?? file);
  return `codexmon report: ${names.length <= 3 ? names.join(", ") : `${names.length} files`}`;
}

/** The thresholds a page draws as lines. */
export function drawnThresholds(thresholds: StuckThresholds): ReportData["thresholds"] {
  return {
    tokenTotalWarning: thresholds.tokenTotalWarning,
    tokenGrowthWarning: thresholds.tokenGrowthWarning,
    contextFillMaxRatio: thresholds.contextFillMaxRatio,
  };
}
