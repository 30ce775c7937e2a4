/**
 * The complete-JSON check of every line of a mutant, in JavaScript (`isCompleteJson`) and in
 * the WebAssembly line kernel, against `JSON.parse`: the byte fast path counts a line only when
 * this check passes, so both must say exactly what the parse path says.
 *
 * @module
 */

import { isCompleteJson } from "../../src/core/bytes/complete_json.ts";
import { COMPLETE, hasLineKernels, LineKernel, UNKNOWN } from "../../src/core/wasm/line_kernel.ts";
import { splitLines } from "./mutator.ts";
import { parsesAsJson } from "../support/parses_json.ts";

let kernel: LineKernel | null | undefined;

/** The lines of `bytes` on which either check disagrees with `JSON.parse`, as problems. */
export function completenessProblems(bytes: Uint8Array): string[] {
  kernel ??= hasLineKernels() ? new LineKernel(1 << 16) : null;
  const problems: string[] = [];
  for (const [index, line] of splitLines(bytes).entries()) {
    const expected = parsesAsJson(line);
    if (isCompleteJson(line) !== expected) {
      problems.push(`isCompleteJson says ${!expected} of line ${index + 1}`);
    }
    if (kernel === null) continue;
    if (line.length > kernel.bytes.length) kernel.grow(line.length);
    kernel.bytes.set(line);
    const base = kernel.bytes.byteOffset;
    const verdict = kernel.complete(base, base + line.length);
    if (verdict !== UNKNOWN && (verdict === COMPLETE) !== expected) {
      problems.push(`the kernel's check says ${!expected} of line ${index + 1}`);
    }
  }
  return problems;
}
