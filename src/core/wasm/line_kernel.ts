/**
 * The line kernels of `line_kernels.wat` for JavaScript. Each line buffer gets its own
 * instance, whose memory holds the buffer's bytes, so the newline search and the event header
 * read (with the check that the line is complete JSON) run in WebAssembly without copying a byte. Where WebAssembly SIMD is missing there is
 * no kernel, and callers use their JavaScript loops, which give the same results.
 *
 * @module
 */

import { lineKernelsBase64 } from "./line_kernels_wasm.ts";

const PAGE = 65536;
/** Where line data starts in a kernel's memory: the first page is the kernel's own. */
const DATA_START = PAGE;
/** Newline positions one search returns at most. */
const MAX_FOUND = 8192;
/** Where `header` writes its numeric request id (f64), then its parts (i32). */
const HEADER_ID = 33024;
const HEADER_PARTS = 33032;

type NewlinesFunction = (from: number, end: number, out: number, max: number) => number;
type HeaderFunction = (start: number, end: number) => number;
type CompleteFunction = (start: number, end: number) => number;

/** What the kernel's complete-JSON check says of a line: not complete JSON. */
export const INCOMPLETE = 0;
/** What the kernel's complete-JSON check says of a line: one complete JSON value. */
export const COMPLETE = 1;
/** What the kernel's complete-JSON check says of a line nested too deep for it: check in JavaScript. */
export const UNKNOWN = 2;
/** {@linkcode COMPLETE}, {@linkcode INCOMPLETE} or {@linkcode UNKNOWN}. */
export type Completeness = typeof INCOMPLETE | typeof COMPLETE | typeof UNKNOWN;

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(lineKernelsBase64), (char) => char.charCodeAt(0));
    compiled = new WebAssembly.Module(bytes);
  } catch {
    // No WebAssembly, or no SIMD: callers use their JavaScript loops.
    compiled = null;
  }
  return compiled;
}

/** True when this runtime can run the kernels (WebAssembly with SIMD). */
export function hasLineKernels(): boolean {
  return kernelModule() !== null;
}

/** The bytes of line data a kernel made for `size` bytes holds: its memory comes in pages. */
export function lineKernelCapacity(size: number): number {
  return Math.ceil((DATA_START + size) / PAGE) * PAGE - DATA_START;
}

/** One instance of the kernels and the line data in its memory. */
export class LineKernel {
  /** The line data. A new view after {@linkcode LineKernel.grow}. */
  bytes: Uint8Array;
  /** What the last {@linkcode LineKernel.newlines} found. A new view after a grow. */
  found: Int32Array;
  /**
   * The parts the last successful {@linkcode LineKernel.header} read, as memory addresses:
   * string id start and end (start -1 for a number id), thread id start and end (-1 when
   * none), type name start and end, `msg` start, the type's number in this kernel (-1 when it
   * has none), and what {@linkcode LineKernel.complete} says of the whole line.
   */
  headerParts: Int32Array;
  /** The number request id the last successful header read (when its id start is -1). */
  headerId: Float64Array;
  #memory: WebAssembly.Memory;
  /** The memory's buffer as of the last grow: reading `#memory.buffer` costs a call per line. */
  #buffer: ArrayBufferLike;
  #newlines: NewlinesFunction;
  #header: HeaderFunction;
  #complete: CompleteFunction;

  /** A kernel with room for `size` bytes of line data; throws when the runtime has none. */
  constructor(size: number) {
    const module = kernelModule();
    if (module === null) {
      throw new Error("Cannot run the line kernels: this runtime lacks WebAssembly SIMD");
    }
    const instance = new WebAssembly.Instance(module);
    this.#memory = instance.exports.memory as WebAssembly.Memory;
    this.#newlines = instance.exports.newlines as NewlinesFunction;
    this.#header = instance.exports.header as HeaderFunction;
    this.#complete = instance.exports.complete as CompleteFunction;
    this.#buffer = this.#memory.buffer;
    this.bytes = new Uint8Array(0);
    this.found = new Int32Array(0);
    this.headerParts = new Int32Array(0);
    this.headerId = new Float64Array(0);
    this.grow(size);
  }

  /** Grows the line data to at least `size` bytes, keeping its content. */
  grow(size: number): void {
    const pages = Math.ceil((DATA_START + size) / PAGE);
    const have = this.#memory.buffer.byteLength / PAGE;
    if (pages > have) {
      try {
        this.#memory.grow(pages - have);
      } catch {
        throw new RangeError(`Cannot hold a line of ${size} bytes in memory`);
      }
    }
    const buffer = this.#memory.buffer;
    this.#buffer = buffer;
    this.bytes = new Uint8Array(buffer, DATA_START, buffer.byteLength - DATA_START);
    this.found = new Int32Array(buffer, 0, MAX_FOUND);
    this.headerParts = new Int32Array(buffer, HEADER_PARTS, 9);
    this.headerId = new Float64Array(buffer, HEADER_ID, 1);
  }

  /**
   * True when `bytes` is a view of this kernel's memory as it is now (a view from before a
   * {@linkcode LineKernel.grow} is not): only such bytes can be read by its `header`.
   */
  holds(bytes: Uint8Array): boolean {
    // Line buffers pass the kernel's own view: most calls end at the first comparison.
    return bytes === this.bytes || bytes.buffer === this.#buffer;
  }

  /**
   * Finds the newlines in `bytes[from, end)`: their indexes in `bytes` are `found[0, count)`.
   * Returns `count`, at most `found.length`; when it is that, search again after the last one.
   */
  newlines(from: number, end: number): number {
    const count = this.#newlines(DATA_START + from, DATA_START + end, 0, MAX_FOUND);
    const found = this.found;
    for (let i = 0; i < count; i++) found[i] = (found[i] as number) - DATA_START;
    return count;
  }

  /**
   * Reads the event header of the line at memory addresses `[start, end)` (a view's
   * `byteOffset` plus its index); true and {@linkcode LineKernel.headerParts} set when the
   * line has the exact shape `EventHeaderReader` accepts.
   */
  header(start: number, end: number): boolean {
    return this.#header(start, end) === 1;
  }

  /**
   * Whether the line at memory addresses `[start, end)` is one complete JSON value, exactly as
   * `isCompleteJson` says, or {@linkcode UNKNOWN} when it nests deeper than the kernel follows.
   */
  complete(start: number, end: number): Completeness {
    return this.#complete(start, end) as Completeness;
  }
}
