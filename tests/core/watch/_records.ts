/** Hand-built requests and findings for the watch unit tests, and captures fed line by line. */

import { Analyzer } from "../../../src/core/analyze/analyzer.ts";
import type { Analysis } from "../../../src/core/model/types.ts";
import type { Finding } from "../../../src/core/stuck/mod.ts";
import type { Transition } from "../../../src/core/watch/transitions.ts";

export { request } from "../../support/records.ts";

/** A finding of `kind` for request 1. */
export function finding(
  kind: Finding["kind"],
  severity: Finding["severity"],
  overrides: Partial<Finding> = {},
): Finding {
  return {
    kind,
    severity,
    key: "1",
    requestId: 1,
    reason: `${kind} reason`,
    evidence: { lines: [2] },
    suggestion: "do something",
    ...overrides,
  };
}

/** A `completed` alert of request 1, with `overrides`. */
export function completedTransition(overrides: Partial<Transition> = {}): Transition {
  return {
    kind: "completed",
    alert: true,
    key: "1",
    requestId: 1,
    state: "completed",
    previousState: "running",
    level: "ok",
    previousLevel: "ok",
    line: 36,
    time: 12_300,
    message: "The answer\nis 7.",
    findings: [],
    ...overrides,
  };
}

/** Feeds a capture to an Analyzer one line at a time and calls `each` after every line. */
export async function feedCapture(
  name: string,
  each: (analysis: Analysis, line: number) => void,
): Promise<void> {
  const bytes = await Deno.readFile(new URL(`../../../fixtures/${name}.jsonl`, import.meta.url));
  const analyzer = new Analyzer({ detail: "full" });
  let start = 0;
  let line = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    line++;
    analyzer.pushLine(bytes.subarray(start, end), { line, time: line * 1000 });
    each(analyzer.analysis(), line);
    start = end + 1;
  }
}
