/**
 * The entries of the last N events of one request, kept while a file streams past, so
 * `--last N --request-id` counts that request's events on every format (app-server, exec --json
 * and rollout lines do not name their request: only the analyzer knows whose they are).
 * Memory holds at most N events.
 */

import type { Entry } from "../model/mod.ts";

/** Keeps the entries of the last `count` input lines that gave an entry `accept` takes. */
export class LastEntries {
  readonly #count: number;
  readonly #accept: (entry: Entry) => boolean;
  // one group of entries per input line, oldest first; groups before #start are dropped
  #groups: Entry[][] = [];
  #start = 0;

  constructor(count: number, accept: (entry: Entry) => boolean) {
    this.#count = count;
    this.#accept = accept;
  }

  /** Takes the next entry of the stream. */
  push = (entry: Entry): void => {
    if (!this.#accept(entry)) return;
    const group = this.#groups.at(-1);
    if (group !== undefined && group[0]?.line === entry.line) {
      group.push(entry);
      return;
    }
    this.#groups.push([entry]);
    if (this.#groups.length - this.#start > this.#count) this.#start++;
    // compact now and then, so dropping stays linear however many lines stream past
    if (this.#start > this.#count) {
      this.#groups = this.#groups.slice(this.#start);
      this.#start = 0;
    }
  };

  /** The kept entries, in input order. */
  entries(): Entry[] {
    return this.#groups.slice(this.#start).flat();
  }
}
