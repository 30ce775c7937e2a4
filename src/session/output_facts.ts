/**
 * What `ls` shows of a codexmon session's output (model, tokens, turns), read cheaply: a small
 * output whole, a big one only its last block, backwards, as discovery reads a rollout's tail.
 *
 * @module
 */

import { Analyzer } from "../core/analyze/mod.ts";
import type { TokenUsage } from "../core/model/mod.ts";
import { requestTotals } from "../core/request/mod.ts";
import { readLinesBackward } from "../io/mod.ts";

/** Outputs up to this size are read whole (as `ls` reads rollouts). */
export const WHOLE_OUTPUT_BYTES = 256 * 1024;

/** Of a bigger output, only the lines that start in its last this many bytes. */
export const OUTPUT_TAIL_BYTES = 128 * 1024;

/** Lines longer than this are skipped (a tail block holds no bigger useful line). */
const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** The facts of one output. */
export interface OutputFacts {
  model: string | null;
  /** Tokens of the threads seen (each thread's last cumulative count); null when none. */
  tokens: TokenUsage | null;
  /** Requests (turns) seen: a lower bound unless `turnsExact`. */
  turns: number;
  /** True when the whole output was read. */
  turnsExact: boolean;
}

/** The facts of the output at `path`; null when it cannot be read or is not a regular file. */
export async function readOutputFacts(path: string): Promise<OutputFacts | null> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch {
    return null;
  }
  try {
    const info = await file.stat();
    if (!info.isFile) return null;
    const wholeFile = info.size <= WHOLE_OUTPUT_BYTES;
    const from = wholeFile ? 0 : info.size - OUTPUT_TAIL_BYTES;
    const lines: Uint8Array[] = [];
    for await (
      const line of readLinesBackward(file, { endOffset: info.size, maxLineBytes: MAX_LINE_BYTES })
    ) {
      if (line.offset < from) break;
      if (line.complete && line.tooLong === undefined) lines.push(line.bytes);
    }
    const analyzer = new Analyzer();
    lines.reverse().forEach((bytes, index) => analyzer.pushLine(bytes, { line: index + 1 }));
    const { requests } = analyzer.finish();
    const model = requests.findLast((request) => request.model !== null)?.model ?? null;
    const counted = requests.some((request) => request.tokens !== null || request.sessionTokens);
    return {
      model,
      tokens: counted ? requestTotals(requests).tokens : null,
      turns: requests.length,
      turnsExact: wholeFile,
    };
  } catch {
    return null;
  } finally {
    file.close();
  }
}
