/**
 * What discovery learned about each rollout, kept between runs and keyed by the file's size,
 * modification and change times and inode: a file that changed in any way misses, so the
 * cache never answers for bytes it has not read. Rollouts only grow, and every append changes
 * size and times. The caller loads and saves the entries (a private file); this module only
 * keeps them.
 *
 * @module
 */

import type { HeadFacts, TailFacts, UsageSlice } from "../../core/usage/mod.ts";

/** The bumped format: a new reader or fact shape invalidates every saved entry. */
export const FACTS_CACHE_VERSION = 1;

/** What identifies the bytes of a file. */
export interface FileKey {
  size: number;
  mtime: number | null;
  ctime: number | null;
  ino: number | null;
}

/** A rollout's head and tail facts, as `readRolloutFacts` found them. */
export interface CachedFacts {
  head: HeadFacts;
  tail: TailFacts;
  wholeFile: boolean;
}

/**
 * A session's usage: `whole` is one slice valid when the report puts `startedAt` and the
 * slice's time in one bucket; `split` are slices per model and quarter hour, exact in every
 * time zone (offsets are whole quarter hours).
 */
export type CachedUsage =
  | { kind: "whole"; startedAt: number; slice: UsageSlice }
  | { kind: "split"; slices: UsageSlice[] };

interface Entry {
  key: FileKey;
  facts?: CachedFacts;
  usage?: CachedUsage;
}

/** The saved form. */
export interface FactsCacheData {
  version: number;
  entries: Record<string, Entry>;
}

/** The key of `path` from a stat, or `null` when it is no regular file. */
export function fileKeyOf(info: Deno.FileInfo): FileKey | null {
  if (!info.isFile) return null;
  return {
    size: info.size,
    mtime: info.mtime?.getTime() ?? null,
    ctime: info.ctime?.getTime() ?? null,
    ino: info.ino ?? null,
  };
}

function sameKey(a: FileKey, b: FileKey): boolean {
  return a.size === b.size && a.mtime === b.mtime && a.ctime === b.ctime && a.ino === b.ino;
}

/** Facts and usage of rollouts, by path; entries not used in a run are dropped on save. */
export class FactsCache {
  #old: Map<string, Entry>;
  #used = new Map<string, Entry>();
  #changed = false;

  /** Starts from saved data (ignored when its version differs or its shape is wrong). */
  constructor(data: unknown = null) {
    this.#old = new Map();
    if (isCacheData(data)) {
      for (const [path, entry] of Object.entries(data.entries)) {
        if (isEntry(entry)) this.#old.set(path, entry);
      }
    }
  }

  /** The entry of `path` when its key matches. */
  #get(path: string, key: FileKey): Entry | null {
    const entry = this.#used.get(path) ?? this.#old.get(path);
    if (entry === undefined) return null;
    if (!sameKey(entry.key, key)) return null;
    this.#used.set(path, entry);
    return entry;
  }

  #entry(path: string, key: FileKey): Entry {
    this.#changed = true;
    const entry = this.#get(path, key) ?? { key };
    this.#used.set(path, entry);
    return entry;
  }

  /** Cached facts of `path` with this key. */
  facts(path: string, key: FileKey): CachedFacts | null {
    return this.#get(path, key)?.facts ?? null;
  }

  /** Cached usage of `path` with this key. */
  usage(path: string, key: FileKey): CachedUsage | null {
    return this.#get(path, key)?.usage ?? null;
  }

  setFacts(path: string, key: FileKey, facts: CachedFacts): void {
    this.#entry(path, key).facts = facts;
  }

  setUsage(path: string, key: FileKey, usage: CachedUsage): void {
    this.#entry(path, key).usage = usage;
  }

  /**
   * True when saving would change the saved data: an entry was added or replaced, or
   * (`prune`) entries were not used this run.
   */
  needsSave(prune: boolean): boolean {
    return this.#changed || (prune && this.#used.size !== this.#old.size);
  }

  /** The data to save; `prune` drops the entries not used this run (files gone or unlisted). */
  data(prune: boolean): FactsCacheData {
    const entries: Record<string, Entry> = {};
    if (!prune) { for (const [path, entry] of this.#old) entries[path] = entry; }
    for (const [path, entry] of this.#used) entries[path] = entry;
    return { version: FACTS_CACHE_VERSION, entries };
  }
}

function isCacheData(value: unknown): value is FactsCacheData {
  if (typeof value !== "object" || value === null) return false;
  const data = value as Partial<FactsCacheData>;
  return data.version === FACTS_CACHE_VERSION && typeof data.entries === "object" &&
    data.entries !== null;
}

function isEntry(value: unknown): value is Entry {
  if (typeof value !== "object" || value === null) return false;
  const key = (value as Partial<Entry>).key;
  return typeof key === "object" && key !== null && typeof key.size === "number";
}
