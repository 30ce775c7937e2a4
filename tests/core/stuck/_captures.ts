/** Feeds real and crafted captures to the Analyzer for the detector tests. */

import { Analyzer } from "../../../src/core/analyze/analyzer.ts";
import type { Analysis } from "../../../src/core/model/types.ts";

/** The repository root, with a trailing slash. */
export const ROOT = new URL("../../../", import.meta.url).pathname;

/** An arbitrary spawn time for captures replayed with their `.timing.jsonl` (ms since epoch). */
export const T0 = 1_800_000_000_000;

/** Options for {@linkcode analyzeCapture}. */
export interface AnalyzeCaptureOptions {
  /** Give every line its arrival time `T0 + ms` from the capture's `.timing.jsonl`. */
  timing?: boolean;
  /** Stop after this line and return the live `analysis()` instead of `finish()` (a watch in progress). */
  untilLine?: number;
}

/** Splits `path` (relative to the repository root) on 0x0A and runs a full-detail Analyzer over it. */
export function analyzeCapture(path: string, options: AnalyzeCaptureOptions = {}): Analysis {
  const bytes = Deno.readFileSync(`${ROOT}${path}`);
  const times = options.timing ? timingOf(path) : null;
  const analyzer = new Analyzer({ detail: "full" });
  let start = 0;
  let line = 0;
  for (let end = bytes.indexOf(10, start); end !== -1; end = bytes.indexOf(10, start)) {
    line++;
    if (options.untilLine !== undefined && line > options.untilLine) return analyzer.analysis();
    const time = times === null ? null : T0 + (times.get(line) ?? Number.NaN);
    analyzer.pushLine(bytes.subarray(start, end), { line, time });
    start = end + 1;
  }
  if (start < bytes.length) analyzer.pushIncomplete(bytes.subarray(start), { line: line + 1 });
  return analyzer.finish();
}

/** The arrival ms of the capture's last line, from its `.timing.jsonl`. */
export function lastLineMs(path: string): number {
  return Math.max(...timingOf(path).values());
}

function timingOf(path: string): Map<number, number> {
  const text = Deno.readTextFileSync(`${ROOT}${path.replace(/\.jsonl$/, ".timing.jsonl")}`);
  const times = new Map<number, number>();
  for (const record of text.split("\n")) {
    if (record === "") continue;
    const { line, ms } = JSON.parse(record) as { line: number; ms: number };
    times.set(line, ms);
  }
  return times;
}
