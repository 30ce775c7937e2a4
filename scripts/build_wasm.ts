/**
 * Builds the WebAssembly modules of `src/core/wasm/` from their text sources: each `NAME.wat`
 * becomes `NAME_wasm.ts`, the module's bytes in base64, so the tool needs no file access or
 * build step at run time. `deno task build:wasm`;
 * `tests/core/wasm/wasm_build_test.ts` fails when a built file is stale.
 *
 * @module
 */

import wabt from "wabt";

const DIRECTORY = new URL("../src/core/wasm/", import.meta.url);

/** The binary module for the WebAssembly text `source` (named `file` in errors). */
export async function compileWat(file: string, source: string): Promise<Uint8Array> {
  const tools = await wabt();
  const parsed = tools.parseWat(file, source, { simd: true });
  try {
    parsed.validate();
    return new Uint8Array(parsed.toBinary({ write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}

/** The TypeScript module that embeds `bytes`, built from `name`.wat. */
export function embeddedModule(name: string, bytes: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...bytes));
  const lines = base64.match(/.{1,96}/g) ?? [];
  return [
    `// Built from ${name}.wat by scripts/build_wasm.ts: do not edit.`,
    "",
    `/** The bytes of the \`${name}\` WebAssembly module, in base64. */`,
    `export const ${camel(name)}Base64 =`,
    ...lines.map((line, index) => `  "${line}"${index === lines.length - 1 ? ";" : " +"}`),
    "",
  ].join("\n");
}

function camel(name: string): string {
  return name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
}

if (import.meta.main) {
  for await (const entry of Deno.readDir(DIRECTORY)) {
    if (!entry.name.endsWith(".wat")) continue;
    const name = entry.name.slice(0, -".wat".length);
    const source = await Deno.readTextFile(new URL(entry.name, DIRECTORY));
    const bytes = await compileWat(entry.name, source);
    await Deno.writeTextFile(new URL(`${name}_wasm.ts`, DIRECTORY), embeddedModule(name, bytes));
    console.log(`built src/core/wasm/${name}_wasm.ts (${bytes.length} bytes)`);
  }
}
