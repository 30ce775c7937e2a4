/** Where the pinned Codex releases are installed (by scripts/setup_codex.ts) for tests. */

import { join } from "node:path";

/** The Codex releases the tests run against. */
export const PINNED_CODEX_VERSIONS = ["0.47.0", "0.153.4", "0.169.0", "0.171.0"] as const;

/** One of {@linkcode PINNED_CODEX_VERSIONS}. */
export type PinnedCodexVersion = typeof PINNED_CODEX_VERSIONS[number];

/**
 * The pinned releases with `codex app-server` (no `mcp-server`): each has app-server, exec and
 * rollout captures in `fixtures/codex-VERSION/`, and the tests of those formats run on each.
 */
export const APP_SERVER_CODEX_VERSIONS = [
  "0.169.0",
  "0.171.0",
] as const satisfies readonly PinnedCodexVersion[];

/** The cache folder: `$CODEXMON_CODEX_CACHE`, else `$HOME/.cache/codexmon/codex`. */
export function codexCacheDir(env: (name: string) => string | undefined = Deno.env.get): string {
  const explicit = env("CODEXMON_CODEX_CACHE");
  if (explicit) return explicit;
  const home = env("HOME");
  if (!home) {
    throw new Error("Cannot find the Codex cache: neither CODEXMON_CODEX_CACHE nor HOME is set");
  }
  return join(home, ".cache", "codexmon", "codex");
}

/** The `codex` binary of `version` in the cache (as `npm install --prefix` lays it out). */
export function codexBinaryPath(
  version: string,
  env: (name: string) => string | undefined = Deno.env.get,
): string {
  return join(codexCacheDir(env), version, "node_modules", ".bin", "codex");
}

/** The binary of `version`; throws, naming the setup script, when it is not installed. */
export function requireCodex(version: PinnedCodexVersion): string {
  const path = codexBinaryPath(version);
  try {
    Deno.statSync(path);
  } catch {
    throw new Error(
      `Codex ${version} is not installed at ${path}: run deno run --allow-all scripts/setup_codex.ts`,
    );
  }
  return path;
}
