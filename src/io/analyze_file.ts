/** Reads one output file through the line scanner into the Analyzer. */

import { Analyzer, type LineMeta } from "../core/analyze/mod.ts";
import type { Analysis, Entry, Format, RequestRecord } from "../core/model/mod.ts";
import { scanLineRanges } from "./line_scanner.ts";
import { openForReading } from "./open_file.ts";
import { openArrivalTimes } from "./arrival_times_reader.ts";

/** Options for {@linkcode analyzeFile}. */
export interface AnalyzeFileOptions {
  detail?: "summary" | "full";
  onEntry?: (entry: Entry) => void;
  /** Called with the bytes read so far. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Use the arrival-time side file (`FILE.times.jsonl`) when it exists (default true). */
  arrivalTimes?: boolean;
  /** Read the file as this format instead of detecting it (`--format`). */
  format?: Format;
  /** Finished requests kept in the analysis (default: all); see the Analyzer's `keepFinished`. */
  keepFinished?: number;
  /** Receives each finished request left out of the analysis (see `keepFinished`). */
  onRequestDone?: (record: RequestRecord, codexVersion: string | null) => void;
  /** Finished requests listed in the analysis; see the Analyzer's `listFinished`. */
  listFinished?: number;
  /** The server is known to be gone (its session record says so): open requests got no response. */
  serverExited?: boolean;
}

/** One analysed file with the facts about the file itself. */
export interface FileAnalysis {
  path: string;
  size: number;
  /** Modification time (ms since epoch): the time of the last line, as an estimate. */
  mtime: number | null;
  /** True when arrival times came from a side file. */
  hasArrivalTimes: boolean;
  analysis: Analysis;
}

/** Analyses `path` in one forward pass with constant memory. */
export async function analyzeFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  const { file, size, mtime } = await openForReading(path);
  const times = options.arrivalTimes === false ? null : await openArrivalTimes(path);
  try {
    const analyzer = new Analyzer({
      detail: options.detail ?? "summary",
      ...(options.onEntry ? { onEntry: options.onEntry } : {}),
      ...(options.format ? { format: options.format } : {}),
      ...(options.keepFinished === undefined ? {} : { keepFinished: options.keepFinished }),
      ...(options.onRequestDone ? { onRequestDone: options.onRequestDone } : {}),
      ...(options.listFinished === undefined ? {} : { listFinished: options.listFinished }),
    });
    const meta: LineMeta = { line: 0, time: null, kernel: null };
    const onProgress = options.onProgress;
    const result = await scanLineRanges(file, (buffer, start, end, position) => {
      meta.line = position.line;
      meta.time = times ? times.timeOf(position.line) : null;
      meta.kernel = position.kernel;
      analyzer.pushLineRange(buffer, start, end, meta);
    }, onProgress ? { onProgress: (read) => onProgress(read, size) } : {});
    if (result.incomplete) {
      const line = result.lines + 1;
      analyzer.pushIncomplete(result.incomplete, { line, time: null });
    }
    if (options.serverExited) analyzer.markServerExited();
    return {
      path,
      size,
      mtime,
      hasArrivalTimes: times !== null,
      analysis: analyzer.finish(),
    };
  } finally {
    file.close();
    times?.close();
  }
}
