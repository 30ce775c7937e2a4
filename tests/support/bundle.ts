/** Builds the single-file bundle (`deno bundle`, as the bundle task does) for tests that run it. */

import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Bundles main.ts to `output`; throws with deno's stderr when the build fails. */
export async function buildBundle(output: string): Promise<void> {
  const build = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", "--platform", "deno", "--output", output, "main.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (build.code !== 0) {
    throw new Error(`Cannot bundle main.ts: ${new TextDecoder().decode(build.stderr)}`);
  }
}
