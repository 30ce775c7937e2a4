/**
 * Delta text waiting for its full text. Codex streams reasoning and messages as deltas and
 * then sends each part's complete text; a part keeps its merged deltas only until that full
 * text arrives, and is emitted from its deltas only when it never gets one (torn file,
 * stream restart, end of the request).
 */

import { clipHead } from "../model/mod.ts";

/** One reasoning summary part or one message being streamed. */
export interface PendingPart {
  /** 0.153 `item_id`; `null` for versions without item ids. */
  itemId: string | null;
  /** 0.153 `summary_index`; `null` when the events carry none. */
  index: number | null;
  text: string;
  /** The line of the first delta (or section break). */
  line: number;
  time: number | null;
  /** The event type the text came from (`agent_reasoning_delta`, `item_completed`...). */
  type: string;
}

/** Where a part begins or grows. */
export interface PartPosition {
  itemId: string | null;
  index: number | null;
  line: number;
  time: number | null;
  type: string;
}

/** The parts of one request that still wait for their full texts, oldest first. */
export class PendingParts {
  #parts: PendingPart[] = [];
  #maxText: number;
  #knownItems = new Set<string>();

  constructor(maxText: number) {
    this.#maxText = maxText;
  }

  /** A new part begins (`agent_reasoning_section_break`). */
  start(position: PartPosition): void {
    this.#remember(position.itemId);
    this.#parts.push({ ...position, text: "" });
  }

  /** A delta: appended to its part (by item id and index), or to the newest part without ids. */
  append(delta: string, position: PartPosition): void {
    this.#remember(position.itemId);
    const part = this.#find(position.itemId, position.index);
    if (part === undefined) {
      this.#parts.push({ ...position, text: clipHead(delta, this.#maxText) });
    } else if (part.text.length < this.#maxText) {
      part.text = clipHead(part.text + delta, this.#maxText);
    }
  }

  /**
   * An item finished with its full texts (0.153 `item_completed`): its parts now hold the
   * complete texts, so even if the per-part full-text events never come nothing is partial.
   */
  complete(itemId: string, texts: string[], position: PartPosition): void {
    this.#remember(itemId);
    const parts = this.#parts.filter((part) => part.itemId === itemId);
    texts.forEach((text, index) => {
      const part = parts.find((candidate) => candidate.index === index) ??
        parts.filter((candidate) => candidate.index === null)[index];
      const clipped = clipHead(text, this.#maxText);
      if (part === undefined) {
        this.#parts.push({ ...position, itemId, index, text: clipped });
      } else {
        part.text = clipped;
        part.type = position.type;
      }
    });
  }

  /** True when deltas, a section break or a completion of `itemId` were seen. */
  knowsItem(itemId: string): boolean {
    return this.#knownItems.has(itemId);
  }

  /** A full text arrived: the oldest part is the one it completes, so drop it. */
  dropOldest(): void {
    this.#parts.shift();
  }

  /** Removes and returns every part that has text (empty parts were stream restarts). */
  drain(): PendingPart[] {
    const parts = this.#parts.filter((part) => part.text.length > 0);
    this.#parts = [];
    return parts;
  }

  #find(itemId: string | null, index: number | null): PendingPart | undefined {
    if (itemId === null) {
      const last = this.#parts[this.#parts.length - 1];
      return last !== undefined && last.itemId === null ? last : undefined;
    }
    for (let i = this.#parts.length - 1; i >= 0; i--) {
      const part = this.#parts[i] as PendingPart;
      if (
        part.itemId === itemId && (index === null || part.index === null || part.index === index)
      ) {
        return part;
      }
    }
    return undefined;
  }

  #remember(itemId: string | null): void {
    if (itemId === null) return;
    // Item ids only matter within a few events; a cap keeps long requests flat.
    if (this.#knownItems.size >= 1000) this.#knownItems.clear();
    this.#knownItems.add(itemId);
  }
}
