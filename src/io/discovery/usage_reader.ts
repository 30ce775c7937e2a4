/**
 * The usage slices of one rollout: from its head and tail when that is exact, else from one
 * pass over the file that parses only `token_count` and `turn_context` lines (told apart by
 * their first bytes; a line that does not start as Codex writes it is parsed whole).
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
import { readRolloutFacts } from "./rollout_reader.ts";

const SMALL_FILE_BYTES = 1024 * 1024;

/** What {@linkcode readUsageSlices} found: slices, or why the file has none. */
export type UsageRead =
  | { kind: "slices"; slices: UsageSlice[]; readWhole: boolean }
  | { kind: "skipped"; problem: string };

const decoder = new TextDecoder();

/** Reads the usage of the rollout at `path`, bucketed by `bucketOf`. Never throws for a bad file. */
export async function readUsageSlices(
  path: string,
  bucketOf: (at: number) => string,
): Promise<UsageRead> {
  const read = await readRolloutFacts(path);
  if (read.kind === "problem") return { kind: "skipped", problem: read.problem };
  const sessionId = read.head.id ?? basename(path);
  const fast = wholeSessionSlices({ head: read.head, tail: read.tail, sessionId }, bucketOf);
  if (fast !== null) return { kind: "slices", slices: fast, readWhole: false };
  const builder = new SliceBuilder({ id: sessionId, cwd: read.head.cwd }, bucketOf);
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
  return { kind: "slices", slices: builder.slices(), readWhole: true };
}
