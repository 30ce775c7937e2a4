/**
 * Session discovery: every Codex session on the machine (the rollout trees of the Codex
 * homes, codexmon's own sessions, files and globs named on the command line), read only as
 * far as a listing needs.
 *
 * @module
 */

import { basename, join, resolve } from "node:path";
import { UsageError } from "../../core/errors.ts";
import type { PriceTable } from "../../core/pricing/mod.ts";
import { DEFAULT_STUCK_THRESHOLDS } from "../../core/config/mod.ts";
import {
  markSilentAsStuck,
  problemSummary,
  type SessionSummary,
  summarizeRollout,
  type UsageSlice,
} from "../../core/usage/mod.ts";
import { expandGlob, findJsonlFiles, isGlob, sessionsDir } from "./find_files.ts";
import { openFilePaths } from "./open_files.ts";
import { readCachedFacts } from "./cached_reader.ts";
import type { FactsCache } from "./facts_cache.ts";
import { readUsageSlices } from "./usage_reader.ts";
import { readFactsInParallel } from "./parallel_facts.ts";
import type { RolloutRead } from "./rollout_reader.ts";

export { sessionsDir } from "./find_files.ts";
export { FactsCache } from "./facts_cache.ts";
export { FACTS_WORKER_MODULE, isFactsWorker } from "./facts_worker.ts";

/** The environment variable naming the Codex home. */
export const CODEX_HOME_ENV = "CODEX_HOME";

/** The Codex homes to search: the given ones, else `$CODEX_HOME`, else `~/.codex`. */
export function resolveCodexHomes(
  given: readonly string[],
  options: { env: (name: string) => string | undefined; cwd: string },
): string[] {
  if (given.length > 0) return given.map((home) => resolve(options.cwd, home));
  const fromEnv = options.env(CODEX_HOME_ENV)?.trim();
  if (fromEnv) return [resolve(options.cwd, fromEnv)];
  const home = options.env("HOME") ?? options.env("USERPROFILE");
  return home ? [join(home, ".codex")] : [];
}

/** Options for {@linkcode listSessions}. */
export interface ListSessionsOptions {
  /** Codex homes whose `sessions/` tree is searched (see {@linkcode resolveCodexHomes}). */
  codexHomes: readonly string[];
  /**
   * More rows to list with the rollouts (codexmon's own sessions: `codexmonSessionRows` in
   * `src/session/session_rows.ts`); not called when `paths` are given.
   */
  moreSessions?: () => Promise<SessionSummary[]>;
  /** Files or globs named by the user; when given, only these are read (no home is searched). */
  paths?: readonly string[];
  /** Resolves relative paths. */
  cwd: string;
  prices: PriceTable;
  /** Check `/proc` for processes holding files open (default true). */
  detectLive?: boolean;
  /** "Now" in ms, for the silence rule (default: the clock). */
  now?: number;
  /** A running session silent this long is `stuck` (default: the `silenceStuckSeconds` default). */
  stuckAfterSeconds?: number;
  /** Facts kept between runs (`src/io/discovery/facts_cache.ts`); `null` reads every file. */
  cache?: FactsCache | null;
  /**
   * The module a second thread runs to read files alongside the main thread (`FACTS_WORKER_MODULE`
   * of `facts_worker.ts`, or one that imports it); without it, or with a cache, or
   * for fewer than {@linkcode PARALLEL_MIN_FILES} files, every file is read on the main thread.
   */
  factsWorker?: string | URL;
}

/** What {@linkcode listSessions} found. */
export interface SessionListing {
  /** Newest activity first. */
  sessions: SessionSummary[];
  /** Codex homes without a `sessions/` folder. */
  missingHomes: string[];
  /** Folders that could not be read. */
  skippedFolders: number;
  /** False when live processes could not be checked (not Linux): no session shows as live. */
  liveChecked: boolean;
}

const CONCURRENCY = 32;
/** Fewer files than this are read on the main thread alone: a worker costs more to start. */
export const PARALLEL_MIN_FILES = 400;

/** Lists every session the options name, newest activity first. Bad files become rows. */
export async function listSessions(options: ListSessionsOptions): Promise<SessionListing> {
  const { files, missingHomes, skippedFolders } = await sessionFiles(options);
  const open = options.detectLive === false ? null : openFilePaths();
  const sessions: SessionSummary[] = new Array(files.length);
  const knownFile = !options.paths?.length;
  const cache = options.cache ?? null;
  const each = { open, prices: options.prices, knownFile, cache };
  if (options.factsWorker !== undefined && cache === null && files.length >= PARALLEL_MIN_FILES) {
    await readFactsInParallel(files, {
      worker: options.factsWorker,
      knownFile,
      onRead: (index, read) => sessions[index] = summaryOf(files[index]!, read, each),
    });
  } else {
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const index = next++;
        sessions[index] = await summarizeFile(files[index]!, each);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  }
  if (!options.paths?.length && options.moreSessions) {
    sessions.push(...await options.moreSessions());
  }
  markSilentAsStuck(sessions, {
    now: options.now ?? Date.now(),
    silenceSeconds: options.stuckAfterSeconds ?? DEFAULT_STUCK_THRESHOLDS.silenceStuckSeconds,
  });
  // Newest activity first (ties by path, so the order never depends on the folder walk);
  // files that give no session after all sessions.
  sessions.sort((a, b) =>
    Number(a.problem !== null) - Number(b.problem !== null) ||
    (b.lastActivity ?? 0) - (a.lastActivity ?? 0) ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
  return { sessions, missingHomes, skippedFolders, liveChecked: open !== null };
}

async function sessionFiles(
  options: ListSessionsOptions,
): Promise<{ files: string[]; missingHomes: string[]; skippedFolders: number }> {
  if (options.paths && options.paths.length > 0) {
    const files: string[] = [];
    for (const path of options.paths) {
      if (isGlob(path)) files.push(...await expandGlob(path, options.cwd));
      else files.push(resolve(options.cwd, path));
    }
    return { files: [...new Set(files)], missingHomes: [], skippedFolders: 0 };
  }
  const files: string[] = [];
  const missingHomes: string[] = [];
  let skippedFolders = 0;
  for (const home of options.codexHomes) {
    try {
      const found = await findJsonlFiles(await Deno.realPath(sessionsDir(home)));
      files.push(...found.files);
      skippedFolders += found.skipped;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
        missingHomes.push(home);
      } else {
        skippedFolders += 1;
      }
    }
  }
  return { files: [...new Set(files)], missingHomes, skippedFolders };
}

async function summarizeFile(
  path: string,
  options: {
    open: Set<string> | null;
    prices: PriceTable;
    knownFile: boolean;
    cache: FactsCache | null;
  },
): Promise<SessionSummary> {
  const read = await readCachedFacts(path, {
    knownFile: options.knownFile,
    cache: options.cache,
  });
  return summaryOf(path, read, options);
}

/** The listing row of the rollout at `path` from what its reader found. */
function summaryOf(
  path: string,
  read: RolloutRead,
  options: { open: Set<string> | null; prices: PriceTable },
): SessionSummary {
  if (read.kind === "problem") return problemSummary(path, read);
  return summarizeRollout(read, {
    path,
    size: read.size,
    mtime: read.mtime,
    live: options.open?.has(path) ?? false,
    wholeFile: read.wholeFile,
    prices: options.prices,
  });
}

/** Options for {@linkcode resolveSessionArgument}. */
export interface ResolveSessionOptions {
  codexHomes: readonly string[];
  cwd: string;
}

const ID_PREFIX = /^[0-9a-f][0-9a-f-]{3,35}$/i;
const ROLLOUT_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/**
 * What a FILE argument names: an existing path as it is; `latest` the newest rollout; a
 * unique prefix of a session id its rollout file. Anything else is returned unchanged, so
 * the command reports the missing file as before. Throws {@linkcode UsageError} for an
 * ambiguous prefix.
 */
export async function resolveSessionArgument(
  argument: string,
  options: ResolveSessionOptions,
): Promise<string> {
  if (argument === "" || await exists(resolve(options.cwd, argument))) return argument;
  const wantLatest = argument === "latest";
  if (!wantLatest && !ID_PREFIX.test(argument)) return argument;
  const rollouts = await rolloutFiles(options.codexHomes);
  if (wantLatest) return await newest(rollouts) ?? argument;
  const prefix = argument.toLowerCase();
  const matches = rollouts.filter((path) => {
    const id = ROLLOUT_ID.exec(basename(path))?.[1]?.toLowerCase();
    return id !== undefined && (id.startsWith(prefix) || id.replaceAll("-", "").startsWith(prefix));
  });
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const shown = matches.slice(0, 5).map((path) => basename(path)).join(", ");
    throw new UsageError(
      `Cannot pick a session for "${argument}": ${matches.length} sessions match (${shown})`,
    );
  }
  return argument;
}

async function rolloutFiles(codexHomes: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const home of codexHomes) {
    try {
      files.push(...(await findJsonlFiles(sessionsDir(home))).files);
    } catch {
      // a missing home has no sessions
    }
  }
  return files;
}

async function newest(paths: readonly string[]): Promise<string | null> {
  let best: string | null = null;
  let bestTime = -Infinity;
  for (const path of paths) {
    try {
      const time = (await Deno.stat(path)).mtime?.getTime() ?? 0;
      if (time > bestTime) [best, bestTime] = [path, time];
    } catch {
      // gone meanwhile
    }
  }
  return best;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Options for {@linkcode collectUsage}. */
export interface CollectUsageOptions {
  codexHomes: readonly string[];
  /** Files or globs; when given, only these are read. */
  paths?: readonly string[];
  cwd: string;
  /** The report bucket of a time (see `wholeSessionSlices`). */
  bucketOf: (at: number) => string;
  /** Receives each slice as soon as it is read (nothing is kept). */
  onSlice: (slice: UsageSlice) => void;
  /** Facts and usage kept between runs; `null` reads every file. */
  cache?: FactsCache | null;
}

/** What {@linkcode collectUsage} counted. */
export interface CollectedUsage {
  sessions: number;
  /** Files that are no rollout or cannot be read. */
  skipped: number;
  /** Sessions read from start to end (they change model or bucket). */
  readWhole: number;
  missingHomes: string[];
  skippedFolders: number;
}

/** Hands the usage slices of every rollout the options name to `options.onSlice`. */
export async function collectUsage(options: CollectUsageOptions): Promise<CollectedUsage> {
  const { files, missingHomes, skippedFolders } = await sessionFiles({
    ...options,
    prices: {},
  });
  const result: CollectedUsage = {
    sessions: 0,
    skipped: 0,
    readWhole: 0,
    missingHomes,
    skippedFolders,
  };
  // One file after another in path order: the reads are synchronous, and costs (floats) are
  // summed in the same order on every run.
  files.sort();
  for (const path of files) {
    const read = readUsageSlices(path, {
      bucketOf: options.bucketOf,
      cache: options.cache ?? null,
      knownFile: !options.paths?.length,
    });
    if (read.kind === "skipped") {
      result.skipped += 1;
      continue;
    }
    result.sessions += 1;
    if (read.readWhole) result.readWhole += 1;
    for (const slice of read.slices) options.onSlice(slice);
  }
  return result;
}
