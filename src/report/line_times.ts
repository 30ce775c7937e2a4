/**
 * Arrival times of chosen lines, from the side file `session` writes (`FILE.times.jsonl`,
 * epoch ms), the capture timing file (`NAME.timing.jsonl`, ms after start) or a rollout's
 * own `timestamp` fields.
 */

import { arrivalTimesPath, scanLines } from "../io/mod.ts";
import type { Placement } from "../core/report_html/mod.ts";

const DECODER = new TextDecoder();

/** Where a file's line times come from, or null when none is known. */
export interface TimeSource {
  placement: Exclude<Placement, "line">;
  path: string;
}

/** The timing file of a capture: `NAME.jsonl` → `NAME.timing.jsonl`. */
export function timingPath(outputPath: string): string {
  return `${outputPath.replace(/\.jsonl?$/, "")}.timing.jsonl`;
}

/** The best time source of `path`, given what the analysis found. */
export async function findTimeSource(
  path: string,
  facts: { hasArrivalTimes: boolean; format: string },
): Promise<TimeSource | null> {
  if (facts.hasArrivalTimes) return { placement: "arrival", path: arrivalTimesPath(path) };
  if (facts.format === "rollout") return { placement: "rollout", path };
  const timing = timingPath(path);
  if (timing !== path && (await isFile(timing))) return { placement: "relative", path: timing };
  return null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Times (ms) of `lines` (increasing) from `source`; lines it does not know are absent. */
export async function readLineTimes(
  source: TimeSource,
  lines: readonly number[],
): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  if (lines.length === 0) return times;
  const wanted = new Set(lines);
  const last = lines[lines.length - 1] as number;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(source.path, { read: true });
  } catch {
    return times;
  }
  try {
    await scanLines(file, (bytes, position) => {
      if (source.placement === "rollout") {
        if (wanted.has(position.line)) {
          const time = rolloutTime(bytes);
          if (time !== null) times.set(position.line, time);
        }
        return position.line >= last ? false : undefined;
      }
      const record = sideRecord(bytes);
      if (record !== null && wanted.has(record.line)) times.set(record.line, record.time);
      return record !== null && record.line >= last ? false : undefined;
    });
  } finally {
    file.close();
  }
  return times;
}

function sideRecord(bytes: Uint8Array): { line: number; time: number } | null {
  try {
    const value = JSON.parse(DECODER.decode(bytes)) as {
      line?: unknown;
      at?: unknown;
      ms?: unknown;
    };
    const time = typeof value.at === "number" ? value.at : value.ms;
    return typeof value.line === "number" && typeof time === "number"
      ? { line: value.line, time }
      : null;
  } catch {
    return null;
  }
}

function rolloutTime(bytes: Uint8Array): number | null {
  try {
    const value = JSON.parse(DECODER.decode(bytes)) as { timestamp?: unknown };
    if (typeof value.timestamp !== "string") return null;
    const time = Date.parse(value.timestamp);
    return Number.isFinite(time) ? time : null;
  } catch {
    return null;
  }
}
