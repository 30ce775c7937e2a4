/**
 * Delta text waiting for its full text: the one home of streamed texts for every format. Codex
 * streams reasoning and messages as deltas and then sends each part's complete text; a part
 * keeps its merged deltas only until that full text arrives, and is emitted from its deltas
 * only when it never gets one (torn file, stream restart, end of the request or turn).
 */

import { clipHead } from "../model/mod.ts";

/** What a streamed text becomes: a reasoning block or an agent message. */
export type PendingKind = "reasoning" | "message";

/**
 * How a source settles its streamed parts, and so how what is left is drained (each
 * difference named here, decided by the source):
 * - `"full_texts"` (mcp-server, Codex events): a full-text event (`agent_message`,
 *   `agent_reasoning`) settles the oldest part of its kind, matched by order. What is left is
 *   drained reasoning first, then messages, each part at its own first line; a part equal to
 *   a kept text is a repeat.
 * - `"items"` (app-server): an item recorded whole settles its parts by item id. What is left
 *   is drained in the order the items began, an item's parts by index, all at the item's first
 *   line (where a completed item would have put them); nothing is matched by text.
 */
export type PendingRule = "full_texts" | "items";

/** One reasoning summary part or one message being streamed, as {@linkcode PendingParts.drain} hands it out. */
export interface PendingPart {
  readonly kind: PendingKind;
  /** 0.153 `item_id` (app-server `itemId`); `null` for versions without item ids. */
  readonly itemId: string | null;
  /** 0.153 `summary_index`; `null` when the events carry none. */
  readonly index: number | null;
  readonly text: string;
  /** The line of the first delta (or section break); of the item's first delta for `"items"`. */
  readonly line: number;
  readonly time: number | null;
  /** The entry type the text is emitted as (the event it came from: `agent_reasoning_delta`...). */
  readonly type: string;
}

/** Where a part begins or grows. */
export interface PartPosition {
  itemId: string | null;
  index: number | null;
  line: number;
  time: number | null;
  type: string;
}

/** A part as kept: its text grows, and `began` orders the items for `"items"`. */
interface Part {
  kind: PendingKind;
  itemId: string | null;
  index: number | null;
  text: string;
  line: number;
  time: number | null;
  type: string;
  /** The order in which the part's item began (its first part's number). */
  began: number;
}

/** The parts of one request that still wait for their full texts, oldest first. */
export class PendingParts {
  readonly rule: PendingRule;
  #parts: Part[] = [];
  #maxText: number;
  #knownItems = new Set<string>();
  #lastItem: string | null = null;
  #begun = 0;

  constructor(rule: PendingRule, maxText: number) {
    this.rule = rule;
    this.#maxText = maxText;
  }

  /** True while any part waits (even one without text: a restarted stream). */
  get waiting(): boolean {
    return this.#parts.length > 0;
  }

  /** A new reasoning part begins (`agent_reasoning_section_break`). */
  sectionBreak(position: PartPosition): void {
    this.#remember(position.itemId);
    this.#begin("reasoning", "", position);
  }

  /** A delta of `kind`: appended to its part (by item id and index), or to the newest part without ids. */
  delta(kind: PendingKind, delta: string, position: PartPosition): void {
    this.#remember(position.itemId);
    const part = this.#find(kind, position.itemId, position.index);
    if (part === undefined) {
      this.#begin(kind, clipHead(delta, this.#maxText), position);
    } else if (part.text.length < this.#maxText) {
      part.text = clipHead(part.text + delta, this.#maxText);
    }
  }

  /**
   * An item finished with its full texts (0.153 `item_completed`): its parts now hold the
   * complete texts, so even if the per-part full-text events never come nothing is partial.
   */
  itemCompleted(kind: PendingKind, itemId: string, texts: string[], position: PartPosition): void {
    this.#remember(itemId);
    const parts = this.#parts.filter((part) => part.kind === kind && part.itemId === itemId);
    texts.forEach((text, index) => {
      const part = parts.find((candidate) => candidate.index === index) ??
        parts.filter((candidate) => candidate.index === null)[index];
      const clipped = clipHead(text, this.#maxText);
      if (part === undefined) {
        this.#begin(kind, clipped, { ...position, itemId, index });
      } else {
        part.text = clipped;
        part.type = position.type;
      }
    });
  }

  /** A full text of `kind` arrived (`"full_texts"`): the oldest part of that kind is the one it completes. */
  fullTextArrived(kind: PendingKind): void {
    const parts = this.#parts;
    for (let i = 0; i < parts.length; i++) {
      if ((parts[i] as Part).kind !== kind) continue;
      parts.splice(i, 1);
      return;
    }
  }

  /** Item `itemId` was recorded whole (`"items"`): its parts wait no more. */
  itemRecorded(itemId: string): void {
    if (this.#parts.some((part) => part.itemId === itemId)) {
      this.#parts = this.#parts.filter((part) => part.itemId !== itemId);
    }
  }

  /** True when deltas, a section break or a completion of `itemId` were seen. */
  knowsItem(itemId: string): boolean {
    return this.#knownItems.has(itemId);
  }

  /** Removes and returns every part that has text (empty parts were stream restarts), in the rule's order. */
  drain(): readonly PendingPart[] {
    const parts = this.#parts.filter((part) => part.text.length > 0);
    this.#parts = [];
    if (this.rule === "items") {
      return parts.sort((a, b) => a.began - b.began || (a.index ?? 0) - (b.index ?? 0));
    }
    return [
      ...parts.filter((part) => part.kind === "reasoning"),
      ...parts.filter((part) => part.kind === "message"),
    ];
  }

  #begin(kind: PendingKind, text: string, position: PartPosition): void {
    const { itemId, index, type } = position;
    // "items": a later part of an item sits with the item, where it began.
    const first = this.rule === "items" && itemId !== null
      ? this.#parts.find((part) => part.itemId === itemId)
      : undefined;
    const anchor = first ?? { line: position.line, time: position.time, began: ++this.#begun };
    this.#parts.push({
      kind,
      itemId,
      index,
      text,
      line: anchor.line,
      time: anchor.time,
      type,
      began: anchor.began,
    });
  }

  #find(kind: PendingKind, itemId: string | null, index: number | null): Part | undefined {
    const parts = this.#parts;
    for (let i = parts.length - 1; i >= 0; i--) {
      const part = parts[i] as Part;
      if (part.kind !== kind) continue;
      // Without ids a delta grows the newest part of its kind, if that one has no id either.
      if (itemId === null) return part.itemId === null ? part : undefined;
      if (
        part.itemId === itemId && (index === null || part.index === null || part.index === index)
      ) {
        return part;
      }
    }
    return undefined;
  }

  #remember(itemId: string | null): void {
    // Deltas of one item come in runs: the item just remembered needs no second look.
    if (itemId === null || itemId === this.#lastItem) return;
    this.#lastItem = itemId;
    // Item ids only matter within a few events; a cap keeps long requests flat.
    if (this.#knownItems.size >= 1000) this.#knownItems.clear();
    this.#knownItems.add(itemId);
  }
}
