/**
 * A last-wins text kept as the bytes of its JSON string and decoded once, when it is read:
 * most requests never show their latest agent message (their result text wins), so decoding
 * every occurrence is work thrown away.
 */

import { readStringAt } from "../bytes/mod.ts";

/** A text that is either a value or the bytes of a valid JSON string, not yet decoded. */
export class DeferredText {
  #text: string | null = null;
  /** The kept string bytes (quotes included), reused from one occurrence to the next. */
  #bytes: Uint8Array | null = null;
  /** Length of the kept bytes, or -1 when `#text` is the value. */
  #length = -1;

  /** The text, decoded now if its bytes were kept. */
  get value(): string | null {
    if (this.#length >= 0) {
      // Kept only after `isStringAt` said yes, so this decodes.
      this.#text = readStringAt(this.#bytes as Uint8Array, 0, this.#length) ?? null;
      this.#length = -1;
    }
    return this.#text;
  }

  set value(text: string | null) {
    this.#text = text;
    this.#length = -1;
  }

  /** Keeps `start` to `end` of `bytes`, a valid JSON string, as the text (copied). */
  defer(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    let kept = this.#bytes;
    if (kept === null || kept.length < length) {
      kept = this.#bytes = new Uint8Array(Math.max(length, 2 * (kept?.length ?? 128)));
    }
    kept.set(bytes.subarray(start, end));
    this.#length = length;
  }
}
