/**
 * One file's report data: the same Analyzer `parse` uses (summary detail with whole reasoning
 * texts and the report's caps), finished requests handed to the collector as they go, so
 * memory stays flat; then arrival times for the listed lines.
 */

import type { StuckThresholds } from "../core/config/mod.ts";
import {
  type Format,
  REPORT_BIG_LIMITS,
  REPORT_LIMITS,
  type RequestRecord,
} from "../core/model/mod.ts";
import {
  applyLineTimes,
  fileFacts,
  linesNeeded,
  ReportCollector,
  type ReportFile,
  ROOMY_CLIPS,
  TIGHT_CLIPS,
} from "../core/report_html/mod.ts";
import { analyzeFile, statOrNull } from "../io/mod.ts";
import { findTimeSource, readLineTimes } from "./line_times.ts";

/** Finished requests the analysis holds before handing them to the collector. */
export const REPORT_HOLD_BACK = 16;
/** Files above this size are big input: tighter caps and clips (many requests on one page). */
export const BIG_INPUT_BYTES = 32 * 1024 * 1024;

/** Caps of a page for big input: the notable and latest requests, few with their items. */
const BIG_INPUT = {
  clips: TIGHT_CLIPS,
  maxRows: 400,
  maxDetails: 60,
  detailChars: 600_000,
} as const;

/** Options of {@linkcode analyzeReportFile}. */
export interface ReportFileOptions {
  thresholds: StuckThresholds;
  /** "now" for silence checks (ms since epoch). */
  now: number;
  format?: Exclude<Format, "unknown">;
  /** Cost of a request in US dollars when known (a pricing module plugs in here). */
  costOf?: (record: RequestRecord) => number | null;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Reads `path` into the data of its report section. */
export async function analyzeReportFile(
  path: string,
  options: ReportFileOptions,
): Promise<ReportFile> {
  // Stat first: the clips depend on the size, and the collector judges records as they go.
  const info = await statOrNull(path);
  const big = (info?.size ?? 0) > BIG_INPUT_BYTES;
  const collector = new ReportCollector({
    thresholds: options.thresholds,
    now: options.now,
    lastLineTime: info?.mtime?.getTime() ?? null,
    ...(big ? BIG_INPUT : { clips: ROOMY_CLIPS }),
    ...(options.costOf ? { costOf: options.costOf } : {}),
  });
  // Released requests are finished: the server's state and the format no longer matter to them.
  const finishedFacts = { format: options.format ?? "unknown", serverExited: false } as const;
  const result = await analyzeFile(path, {
    detail: "summary",
    limits: big ? REPORT_BIG_LIMITS : REPORT_LIMITS,
    wholeTexts: true,
    keepFinished: REPORT_HOLD_BACK,
    ...(options.format ? { format: options.format } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    onRequestDone: (record) => collector.add(record, finishedFacts),
  });
  const { analysis } = result;
  const source = await findTimeSource(path, {
    hasArrivalTimes: result.hasArrivalTimes,
    format: analysis.format,
  });
  const facts = fileFacts(analysis, {
    path,
    size: result.size,
    placement: source?.placement ?? "line",
  });
  const file = collector.snapshot(analysis.requests, facts);
  if (source !== null) {
    applyLineTimes(file, await readLineTimes(source, linesNeeded(file)), {
      replace: source.placement === "relative",
    });
  }
  return file;
}
