/**
 * Installs the pinned Codex releases the integration tests run against:
 * `npm install --prefix <cache>/<version> @openai/codex@<version>` for each one not yet there.
 * Cache: `$CODEXMON_CODEX_CACHE`, else `$HOME/.cache/codexmon/codex`. Quiet when all are cached.
 *
 * Usage: deno run --allow-all scripts/setup_codex.ts [VERSION...]
 */

import { join } from "node:path";
import { codexBinaryPath, codexCacheDir, PINNED_CODEX_VERSIONS } from "../tests/support/codex.ts";

/** Installs `version` unless its binary already runs and reports that version. */
export async function ensureCodex(version: string): Promise<{ path: string; installed: boolean }> {
  const path = codexBinaryPath(version);
  if (await reportsVersion(path, version)) return { path, installed: false };
  const prefix = join(codexCacheDir(), version);
  await Deno.mkdir(prefix, { recursive: true });
  console.error(`installing @openai/codex@${version} into ${prefix}`);
  const npm = await new Deno.Command("npm", {
    args: [
      "install",
      "--prefix",
      prefix,
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      "--silent",
      `@openai/codex@${version}`,
    ],
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).output().catch((error) => {
    throw new Error(`Cannot install Codex ${version}: cannot run npm: ${String(error)}`);
  });
  if (!npm.success) {
    throw new Error(`Cannot install Codex ${version}: npm exited with code ${npm.code}`);
  }
  if (!(await reportsVersion(path, version))) {
    throw new Error(
      `Cannot install Codex ${version}: ${path} does not report version ${version} after npm install`,
    );
  }
  return { path, installed: true };
}

async function reportsVersion(path: string, version: string): Promise<boolean> {
  try {
    const output = await new Deno.Command(path, {
      args: ["--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    })
      .output();
    return output.success && new TextDecoder().decode(output.stdout).includes(version);
  } catch {
    return false;
  }
}

if (import.meta.main) {
  const versions = Deno.args.length > 0 ? Deno.args : [...PINNED_CODEX_VERSIONS];
  try {
    for (const version of versions) await ensureCodex(version);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(1);
  }
}
