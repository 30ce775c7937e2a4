import assert from "node:assert/strict";
import { RecentMap } from "../../../src/core/model/recent_map.ts";

Deno.test("RecentMap remembers at least the cap most recently used keys and forgets older ones", () => {
  const forgotten: number[] = [];
  const map = new RecentMap<string, number>(3, { onForget: (value) => forgotten.push(value) });
  for (let i = 0; i < 10; i++) map.set(`k${i}`, i);
  // Two generations of 3: keys 0 to 5 went when 6 to 8 and 9 came.
  assert.deepEqual(forgotten, [0, 1, 2, 3, 4, 5]);
  assert.ok(map.size <= 6);
  for (let i = 7; i < 10; i++) assert.equal(map.get(`k${i}`), i);
  assert.equal(map.get("k0"), undefined);
});

Deno.test("RecentMap keeps a key that is used again however many keys come after it", () => {
  const map = new RecentMap<number, string>(2);
  map.set(0, "kept");
  for (let i = 1; i < 100; i++) {
    map.set(i, "other");
    assert.equal(map.get(0), "kept", `after key ${i}`);
  }
  assert.equal(map.has(1), false);
});

Deno.test("RecentMap refuses a cap below one", () => {
  assert.throws(() => new RecentMap(0), RangeError);
});
