/** Builds the bundle (scripts/bundle.ts, as the bundle task does) for tests that run it. */

import { basename, dirname } from "node:path";
import { bundle, ENTRY_FILE } from "../../scripts/bundle.ts";

/**
 * Bundles main.ts so that `output` (named codexmon.js) is the entry, with the files it loads
 * beside it; throws with deno's stderr when the build fails.
 */
export async function buildBundle(output: string): Promise<void> {
  if (basename(output) !== ENTRY_FILE) {
    throw new Error(`Cannot bundle to "${output}": the entry must be named ${ENTRY_FILE}`);
  }
  await bundle(dirname(output));
}
