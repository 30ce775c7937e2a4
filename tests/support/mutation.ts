/** What the differential tests of byte paths draw mutants from. */

/** A seeded source of numbers in [0, 1). */
export type Random = () => number;

/** One of `items`, drawn with `next`. */
export function pick<T>(next: Random, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** JSON values of every kind and shape, odd ones included, to put where a member was. */
export const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e21,
  "",
  'a"b\\c\u0001\u2603\u{1F600}',
  [],
  [1, "x"],
  {},
  { count: 1 },
  { type: "text", text: "x" },
];
