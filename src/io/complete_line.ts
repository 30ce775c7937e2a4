/**
 * The complete-JSON check of a line held in a line buffer: the buffer's WebAssembly kernel
 * when it has one and holds the line, else `isCompleteJson` (same answers).
 *
 * @module
 */

import { isCompleteJson } from "../core/bytes/mod.ts";
import { COMPLETE, UNKNOWN } from "../core/wasm/mod.ts";
import { type LineBuffer, lineKernelOf } from "./line_buffer.ts";

/** A check that tells whether a line (a view of `buffer`'s bytes, or any bytes) is complete JSON. */
export function completeCheck(buffer: LineBuffer): (line: Uint8Array) => boolean {
  const kernel = lineKernelOf(buffer);
  if (kernel === null) return isCompleteJson;
  return (line) => {
    if (kernel.holds(line)) {
      const verdict = kernel.complete(line.byteOffset, line.byteOffset + line.length);
      // Nested deeper than the kernel follows: JavaScript decides.
      if (verdict !== UNKNOWN) return verdict === COMPLETE;
    }
    return isCompleteJson(line);
  };
}
