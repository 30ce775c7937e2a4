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
import { scanWantedLines } from "../wanted_lines.ts";
import { LINE_KIND_PREFIX, lineKind } from "../../core/usage/mod.ts";
import type { FactsCache, FileKey } from "./facts_cache.ts";
import { readCachedFacts, statKey } from "./cached_reader.ts";
import { readSessionMeta, WHOLE_FILE_BYTES } from "./rollout_reader.ts";

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
  /** The caller already knows `path` is a regular file (from a folder listing). */
  knownFile?: boolean;
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
  const size = key?.size ?? fileSize(path, options.knownFile ?? false);
  // A big file is read through anyway: its head and tail would be read twice.
  if (size !== null && size > WHOLE_FILE_BYTES) return readThrough(path, { key, cache });
  const read = await readCachedFacts(path, { cache, key, knownFile: size !== null });
  if (read.kind === "problem") return { kind: "skipped", problem: read.problem };
  const sessionId = read.head.id ?? basename(path);
  const fast = wholeSessionSlices(
    { head: read.head, tail: read.tail, sessionId, wholeFile: read.wholeFile },
    bucketOf,
  );
  if (fast === null) return readThrough(path, { key, cache });
  if (cache !== null && key !== null) {
    const startedAt = read.head.startedAt;
    if (fast.length === 0) cache.setUsage(path, key, { kind: "split", slices: [] });
    else if (startedAt !== null) {
      cache.setUsage(path, key, { kind: "whole", startedAt, slice: fast[0]! });
    }
  }
  return { kind: "slices", slices: fast, readWhole: false };
}

/** The size of the regular file at `path`; `null` when it is none or cannot be read. */
function fileSize(path: string, knownFile: boolean): number | null {
  try {
    const info = Deno.statSync(path);
    return knownFile || info.isFile ? info.size : null;
  } catch {
    return null;
  }
}

/** Bytes first read for the session meta (the first line holds ~22 KB of instructions). */
const META_BYTES = 32 * 1024;

/**
 * One pass over the whole file: the session meta from its first line, then only the lines
 * whose start shows a `token_count` or `turn_context` (or that do not start as Codex writes
 * them) are decoded and parsed.
 */
function readThrough(
  path: string,
  options: { key: FileKey | null; cache: FactsCache | null },
): UsageRead {
  const { key, cache } = options;
  let slices: UsageSlice[];
  try {
    using file = Deno.openSync(path, { read: true });
    const size = key?.size ?? file.statSync().size;
    const meta = readSessionMeta(file, { size, want: META_BYTES });
    if (meta.kind === "problem") return { kind: "skipped", problem: meta.problem };
    const session = { id: meta.head.id ?? basename(path), cwd: meta.head.cwd };
    const builder = new SliceBuilder(session, quarterHour);
    file.seekSync(meta.end + 1, Deno.SeekMode.Start);
    scanWantedLines(file, {
      prefixBytes: LINE_KIND_PREFIX,
      wants: (prefix) => {
        const kind = lineKind(decoder.decode(prefix));
        return kind === null || sliceWants(kind);
      },
      onLine: (bytes) => {
        try {
          builder.add(JSON.parse(decoder.decode(bytes)));
        } catch {
          // a broken line counts nothing
        }
      },
    });
    slices = builder.slices();
  } catch (error) {
    return { kind: "skipped", problem: error instanceof Error ? error.message : String(error) };
  }
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
