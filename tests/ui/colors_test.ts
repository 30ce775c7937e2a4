import assert from "node:assert/strict";
import { createColors, shouldColor } from "../../src/ui/colors.ts";

Deno.test("shouldColor is true only on a TTY without NO_COLOR or --no-color", () => {
  const env = (values: Record<string, string>) => (name: string) => values[name];
  assert.equal(shouldColor({ isTty: true, noColorFlag: false, env: env({}) }), true);
  assert.equal(shouldColor({ isTty: false, noColorFlag: false, env: env({}) }), false);
  assert.equal(shouldColor({ isTty: true, noColorFlag: true, env: env({}) }), false);
  assert.equal(
    shouldColor({ isTty: true, noColorFlag: false, env: env({ NO_COLOR: "1" }) }),
    false,
  );
});

Deno.test("createColors without colour returns text unchanged", () => {
  const plain = createColors(false);
  assert.equal(plain.red("x"), "x");
  assert.equal(createColors(true).red("x"), "\x1b[31mx\x1b[39m");
});
