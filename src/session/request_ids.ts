/**
 * Request ids in the buffer: the ids codexmon allocates must stay above every id already
 * used, including those a user appended by hand. Pure.
 */

import type { RequestId } from "../core/model/mod.ts";

/** What a scan of buffer text found. */
export interface BufferIdScan {
  /** The largest numeric id of a request (a line with `method` and `id`), or -1. */
  maxNumericId: number;
  /** Every request id seen, with its method, in order. */
  requests: { id: RequestId; method: string }[];
  /** Bytes of complete lines consumed (a torn last line is left for the next scan). */
  consumed: number;
}

const decoder = new TextDecoder();

/** Scans complete lines of `bytes` for client request ids. */
export function scanBufferIds(bytes: Uint8Array): BufferIdScan {
  let maxNumericId = -1;
  const requests: { id: RequestId; method: string }[] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(10, start);
    if (newline < 0) break;
    const found = requestOf(decoder.decode(bytes.subarray(start, newline)));
    start = newline + 1;
    if (!found) continue;
    requests.push(found);
    if (typeof found.id === "number" && Number.isInteger(found.id) && found.id > maxNumericId) {
      maxNumericId = found.id;
    }
  }
  return { maxNumericId, requests, consumed: start };
}

/** The next id: above both the stored counter and every numeric id in the buffer. */
export function nextRequestId(storedNext: number, maxNumericId: number): number {
  return Math.max(storedNext, maxNumericId + 1, 0);
}

function requestOf(text: string): { id: RequestId; method: string } | null {
  if (!text.includes('"method"')) return null;
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value !== "object" || value === null) return null;
    const { id, method } = value;
    if (typeof method !== "string") return null;
    if (typeof id === "number" || typeof id === "string") return { id, method };
    return null;
  } catch {
    return null;
  }
}
