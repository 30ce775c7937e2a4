/** Compiles WebAssembly text with wabt: used by the build script and its staleness test only. */

import wabt from "wabt";

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
