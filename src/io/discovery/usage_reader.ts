/**
 * The usage slices of one rollout: from its head and tail when that is exact (a small file
 * read whole, one model, one report bucket), else from one pass over the file that parses
 * only `token_count` and `turn_context` lines (told apart by their first bytes; a line that
 * does not start as Codex writes it is parsed whole). A pass splits the usage by model and
 * quarter hour, which the report regroups by its own days: exact in every time zone, so the
 * cache can keep it.
 *
 * @module
 */

import { basename } from "node:path";
import {
  SliceBuilder,
  sliceWants,
  type UsageSlice,
  wholeSessionSlices,
} from "../../core/usage/mod.ts";
import { DEFAULT_BLOCK_SIZE, scanLines } from "../line_scanner.ts";
import { LINE_KIND_PREFIX, lineKind } from "../../core/usage/mod.ts";
import type { FactsCache, FileKey } from "./facts_cache.ts";
import { readCachedFacts, statKey } from "./cached_reader.ts";

const SMALL_FILE_BYTES = 1024 * 1024;
const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** What {@linkcode readUsageSlices} found: slices, or why the file has none. */
export type UsageRead =
  | { kind: "slices"; slices: UsageSlice[]; readWhole: boolean }
  | { kind: "skipped"; problem: string };

/** Options for {@linkcode readUsageSlices}. */
export interface ReadUsageOptions {
  /** The report bucket of a time (the day in the report's time zone). */
  bucketOf: (at: number) => string;
  /** Facts and usage kept between runs; `null` reads every file. */
  cache?: FactsCache | null;
}

const decoder = new TextDecoder();

function quarterHour(at: number): string {
  return String(Math.floor(at / QUARTER_HOUR_MS));
}

/** Reads the usage of the rollout at `path`. Never throws for a bad file. */
export async function readUsageSlices(
  path: string,
  options: ReadUsageOptions,
): Promise<UsageRead> {
  const cache = options.cache ?? null;
  const { bucketOf } = options;
  const key = cache === null ? null : statKey(path);
  if (cache !== null && key !== null) {
    const hit = cache.usage(path, key);
    if (hit?.kind === "split") return { kind: "slices", slices: hit.slices, readWhole: false };
    if (hit?.kind === "whole" && bucketOf(hit.startedAt) === bucketOf(hit.slice.at)) {
      return { kind: "slices", slices: [hit.slice], readWhole: false };
    }
  }
  const read = await readCachedFacts(path, { cache, key });
  if (read.kind === "problem") return { kind: "skipped", problem: read.problem };
  const sessionId = read.head.id ?? basename(path);
  const fast = wholeSessionSlices(
    { head: read.head, tail: read.tail, sessionId, wholeFile: read.wholeFile },
    bucketOf,
  );
  if (fast !== null) {
    if (cache !== null && key !== null) {
      const startedAt = read.head.startedAt;
      if (fast.length === 0) cache.setUsage(path, key, { kind: "split", slices: [] });
      else if (startedAt !== null) {
        cache.setUsage(path, key, { kind: "whole", startedAt, slice: fast[0]! });
      }
    }
    return { kind: "slices", slices: fast, readWhole: false };
  }
  const builder = new SliceBuilder({ id: sessionId, cwd: read.head.cwd }, quarterHour);
  try {
    using file = Deno.openSync(path, { read: true });
    await scanLines(file, (bytes) => {
      const kind = lineKind(decoder.decode(bytes.subarray(0, LINE_KIND_PREFIX)));
      if (kind !== null && !sliceWants(kind)) return;
      try {
        builder.add(JSON.parse(decoder.decode(bytes)));
      } catch {
        // a torn or broken line counts nothing
      }
    }, {
      // Most rollouts are small: a small buffer and the plain search beat setting up the
      // WebAssembly kernel once per file.
      blockSize: Math.min(DEFAULT_BLOCK_SIZE, Math.max(4096, read.size)),
      ...(read.size < SMALL_FILE_BYTES ? { search: "js" as const } : {}),
    });
  } catch (error) {
    return { kind: "skipped", problem: error instanceof Error ? error.message : String(error) };
  }
  const slices = builder.slices();
  if (cache !== null && key !== null && unchanged(path, key)) {
    cache.setUsage(path, key, { kind: "split", slices });
  }
  return { kind: "slices", slices, readWhole: true };
}

/** True when the file still has `key` (it was not written while being read through). */
function unchanged(path: string, key: FileKey): boolean {
  const now = statKey(path);
  return now !== null && now.size === key.size && now.mtime === key.mtime &&
    now.ctime === key.ctime;
}
