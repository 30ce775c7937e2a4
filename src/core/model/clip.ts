/** Bounded excerpts, so memory never grows with the size of one event. */

/** Marks where text was cut. */
export const CLIP_MARK = "…";

/** The first `max` characters of `text`, with a mark when cut. */
export function clipHead(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + CLIP_MARK;
}

/** The last `max` characters of `text`, with a mark when cut (command output: the end matters). */
export function clipTail(text: string, max: number): string {
  return text.length <= max ? text : CLIP_MARK + text.slice(text.length - Math.max(0, max - 1));
}

/** Appends `item`, dropping the oldest items beyond `cap`; returns what was dropped. */
export function pushBounded<T>(list: T[], item: T, cap: number): T | undefined {
  list.push(item);
  return list.length > cap ? list.shift() : undefined;
}
