/**
 * `codexmon report`: the HTML report of Codex output files, written to a file or served live.
 *
 * @module
 */

import type { StuckThresholds } from "../core/config/types.ts";
import type { Format, RequestRecord } from "../core/model/types.ts";
import { buildPage, type ReportData, type ReportFile } from "../core/report_html/mod.ts";
import { analyzeReportFile } from "./analyze_report.ts";

export { analyzeReportFile } from "./analyze_report.ts";
export { type ServeOptions, serveReport } from "./serve.ts";
export { writeReport } from "./write_report.ts";

/** Options of {@linkcode buildReport}. */
export interface BuildReportOptions {
  thresholds: StuckThresholds;
  /** The time the report is built (ms since epoch); "now" for silence checks. */
  now: number;
  format?: Exclude<Format, "unknown">;
  costOf?: (record: RequestRecord) => number | null;
  /** Called before each file is read. */
  onFile?: (path: string, index: number) => void;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

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

/** Reads `files` in order and returns the report's data. */
export async function buildReportData(
  files: readonly string[],
  options: BuildReportOptions,
): Promise<ReportData> {
  const sections: ReportFile[] = [];
  for (const [index, path] of files.entries()) {
    options.onFile?.(path, index);
    sections.push(
      await analyzeReportFile(path, {
        thresholds: options.thresholds,
        now: options.now,
        ...(options.format ? { format: options.format } : {}),
        ...(options.costOf ? { costOf: options.costOf } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      }),
    );
  }
  return {
    title: reportTitle(files),
    generatedAt: options.now,
    thresholds: drawnThresholds(options.thresholds),
    files: sections,
    live: false,
  };
}

/** Reads `files` and returns the report page. */
export async function buildReport(
  files: readonly string[],
  options: BuildReportOptions,
): Promise<string> {
  return buildPage(await buildReportData(files, options));
}
