import assert from "node:assert/strict";
import { compileWat, embeddedModule } from "../../../scripts/build_wasm.ts";

const DIRECTORY = new URL("../../../src/core/wasm/", import.meta.url);

Deno.test("each built WebAssembly module matches its text source (run deno task build:wasm)", async () => {
  let checked = 0;
  for await (const entry of Deno.readDir(DIRECTORY)) {
    if (!entry.name.endsWith(".wat")) continue;
    const name = entry.name.slice(0, -".wat".length);
    const source = await Deno.readTextFile(new URL(entry.name, DIRECTORY));
    const built = await Deno.readTextFile(new URL(`${name}_wasm.ts`, DIRECTORY));
    assert.equal(built, embeddedModule(name, await compileWat(entry.name, source)), name);
    checked++;
  }
  assert.ok(checked >= 1);
});
