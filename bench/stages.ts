/**
 * The stages of `codexmon parse`, run alone, for the benchmark's "where the time goes" tables:
 * `split` reads the file and splits it into lines, `headers` also reads the header (request id
 * and event type) of every event line as the summary does, with the check that the line is
 * complete JSON (done in the same WebAssembly call), and counts the types. For `--json`:
 * `full` runs the whole analysis in full detail with each finished request handed on as
 * `--json` gets it (and dropped), `objects` also builds each request's `--json` object and
 * stringifies it (not written). It prints what it counted, so no stage can be skipped as dead
 * work.
 *
 * Usage: `deno run --allow-read bench/stages.ts split|headers|full|objects FILE`
 *
 * @module
 */
import { EventHeaderReader } from "../src/core/formats/mcp_server/event_header.ts";
import type { RequestRecord } from "../src/core/model/mod.ts";
import { requestObject } from "../src/core/report/mod.ts";
import { analyzeFile } from "../src/io/analyze_file.ts";
import { UsageError } from "../src/core/errors.ts";
import { scanLineRanges } from "../src/io/line_scanner.ts";
import { runScript } from "./script_main.ts";

/** The stages, in pipeline order. */
export const STAGES = ["split", "headers", "full", "objects"] as const;
export type Stage = typeof STAGES[number];

/** What a stage counted. */
export interface StageCounts {
  lines: number;
  /** Lines whose event header was read (0 for `split`). */
  events: number;
  /** Distinct event types among them. */
  types: number;
  /** Event lines that are complete JSON (`full`, `objects`: the events counted). */
  complete: number;
  /** Requests handed on (`full`, `objects`; 0 otherwise). */
  requests?: number;
  /** Characters of the `--json` request objects (`objects`; 0 otherwise). */
  characters?: number;
}

/** Finished requests `--json` keeps before handing them on (as `codexmon parse --json`). */
const JSON_HOLD_BACK = 16;

/** The analysis in full detail, each finished request handed on as `--json` gets it. */
async function runFull(path: string, objects: boolean): Promise<StageCounts> {
  let requests = 0;
  let characters = 0;
  const handOn = (record: RequestRecord, codexVersion: string | null) => {
    requests++;
    if (objects) {
      characters += JSON.stringify(requestObject(record, { file: path, codexVersion })).length;
    }
  };
  const { analysis } = await analyzeFile(path, {
    detail: "full",
    arrivalTimes: false,
    keepFinished: JSON_HOLD_BACK,
    onRequestDone: handOn,
  });
  // The requests still kept at the end are printed then.
  for (const record of analysis.requests) handOn(record, analysis.codexVersion);
  const events = Object.values(analysis.eventCounts).reduce((sum, count) => sum + count, 0);
  return {
    lines: analysis.lines.total,
    events,
    types: Object.keys(analysis.eventCounts).length,
    complete: events,
    requests,
    characters,
  };
}

/** Runs `stage` over `path`. */
export async function runStage(stage: Stage, path: string): Promise<StageCounts> {
  if (stage === "full" || stage === "objects") return await runFull(path, stage === "objects");
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
  const requests = counts.requests === undefined
    ? ""
    : `, ${counts.requests} requests, ${counts.characters} characters of --json objects`;
  console.log(
    `${stage}: ${counts.lines} lines, ${counts.events} events (${counts.complete} complete), ` +
      `${counts.types} types${requests}`,
  );
}

if (import.meta.main) await runScript(cli);
