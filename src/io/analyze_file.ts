/** Reads one output file through the line scanner into the Analyzer. */

import { Analyzer, type LineMeta } from "../core/analyze/mod.ts";
import type { Analysis, Entry, Format, Limits, RequestRecord } from "../core/model/mod.ts";
import { type ByteReader, scanLineRanges } from "./line_scanner.ts";
import { openForReading, readError, type StdinInput } from "./open_file.ts";
import { openArrivalTimes } from "./arrival_times_reader.ts";
import { DEFAULT_MAX_LINE_BYTES } from "../core/config/mod.ts";

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
  /** Caps per request instead of the detail level's own; see the Analyzer's `limits`. */
  limits?: Readonly<Limits>;
  /** Read whole reasoning texts and prompts in summary detail; see the Analyzer's `wholeTexts`. */
  wholeTexts?: boolean;
  /** Lines longer than this many bytes are skipped unread and counted (default 64 MiB). */
  maxLineBytes?: number;
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

/** `file` as a reader whose failures (an I/O error mid-file) name `path` like a failed open. */
function namedReader(file: Deno.FsFile | StdinInput, path: string): ByteReader {
  const reader: ByteReader = {
    read: (buffer) => file.read(buffer).catch((error) => Promise.reject(readError(path, error))),
    readSync: (buffer) => {
      try {
        return file.readSync(buffer);
      } catch (error) {
        throw readError(path, error);
      }
    },
  };
  if (file instanceof Deno.FsFile) reader.seek = (offset, whence) => file.seek(offset, whence);
  return reader;
}

/** Analyses `path` in one forward pass with constant memory. */
export async function analyzeFile(
  path: string,
  options: AnalyzeFileOptions = {},
): Promise<FileAnalysis> {
  const { file, size, mtime, regular } = await openForReading(path);
  // Only a file has a side file of arrival times beside it (not a pipe or standard input).
  const times = options.arrivalTimes === false || !regular ? null : await openArrivalTimes(path);
  try {
    const analyzer = new Analyzer({
      detail: options.detail ?? "summary",
      ...(options.onEntry ? { onEntry: options.onEntry } : {}),
      ...(options.format ? { format: options.format } : {}),
      ...(options.keepFinished === undefined ? {} : { keepFinished: options.keepFinished }),
      ...(options.onRequestDone ? { onRequestDone: options.onRequestDone } : {}),
      ...(options.listFinished === undefined ? {} : { listFinished: options.listFinished }),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.wholeTexts ? { wholeTexts: true } : {}),
    });
    const meta: LineMeta = { line: 0, time: null, kernel: null };
    const onProgress = options.onProgress;
    const result = await scanLineRanges(namedReader(file, path), (buffer, start, end, position) => {
      meta.line = position.line;
      meta.time = times ? times.timeOf(position.line) : null;
      meta.kernel = position.kernel;
      analyzer.pushLineRange(buffer, start, end, meta);
    }, {
      ...(onProgress ? { onProgress: (read: number) => onProgress(read, size) } : {}),
      maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
      onLongLine: (long) => analyzer.pushLongLine(long.length, { line: long.line }),
    });
    if (result.incomplete) {
      const line = result.lines + result.longLines + 1;
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
