/**
 * `codexmon report`: the HTML report of Codex output files, written to a file or served live.
 *
 * @module
 */

import type { StuckThresholds } from "../core/config/mod.ts";
import type { Format, RequestRecord } from "../core/model/mod.ts";
import { buildPage, type ReportData, type ReportFile } from "../core/report_html/mod.ts";
import { analyzeReportFile } from "./analyze_report.ts";
import { drawnThresholds, reportTitle } from "./page_data.ts";

export { analyzeReportFile } from "./analyze_report.ts";
export { type ServeOptions, serveReport } from "./serve.ts";
export { defaultReportPath, writeReport } from "./write_report.ts";
export { drawnThresholds, reportTitle } from "./page_data.ts";

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
