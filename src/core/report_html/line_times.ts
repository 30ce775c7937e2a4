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

/** Fills the times `file` lacks from `times` (line → ms); times it has are kept. */
export function applyLineTimes(file: ReportFile, times: ReadonlyMap<number, number>): void {
  for (const request of file.requests) {
    request.firstTime ??= times.get(request.firstLine) ?? null;
    request.lastTime ??= times.get(request.lastLine) ?? null;
    if (request.durationMs === null && request.firstTime !== null && request.lastTime !== null) {
      request.durationMs = request.lastTime - request.firstTime;
    }
    for (const item of request.detail?.items ?? []) {
      item.time ??= times.get(item.line) ?? null;
      if (item.endLine !== null) item.endTime ??= times.get(item.endLine) ?? null;
    }
  }
}
