/**
 * The usage slices of one rollout, from one pass over the file that decodes and parses only
 * the `token_count` and `turn_context` lines (told apart by their first bytes; a line that
 * does not start as Codex writes it is parsed whole) and passes over the others by their
 * newline alone. A small file with one model in one report bucket counts its last total once
 * (its head and tail facts, from the same lines); any other file is split by model and
 * quarter hour, which the report regroups by its own days: exact in every time zone, so the
 * cache can keep it.
 *
 * @module
 */

import { basename } from "node:path";
import {
  addHeadLine,
  addTailLine,
  emptyTail,
  type HeadFacts,
  LINE_KIND_PREFIX,
  lineKind,
  readListingLine,
  SliceBuilder,
  sliceWants,
  type TailFacts,
  type UsageSlice,
  wholeSessionSlices,
} from "../../core/usage/mod.ts";
import { scanWantedLines } from "../wanted_lines.ts";
import type { FactsCache, FileKey } from "./facts_cache.ts";
import { statKey } from "./cached_reader.ts";
import { readSessionMeta, statOpened, WHOLE_FILE_BYTES } from "./rollout_reader.ts";

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
export function readUsageSlices(path: string, options: ReadUsageOptions): UsageRead {
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
  // The file is opened once: its stat, and the head and tail or one pass over it.
  let file: Deno.FsFile;
  try {
    // Opening a FIFO would block: only regular files are opened.
    if (key === null && !options.knownFile && !Deno.statSync(path).isFile) {
      return { kind: "skipped", problem: "not a file" };
    }
    file = Deno.openSync(path, { read: true });
  } catch (error) {
    return skipped(error);
  }
  try {
    const stat = statOpened(path);
    const whole = stat.size <= WHOLE_FILE_BYTES;
    // Facts an earlier listing kept spare the read of a small file.
    const known = whole && cache !== null && key !== null ? cache.facts(path, key) : null;
    const pass = known === null ? readThrough(path, { file, size: stat.size, facts: whole }) : null;
    if (pass?.kind === "problem") return { kind: "skipped", problem: pass.problem };
    const facts = known ?? pass?.facts ?? null;
    if (facts !== null) {
      const sessionId = facts.head.id ?? basename(path);
      const fast = wholeSessionSlices({ ...facts, sessionId, wholeFile: true }, bucketOf);
      if (fast !== null) {
        if (cache !== null && key !== null) {
          const startedAt = facts.head.startedAt;
          if (fast.length === 0) cache.setUsage(path, key, { kind: "split", slices: [] });
          else if (startedAt !== null) {
            cache.setUsage(path, key, { kind: "whole", startedAt, slice: fast[0]! });
          }
        }
        return { kind: "slices", slices: fast, readWhole: false };
      }
    }
    const through = pass ?? readThrough(path, { file, size: stat.size, facts: false });
    if (through.kind === "problem") return { kind: "skipped", problem: through.problem };
    if (cache !== null && key !== null && unchanged(path, key)) {
      cache.setUsage(path, key, { kind: "split", slices: through.slices });
    }
    return { kind: "slices", slices: through.slices, readWhole: true };
  } catch (error) {
    return skipped(error);
  } finally {
    file.close();
  }
}

function skipped(error: unknown): UsageRead {
  return { kind: "skipped", problem: error instanceof Error ? error.message : String(error) };
}

/** Bytes first read for the session meta (the first line holds ~22 KB of instructions). */
const META_BYTES = 32 * 1024;

/** What {@linkcode readThrough} found. */
type PassRead =
  | { kind: "pass"; slices: UsageSlice[]; facts: { head: HeadFacts; tail: TailFacts } | null }
  | { kind: "problem"; problem: string };

/**
 * One pass over the whole file: the session meta from its first line, then only the lines
 * whose start shows a `token_count` or `turn_context` (or that do not start as Codex writes
 * them) are decoded and parsed. With `facts`, those lines also give the head and tail facts
 * that usage takes from a small file (the model and the last token count), as reading the
 * whole file for a listing would.
 */
function readThrough(
  path: string,
  options: { file: Deno.FsFile; size: number; facts: boolean },
): PassRead {
  const { file } = options;
  const meta = readSessionMeta(file, { size: options.size, want: META_BYTES });
  if (meta.kind === "problem") return meta;
  const { head } = meta;
  const builder = new SliceBuilder({ id: head.id ?? basename(path), cwd: head.cwd }, quarterHour);
  // The parsed lines, for the tail, which is fed newest first.
  const lines: unknown[] | null = options.facts ? [] : null;
  scanWantedLines(file, {
    initial: meta.bytes.subarray(meta.end + 1),
    prefixBytes: LINE_KIND_PREFIX,
    wants: (prefix) => {
      const kind = lineKind(prefix);
      return kind === null || sliceWants(kind);
    },
    onLine: (bytes, complete) => {
      // The members usage reads, from the bytes; the whole line parsed when in another shape.
      const kind = lineKind(bytes.subarray(0, LINE_KIND_PREFIX));
      let line: unknown = kind === null ? undefined : readListingLine(bytes, kind, complete);
      if (line === undefined) {
        try {
          line = JSON.parse(decoder.decode(bytes));
        } catch {
          // a broken line counts nothing
          return;
        }
      }
      // a line that is no complete JSON counts nothing
      if (line === null) return;
      builder.add(line);
      if (lines !== null) {
        addHeadLine(head, line, 1);
        lines.push(line);
      }
    },
  });
  let facts = null;
  if (lines !== null) {
    const tail = emptyTail();
    for (let index = lines.length - 1; index >= 0; index--) {
      if (addTailLine(tail, lines[index])) break;
    }
    facts = { head, tail };
  }
  return { kind: "pass", slices: builder.slices(), facts };
}

/** True when the file still has `key` (it was not written while being read through). */
function unchanged(path: string, key: FileKey): boolean {
  const now = statKey(path);
  return now !== null && now.size === key.size && now.mtime === key.mtime &&
    now.ctime === key.ctime;
}
