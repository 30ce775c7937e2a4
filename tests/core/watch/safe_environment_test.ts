import assert from "node:assert/strict";
import {
  MAX_TOTAL_BYTES,
  MAX_VALUE_BYTES,
  safeEnvironment,
} from "../../../src/core/watch/safe_environment.ts";

const bytes = (text: string) => new TextEncoder().encode(text).length;

Deno.test("safeEnvironment drops NULs and clips long values on a character boundary", () => {
  const env = safeEnvironment({ A: "x\0y", B: "é".repeat(100_000) });
  assert.equal(env.A, "xy");
  assert.ok(bytes(env.B!) <= MAX_VALUE_BYTES, `${bytes(env.B!)} bytes`);
  assert.match(env.B!, /^é+…\[clipped \d+ bytes; the full alert is on stdin\]$/);
});

Deno.test("safeEnvironment keeps all variables together under the total limit", () => {
  const env = safeEnvironment(
    Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`V${n}`, "v".repeat(30_000)])),
  );
  const total = Object.entries(env).reduce((sum, [k, v]) => sum + bytes(k) + bytes(v) + 2, 0);
  assert.ok(total <= MAX_TOTAL_BYTES, `${total} bytes`);
  assert.equal(Object.keys(env).length, 5);
});
