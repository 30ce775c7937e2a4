/**
 * A differential test of the byte fast path against the parse path, in the spirit of the JSON
 * test suites: lines of real captures, mutated in structure (members dropped, moved, retyped,
 * duplicated, escaped) and in bytes (a byte inserted, deleted or changed), must give the same
 * analysis whether the fast path reads them or every line is parsed. The oracle puts a space
 * before each line: JSON allows it, no byte reader takes it.
 */

import assert from "node:assert/strict";
import { CAPTURES, pathFacts } from "../../analyze/_analyze.ts";
import { analyse, type Detail, isJson, mutatedCapture } from "./_mutated_capture.ts";

/**
 * `lines` with every `exec_command_end` output made big (multi-byte lines past 16 KiB), so the
 * vocabulary's `output_tail` reader takes them in every detail, not only where no output is kept.
 */
function withBigOutputs(lines: readonly string[]): string[] {
  return lines.map((line) => {
    const value = isJson(line) ? JSON.parse(line) : null;
    const msg = value?.params?.msg;
    if (value?.method !== "codex/event" || msg?.type !== "exec_command_end") return line;
    if (typeof msg.aggregated_output !== "string") return line;
    msg.aggregated_output += "\u00e9t\u00e9\n".repeat(4000);
    return JSON.stringify(value);
  });
}

/** Asserts both paths agree on every capture, for 8 seeds each, on the lines `make` gives. */
function assertPathsAgree(detail: Detail, make: (lines: string[]) => string[]): void {
  let mutants = 0;
  for (const [index, path] of CAPTURES.entries()) {
    for (let round = 0; round < 8; round++) {
      const seed = index * 100 + round;
      const lines = mutatedCapture(path, seed, 0.3, make);
      mutants += lines.length;
      const fast = analyse(lines, detail, "");
      const parsed = analyse(lines, detail, " ");
      assert.deepEqual(pathFacts(fast), pathFacts(parsed), `${path}, seed ${seed}`);
    }
  }
  assert.ok(mutants > 1000);
}

for (const detail of ["summary", "full", "table"] as const) {
  Deno.test(`mutated capture lines read the same from bytes as parsed (${detail})`, () => {
    assertPathsAgree(detail, (lines) => lines);
  });

  Deno.test(`mutated lines with big command output read the same from bytes as parsed (${detail})`, () => {
    assertPathsAgree(detail, withBigOutputs);
  });
}
