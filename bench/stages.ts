/**
 * The first stages of `codexmon parse`, run alone, for the benchmark's "where the time goes"
 * table: `split` reads the file and splits it into lines, `headers` also reads the header
 * (request id and event type) of every event line as the summary does, with the check that the
 * line is complete JSON (done in the same WebAssembly call), and counts the types.
 * It prints what it counted, so no stage can be skipped as dead work.
 *
 * Usage: `deno run --allow-read bench/stages.ts split|headers FILE`
 *
 * @module
 */
import { EventHeaderReader } from "../src/core/formats/mcp_server/event_header.ts";
import { UsageError } from "../src/core/errors.ts";
import { scanLineRanges } from "../src/io/line_scanner.ts";
import { runScript } from "./script_main.ts";

/** The stages, in pipeline order. */
export const STAGES = ["split", "headers"] as const;
export type Stage = typeof STAGES[number];

/** What a stage counted. */
export interface StageCounts {
  lines: number;
  /** Lines whose event header was read (0 for `split`). */
  events: number;
  /** Distinct event types among them. */
  types: number;
  /** Event lines that are complete JSON. */
  complete: number;
}

/** Runs `stage` over `path`. */
export async function runStage(stage: Stage, path: string): Promise<StageCounts> {
  using file = await Deno.open(path);
  const header = new EventHeaderReader();
  const byType: number[] = [];
  let events = 0;
  let complete = 0;
  const readHeaders = stage === "headers";
  const result = await scanLineRanges(file, (buffer, start, end, position) => {
    if (!readHeaders || !header.read(buffer, start, end, position.kernel)) return;
    events++;
    if (header.isComplete(buffer, start, end)) complete++;
    const id = header.eventType.id;
    byType[id] = (byType[id] ?? 0) + 1;
  });
  return { lines: result.lines, events, types: byType.length, complete };
}

async function cli(args: string[]): Promise<void> {
  const [stage, path] = args;
  if (!STAGES.includes(stage as Stage) || path === undefined || args.length > 2) {
    throw new UsageError(`Cannot read the arguments: expected ${STAGES.join("|")} FILE`);
  }
  const counts = await runStage(stage as Stage, path);
  console.log(
    `${stage}: ${counts.lines} lines, ${counts.events} events (${counts.complete} complete), ` +
      `${counts.types} types`,
  );
}

if (import.meta.main) await runScript(cli);
