import { BACKSLASH } from "./byte_codes.ts";
/** A memory of the short strings decoded lately, so that repeated ids and names cost no decode. */

const DECODER = new TextDecoder();

/** Strings longer than this are not remembered by {@linkcode RecentStrings}. */
export const RECENT_MAX_BYTES = 48;
const RECENT_SLOTS = 1024;

/**
 * Short plain strings decoded lately, in slots chosen by a hash of their bytes. Ids, paths,
 * model names and argv words repeat from line to line, and a string found here costs neither
 * a view nor a decode. Any bytes decode to one string, so a stale slot is only a miss.
 */
export class RecentStrings {
  #slots: number;
  #bytes: Uint8Array;
  #lengths: Int32Array;
  #strings: string[];

  /** A memory of `slots` strings (tests use few, so that strings share slots). */
  constructor(slots: number = RECENT_SLOTS) {
    this.#slots = slots;
    this.#bytes = new Uint8Array(slots * RECENT_MAX_BYTES);
    this.#lengths = new Int32Array(slots).fill(-1);
    this.#strings = new Array<string>(slots).fill("");
  }

  /**
   * The text of the plain bytes `start` to `end` (at most {@linkcode RECENT_MAX_BYTES}), or
   * `undefined` when they hold an escape or a control character.
   */
  read(bytes: Uint8Array, start: number, end: number): string | undefined {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      if (byte === BACKSLASH || byte < 0x20) return undefined;
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    const length = end - start;
    const slot = (hash >>> 0) % this.#slots;
    const base = slot * RECENT_MAX_BYTES;
    const kept = this.#bytes;
    if (this.#lengths[slot] === length) {
      let i = 0;
      while (i < length && kept[base + i] === bytes[start + i]) i++;
      if (i === length) return this.#strings[slot];
    }
    const text = DECODER.decode(bytes.subarray(start, end));
    for (let i = 0; i < length; i++) kept[base + i] = bytes[start + i] as number;
    this.#lengths[slot] = length;
    this.#strings[slot] = text;
    return text;
  }
}

/** The one memory of the process: what helps is that lines repeat, whoever reads them. */
const RECENT_STRINGS = new RecentStrings();

/**
 * The text of the plain bytes `start` to `end` (at most {@linkcode RECENT_MAX_BYTES}) from the
 * memory, or `undefined` when they hold an escape or a control character.
 */
export function recentText(bytes: Uint8Array, start: number, end: number): string | undefined {
  return RECENT_STRINGS.read(bytes, start, end);
}

/** The text of the bytes `start` to `end`, which hold no escape: remembered while it repeats. */
export function plainText(bytes: Uint8Array, start: number, end: number): string {
  return (end - start <= RECENT_MAX_BYTES ? RECENT_STRINGS.read(bytes, start, end) : undefined) ??
    DECODER.decode(bytes.subarray(start, end));
}
