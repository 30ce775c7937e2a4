/**
 * The line scanner's buffer: bytes read from a file, and a bulk search for the newlines in
 * them. The buffer lives in the memory of a small WebAssembly module that compares 32 bytes
 * per step (SIMD); where WebAssembly SIMD is missing, plain memory and a JavaScript search
 * four bytes at a time take its place, with the same results.
 *
 * @module
 */

import { hasLineKernels, LineKernel, lineKernelCapacity } from "../core/wasm/mod.ts";
import { NEWLINE } from "../core/bytes/mod.ts";

const NEWLINES = 0x0a0a0a0a;
const LOW_BITS = 0x01010101;
const HIGH_BITS = 0x80808080;
/** Newline positions one search returns at most. */
const MAX_FOUND = 8192;
/** At most this many released kernels wait for the next scan. */
const POOL_SIZE = 4;
/** A kernel grown past this many bytes of line data is left to the collector, not pooled. */
const POOLED_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Kernels given back by finished scans. Each kernel reserves gigabytes of address space for
 * its memory, which the collector frees late: a process that scans many files or blocks must
 * reuse them (one made per block once ran a test process out of address space).
 */
const pool: LineKernel[] = [];
let kernelsMade = 0;

/** A growable buffer with a bulk newline search. */
export interface LineBuffer {
  /** The data. A new view after {@linkcode LineBuffer.grow}: never keep it across a grow. */
  readonly bytes: Uint8Array;
  /** Grows `bytes` to at least `size` bytes, keeping the content. */
  grow(size: number): void;
  /**
   * Finds the newlines in `bytes[from, end)`, in order: their indexes are `found[0, count)`.
   * Returns `count`, at most `found.length`; when it is that, search again after the last one.
   */
  newlines(from: number, end: number): number;
  /** The indexes the last search found. A new view after a grow. */
  readonly found: Int32Array;
}

/** Which search {@linkcode createLineBuffer} uses. */
export type LineSearch = "wasm" | "js";

/** The search the runtime supports best. */
export function bestLineSearch(): LineSearch {
  return hasLineKernels() ? "wasm" : "js";
}

/**
 * A buffer of at least `size` bytes; `search` forces one search (tests compare both). With
 * "wasm" the bytes live in a line kernel's memory, where event headers are read in
 * WebAssembly too. The bytes are not cleared: a reused kernel still holds an earlier scan's.
 */
export function createLineBuffer(size: number, search: LineSearch = bestLineSearch()): LineBuffer {
  return search === "wasm" ? takeKernel(size) : new JsLineBuffer(size);
}

/** A pooled kernel with exactly the room a new one of `size` bytes has, or a new one. */
function takeKernel(size: number): LineKernel {
  const capacity = lineKernelCapacity(size);
  const index = pool.findIndex((kernel) => kernel.bytes.length === capacity);
  if (index >= 0) return pool.splice(index, 1)[0]!;
  kernelsMade++;
  return new LineKernel(size);
}

/** How many kernels {@linkcode createLineBuffer} has made in this process (tests check reuse). */
export function lineKernelsMade(): number {
  return kernelsMade;
}

/**
 * Gives a buffer back once its scan is over (no read pending into it, no view of it kept), so
 * the next {@linkcode createLineBuffer} reuses its kernel instead of making one.
 */
export function releaseLineBuffer(buffer: LineBuffer): void {
  if (!(buffer instanceof LineKernel)) return;
  if (buffer.bytes.length > POOLED_MAX_BYTES || pool.includes(buffer)) return;
  // The oldest goes first: a kernel of an unusual size no scan asks for ages out.
  if (pool.length >= POOL_SIZE) pool.shift();
  pool.push(buffer);
}

/** The line kernel that `buffer` is, or null for the JavaScript search. */
export function lineKernelOf(buffer: LineBuffer): LineKernel | null {
  return buffer instanceof LineKernel ? buffer : null;
}

class JsLineBuffer implements LineBuffer {
  bytes: Uint8Array;
  found = new Int32Array(MAX_FOUND);
  #words: Uint32Array;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.#words = new Uint32Array(this.bytes.buffer, 0, size >>> 2);
  }

  grow(size: number): void {
    if (size <= this.bytes.length) return;
    const grown = new Uint8Array(size);
    grown.set(this.bytes);
    this.bytes = grown;
    this.#words = new Uint32Array(grown.buffer, 0, size >>> 2);
  }

  newlines(from: number, end: number): number {
    const { bytes, found } = this;
    const words = this.#words;
    let count = 0;
    let at = from;
    while (count < found.length) {
      const newline = findNewline(bytes, words, at, end);
      if (newline < 0) break;
      found[count++] = newline;
      at = newline + 1;
    }
    return count;
  }
}

/**
 * Index of the first newline in `bytes[from, end)`, or -1, four bytes at a time through
 * `words` (a view of the same memory): a word holds a newline exactly when its XOR with
 * `NEWLINES` holds a zero byte.
 */
function findNewline(bytes: Uint8Array, words: Uint32Array, from: number, end: number): number {
  let i = from;
  while ((i & 3) !== 0) {
    if (i >= end) return -1;
    if (bytes[i] === NEWLINE) return i;
    i++;
  }
  let word = i >>> 2;
  const wordEnd = end >>> 2;
  while (word < wordEnd) {
    const x = (words[word] as number) ^ NEWLINES;
    if (((x - LOW_BITS) & ~x & HIGH_BITS) !== 0) break;
    word++;
  }
  for (i = word << 2; i < end; i++) {
    if (bytes[i] === NEWLINE) return i;
  }
  return -1;
}
