/** Arrival times read per line, applied to a report's requests and items after the scan. */

import type { ReportFile } from "./model.ts";

/** Lines whose times the listed requests of `file` need, in increasing order. */
export function linesNeeded(file: ReportFile): number[] {
  const lines = new Set<number>();
  for (const request of file.requests) {
    lines.add(request.firstLine);
    lines.add(request.lastLine);
    for (const item of request.detail?.items ?? []) {
      lines.add(item.line);
      if (item.endLine !== null) lines.add(item.endLine);
    }
  }
  return [...lines].sort((a, b) => a - b);
}

/**
 * Fills the times `file` lacks from `times` (line → ms). With `replace` (times on another
 * clock, such as ms after start) every time is taken from `times`, so no two clocks mix.
 */
export function applyLineTimes(
  file: ReportFile,
  times: ReadonlyMap<number, number>,
  options: { replace?: boolean } = {},
): void {
  const pick = (line: number | null, known: number | null): number | null => {
    const found = line === null ? undefined : times.get(line);
    return options.replace ? found ?? null : known ?? found ?? null;
  };
  for (const request of file.requests) {
    request.firstTime = pick(request.firstLine, request.firstTime);
    request.lastTime = pick(request.lastLine, request.lastTime);
    if (
      (options.replace || request.durationMs === null) && request.firstTime !== null &&
      request.lastTime !== null
    ) {
      request.durationMs = request.lastTime - request.firstTime;
    }
    for (const item of request.detail?.items ?? []) {
      item.time = pick(item.line, item.time);
      item.endTime = pick(item.endLine, item.endTime);
    }
  }
}
