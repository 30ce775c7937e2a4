import assert from "node:assert/strict";
import {
  bestLineSearch,
  createLineBuffer,
  type LineSearch,
  releaseLineBuffer,
} from "../../src/io/line_buffer.ts";

/** Every newline index in `bytes[from, end)`, the obvious way. */
function referenceNewlines(bytes: Uint8Array, from: number, end: number): number[] {
  const found: number[] = [];
  for (let at = from; at < end; at++) if (bytes[at] === 0x0a) found.push(at);
  return found;
}

/** All newlines a buffer finds in [from, end), searching again whenever a search fills up. */
function allNewlines(search: LineSearch, bytes: Uint8Array, from: number, end: number): number[] {
  const buffer = createLineBuffer(bytes.length, search);
  buffer.bytes.set(bytes);
  using _release = { [Symbol.dispose]: () => releaseLineBuffer(buffer) };
  const found: number[] = [];
  let at = from;
  while (true) {
    const count = buffer.newlines(at, end);
    for (let i = 0; i < count; i++) found.push(buffer.found[i]!);
    if (count < buffer.found.length) return found;
    at = found[found.length - 1]! + 1;
  }
}

/** Deterministic bytes: newlines with probability 1/`every`, the rest anything but a newline. */
function randomBytes(length: number, every: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const roll = state >>> 8;
    // Any byte but a newline: 0 to 254, with 10 and up moved one up.
    const other = (roll >>> 4) % 255;
    bytes[i] = roll % every === 0 ? 0x0a : other < 0x0a ? other : other + 1;
  }
  return bytes;
}

Deno.test("the runtime has the WebAssembly SIMD search", () => {
  assert.equal(bestLineSearch(), "wasm");
});

Deno.test("both searches find every newline of random bytes at any start and end", () => {
  for (const [every, seed] of [[3, 1], [40, 2], [400, 3], [1, 4]] as const) {
    const bytes = randomBytes(20_000, every, seed);
    for (const [from, end] of [[0, 20_000], [1, 19_999], [31, 64], [5, 5], [17, 18]] as const) {
      const expected = referenceNewlines(bytes, from, end);
      for (const search of ["wasm", "js"] as const) {
        assert.deepEqual(
          allNewlines(search, bytes, from, end),
          expected,
          `${search} search, newline every ~${every}, [${from}, ${end})`,
        );
      }
    }
  }
});

Deno.test("a search stops when its positions area is full and the next one goes on from there", () => {
  const bytes = new Uint8Array(40_000).fill(0x0a);
  for (const search of ["wasm", "js"] as const) {
    const buffer = createLineBuffer(bytes.length, search);
    buffer.bytes.set(bytes);
    const first = buffer.newlines(0, bytes.length);
    assert.equal(first, buffer.found.length, search);
    assert.equal(buffer.found[first - 1], first - 1, search);
    assert.equal(allNewlines(search, bytes, 0, bytes.length).length, 40_000, search);
  }
});

Deno.test("growing a line buffer keeps its bytes and finds newlines in the new room", () => {
  for (const search of ["wasm", "js"] as const) {
    const buffer = createLineBuffer(100, search);
    buffer.bytes.set(new TextEncoder().encode("abc\ndef"));
    buffer.grow(300_000);
    assert.ok(buffer.bytes.length >= 300_000, search);
    assert.equal(new TextDecoder().decode(buffer.bytes.subarray(0, 7)), "abc\ndef", search);
    // A reused kernel's memory still holds an earlier scan's bytes: only written bytes count.
    buffer.bytes.fill(0x61, 7, 300_000);
    buffer.bytes[299_990] = 0x0a;
    const count = buffer.newlines(0, 300_000);
    assert.deepEqual([...buffer.found.subarray(0, count)], [3, 299_990], search);
  }
});

Deno.test("a released kernel buffer is handed out again, but not one grown past the pool's limit", () => {
  if (bestLineSearch() !== "wasm") return;
  const kernel = createLineBuffer(1000, "wasm");
  releaseLineBuffer(kernel);
  const again = createLineBuffer(1000, "wasm");
  assert.equal(again, kernel);
  assert.notEqual(createLineBuffer(1000, "wasm"), kernel, "a kernel taken twice would be shared");
  again.grow(8 * 1024 * 1024);
  releaseLineBuffer(again);
  assert.notEqual(createLineBuffer(8 * 1024 * 1024, "wasm"), again);
});
