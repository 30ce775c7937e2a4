/**
 * The discovery cache of `ls` and `usage` on disk: one private JSON file
 * (`$CODEXMON_CACHE_DIR`, else `$XDG_CACHE_HOME/codexmon`, else `~/.cache/codexmon`, then
 * `discovery.json`), folder 0700-safe, file 0600, never read through a link or when another
 * user owns it. A cache that cannot be used is left aside with a note; it never stops a run.
 */

import { join } from "node:path";
import { FactsCache } from "../io/discovery/mod.ts";
import { ensurePrivateDir, openPrivateFile, writePrivateFileAtomic } from "../session/mod.ts";
import type { CliContext } from "./context.ts";

/** The environment variable naming the cache folder. */
export const CACHE_DIR_ENV = "CODEXMON_CACHE_DIR";

const CACHE_FILE = "discovery.json";

/** The cache folder, or `null` when no home is known. */
export function cacheDirFrom(env: (name: string) => string | undefined): string | null {
  const given = env(CACHE_DIR_ENV)?.trim();
  if (given) return given;
  const xdg = env("XDG_CACHE_HOME")?.trim();
  if (xdg) return join(xdg, "codexmon");
  const home = env("HOME");
  return home ? join(home, ".cache", "codexmon") : null;
}

/** A loaded cache and how to save it. */
export interface OpenedCache {
  cache: FactsCache | null;
  /** Writes the cache back when it changed; `prune` drops entries this run did not use. */
  save: (prune: boolean) => Promise<void>;
}

/** Loads the cache unless `--no-cache` (`flags.cache === false`) or no folder is known. */
export function openFactsCache(flags: { cache?: boolean }, context: CliContext): OpenedCache {
  const dir = flags.cache === false ? null : cacheDirFrom(context.env);
  if (dir === null) return { cache: null, save: () => Promise.resolve() };
  const path = join(dir, CACHE_FILE);
  let data: unknown = null;
  try {
    using file = openPrivateFile(path, { read: true });
    data = JSON.parse(new TextDecoder().decode(readAll(file)));
  } catch (error) {
    if (!isMissing(error)) {
      context.stderr.line(`note: not using the cache "${path}": ${message(error)}`);
      if (!(error instanceof SyntaxError)) return { cache: null, save: () => Promise.resolve() };
    }
  }
  const cache = new FactsCache(data);
  return {
    cache,
    async save(prune) {
      if (!cache.needsSave(prune)) return;
      try {
        ensurePrivateDir(dir, { what: "cache folder" });
        await writePrivateFileAtomic(path, JSON.stringify(cache.data(prune)));
      } catch (error) {
        context.stderr.line(`note: cannot save the cache "${path}": ${message(error)}`);
      }
    },
  };
}

function readAll(file: Deno.FsFile): Uint8Array {
  const bytes = new Uint8Array(file.statSync().size);
  let filled = 0;
  while (filled < bytes.length) {
    const count = file.readSync(bytes.subarray(filled));
    if (count === null || count === 0) break;
    filled += count;
  }
  return bytes.subarray(0, filled);
}

function isMissing(error: unknown): boolean {
  return error instanceof Error &&
    (error instanceof Deno.errors.NotFound || error.cause instanceof Deno.errors.NotFound);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
