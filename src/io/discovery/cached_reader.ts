/**
 * The rollout readers behind the facts cache: a file whose key (size, times, inode) matches
 * its entry is not opened; any other is read and, when it did not change while being read,
 * stored.
 *
 * @module
 */

import { type FactsCache, type FileKey, fileKeyOf } from "./facts_cache.ts";
import { readRolloutFacts, type RolloutRead } from "./rollout_reader.ts";

/** The key of the regular file at `path`, or `null` (missing, unreadable, not a file). */
export function statKey(path: string): FileKey | null {
  try {
    return fileKeyOf(Deno.statSync(path));
  } catch {
    return null;
  }
}

/** Options for {@linkcode readCachedFacts}. */
export interface CachedFactsOptions {
  cache: FactsCache | null;
  /** The caller already knows `path` is a regular file. */
  knownFile?: boolean;
  /** The file's key when the caller already took it. */
  key?: FileKey | null;
}

/** `readRolloutFacts` through the cache. */
export async function readCachedFacts(
  path: string,
  options: CachedFactsOptions,
): Promise<RolloutRead> {
  const { cache } = options;
  if (cache === null) {
    return await readRolloutFacts(path, { knownFile: options.knownFile ?? false });
  }
  const key = options.key === undefined ? statKey(path) : options.key;
  if (key === null) return await readRolloutFacts(path, { knownFile: options.knownFile ?? false });
  const hit = cache.facts(path, key);
  if (hit !== null) return { kind: "facts", ...hit, size: key.size, mtime: key.mtime };
  const read = await readRolloutFacts(path, { knownFile: true });
  if (read.kind === "facts" && read.size === key.size && read.mtime === key.mtime) {
    cache.setFacts(path, key, { head: read.head, tail: read.tail, wholeFile: read.wholeFile });
  }
  return read;
}
