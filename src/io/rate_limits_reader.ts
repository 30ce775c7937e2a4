/**
 * The rate-limit windows Codex last reported in a file of any format, read backwards from the
 * end: `rate_limits` on `token_count` events (rollouts, mcp-server, exec) and app-server's
 * `account/rateLimits/updated`.
 *
 * @module
 */

import { isObject } from "../core/model/mod.ts";
import { type RateLimitWindow, readRateLimits } from "../core/usage/mod.ts";
import { readLinesBackward } from "./backward_reader.ts";

/** The newest windows and when they were reported (ms, when the line says). */
export interface LastRateLimits {
  windows: RateLimitWindow[];
  at: number | null;
}

/** How far back to look: the windows come with every model request, so they are near the end. */
export const RATE_LIMIT_SCAN_BYTES = 4 * 1024 * 1024;

const decoder = new TextDecoder();
const MARKERS = ['"rate_limits"', '"rateLimits"'];

/** The last reported windows of `path`, or `null` (none within the last few MiB, or unreadable). */
export async function readLastRateLimits(path: string): Promise<LastRateLimits | null> {
  let file: Deno.FsFile;
  try {
    if (!(await Deno.stat(path)).isFile) return null;
    file = await Deno.open(path, { read: true });
  } catch {
    return null;
  }
  try {
    const size = (await file.stat()).size;
    for await (const line of readLinesBackward(file, { endOffset: size })) {
      if (line.complete) {
        const text = decoder.decode(line.bytes);
        if (MARKERS.some((marker) => text.includes(marker))) {
          const found = windowsOf(parse(text));
          if (found !== null && found.windows.length > 0) return found;
        }
      }
      if (line.offset < size - RATE_LIMIT_SCAN_BYTES) return null;
    }
    return null;
  } catch {
    return null;
  } finally {
    file.close();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The windows a parsed line carries, in any of the formats. */
export function windowsOf(line: unknown): LastRateLimits | null {
  if (!isObject(line)) return null;
  const at = typeof line.timestamp === "string" ? Date.parse(line.timestamp) : Number.NaN;
  const time = Number.isFinite(at) ? at : null;
  const payload = isObject(line.payload) ? line.payload : null;
  const params = isObject(line.params) ? line.params : null;
  const msg = isObject(params?.msg) ? params.msg : isObject(line.msg) ? line.msg : null;
  const source = payload?.rate_limits ?? msg?.rate_limits ??
    (line.method === "account/rateLimits/updated" ? params?.rateLimits : undefined);
  if (source === undefined) return null;
  return { windows: readRateLimits(source, time), at: time };
}
