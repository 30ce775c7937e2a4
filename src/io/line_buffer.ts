/**
 * The line scanner's buffer: bytes read from a file, and a bulk search for the newlines in
 * them. The buffer lives in the memory of a small WebAssembly module that compares 32 bytes
 * per step (SIMD); where WebAssembly SIMD is missing, plain memory and a JavaScript search
 * four bytes at a time take its place, with the same results.
 *
 * @module
 */

import { newlineIndexBase64 } from "./wasm/newline_index_wasm.ts";

const NEWLINE = 0x0a;
const NEWLINES = 0x0a0a0a0a;
const LOW_BITS = 0x01010101;
const HIGH_BITS = 0x80808080;
const PAGE = 65536;
/** Newline positions one search returns at most. */
const MAX_FOUND = 8192;
/** Where the data starts in the WebAssembly memory: after the found-positions area. */
const DATA_START = PAGE;

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

let compiled: WebAssembly.Module | null | undefined;

function newlineModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(newlineIndexBase64), (char) => char.charCodeAt(0));
    compiled = new WebAssembly.Module(bytes);
  } catch {
    // No WebAssembly, or no SIMD: the JavaScript search does the same work.
    compiled = null;
  }
  return compiled;
}

/** The search the runtime supports best. */
export function bestLineSearch(): LineSearch {
  return newlineModule() === null ? "js" : "wasm";
}

/** A buffer of at least `size` bytes; `search` forces one search (tests compare both). */
export function createLineBuffer(size: number, search: LineSearch = bestLineSearch()): LineBuffer {
  const module = search === "wasm" ? newlineModule() : null;
  if (search === "wasm" && module === null) {
    throw new Error("Cannot search with WebAssembly: this runtime lacks WebAssembly SIMD");
  }
  return module === null ? new JsLineBuffer(size) : new WasmLineBuffer(module, size);
}

type NewlinesFunction = (from: number, end: number, out: number, max: number) => number;

class WasmLineBuffer implements LineBuffer {
  bytes: Uint8Array;
  found: Int32Array;
  #memory: WebAssembly.Memory;
  #newlines: NewlinesFunction;

  constructor(module: WebAssembly.Module, size: number) {
    const instance = new WebAssembly.Instance(module);
    this.#memory = instance.exports.memory as WebAssembly.Memory;
    this.#newlines = instance.exports.newlines as NewlinesFunction;
    this.bytes = new Uint8Array(0);
    this.found = new Int32Array(0);
    this.grow(size);
  }

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
    this.bytes = new Uint8Array(buffer, DATA_START, buffer.byteLength - DATA_START);
    this.found = new Int32Array(buffer, 0, MAX_FOUND);
  }

  newlines(from: number, end: number): number {
    const count = this.#newlines(DATA_START + from, DATA_START + end, 0, MAX_FOUND);
    const found = this.found;
    for (let i = 0; i < count; i++) found[i] = (found[i] as number) - DATA_START;
    return count;
  }
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
