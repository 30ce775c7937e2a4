/** Text similarity for near-duplicate reasoning: Jaccard similarity of word 3-shingles. */

/** Words per shingle. */
export const SHINGLE_SIZE = 3;

/**
 * Lower-cased words of `text`: letters and digits only (markdown, punctuation and emoji
 * dropped), every run of digits replaced by `0` so "attempt 3" and "attempt 4" match.
 */
export function normalizedWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((word) =>
    word.replace(/\p{N}+/gu, "0")
  );
}

/** The set of word 3-shingles; a text shorter than that is one shingle of all its words. */
export function shingles(words: readonly string[]): Set<string> {
  if (words.length < SHINGLE_SIZE) return new Set(words.length === 0 ? [] : [words.join(" ")]);
  const result = new Set<string>();
  for (let index = 0; index + SHINGLE_SIZE <= words.length; index++) {
    result.add(words.slice(index, index + SHINGLE_SIZE).join(" "));
  }
  return result;
}

/** |A ∩ B| / |A ∪ B|; 1 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}
