/** A series that stays small however many points it gets: neighbours merge, the larger y wins. */

import type { SeriesPoint } from "./model.ts";

/** Points a series holds at most (it merges down to half when full). */
export const SERIES_POINTS = 600;

/** Keeps at most `cap` points of an x-ordered series; peaks survive the merging. */
export class Downsampler {
  #points: SeriesPoint[] = [];
  #cap: number;
  /** Points pushed per kept point (doubles at each merge). */
  #stride = 1;
  #pending: SeriesPoint | null = null;
  #pendingCount = 0;

  constructor(cap = SERIES_POINTS) {
    if (cap < 2) throw new RangeError(`Cannot downsample to ${cap} points: need 2 or more`);
    this.#cap = cap;
  }

  /** Adds a point (x at least the previous one's). */
  push(x: number, y: number): void {
    const pending = this.#pending;
    if (pending === null || y > pending.y) this.#pending = { x, y };
    this.#pendingCount++;
    if (this.#pendingCount < this.#stride) return;
    this.#points.push(this.#pending as SeriesPoint);
    this.#pending = null;
    this.#pendingCount = 0;
    if (this.#points.length >= this.#cap) this.#merge();
  }

  /** The kept points, the one being merged included. */
  points(): SeriesPoint[] {
    return this.#pending === null ? this.#points.slice() : [...this.#points, this.#pending];
  }

  #merge(): void {
    const merged: SeriesPoint[] = [];
    const points = this.#points;
    for (let i = 0; i < points.length; i += 2) {
      const a = points[i] as SeriesPoint;
      const b = points[i + 1];
      merged.push(b !== undefined && b.y > a.y ? b : a);
    }
    this.#points = merged;
    this.#stride *= 2;
  }
}
