/** Codex's token usage objects (`{"input_tokens":1,...}`) read straight from their bytes. */

import {
  bytesAt,
  CLOSE_BRACE,
  COLON,
  COMMA,
  DIGIT_0,
  DIGIT_9,
  OPEN_BRACE,
  QUOTE,
} from "../../bytes/mod.ts";
import type { TokenUsage } from "../../model/mod.ts";

const encoder = new TextEncoder();
/** Usage keys in Codex's names, in the order of {@linkcode usageField}'s results. */
const USAGE_KEYS: readonly Uint8Array[] = [
  encoder.encode("input_tokens"),
  encoder.encode("cached_input_tokens"),
  encoder.encode("output_tokens"),
  encoder.encode("reasoning_output_tokens"),
  encoder.encode("total_tokens"),
];

/** Which usage key the bytes hold: 0 to 4, or -1 for another key. */
function usageField(bytes: Uint8Array, start: number, end: number): number {
  for (let field = 0; field < USAGE_KEYS.length; field++) {
    const key = USAGE_KEYS[field] as Uint8Array;
    if (key.length === end - start && bytesAt(bytes, start, key)) return field;
  }
  return -1;
}

/**
 * Scans the flat object of integers at `at` (`{"input_tokens":1,...}`) as usage: its end, or
 * -1 when it is not usage in that shape (also when it holds no usage key at all: that is no
 * usage, which the parse path decides). With `values`, the five fields are written there in
 * the order of {@linkcode usageField} (`total` -1 when absent); without, nothing is decoded.
 */
function scanUsage(bytes: Uint8Array, at: number, values: number[] | null): number {
  if (bytes[at] !== OPEN_BRACE) return -1;
  let known = false;
  let i = at + 1;
  while (i < bytes.length) {
    if (bytes[i] !== QUOTE) return -1;
    // Keys are short: a loop beats a native indexOf call here.
    let keyEnd = i + 1;
    while (keyEnd < bytes.length && bytes[keyEnd] !== QUOTE) keyEnd++;
    if (bytes[keyEnd + 1] !== COLON) return -1;
    // Without values, one known key is all that is asked of the keys.
    const field = values !== null || !known ? usageField(bytes, i + 1, keyEnd) : -1;
    let j = keyEnd + 2;
    let value = 0;
    const digits = j;
    while (j < bytes.length && (bytes[j] as number) >= DIGIT_0 && (bytes[j] as number) <= DIGIT_9) {
      value = value * 10 + ((bytes[j] as number) - DIGIT_0);
      j++;
    }
    if (j === digits || j - digits > 15) return -1;
    if (field >= 0) {
      known = true;
      if (values !== null) values[field] = value;
    }
    if (bytes[j] === CLOSE_BRACE) return known ? j + 1 : -1;
    if (bytes[j] !== COMMA) return -1;
    i = j + 1;
  }
  return -1;
}

const scanned = [0, 0, 0, 0, -1];

/**
 * Reads the flat object of integers at `at` (`{"input_tokens":1,...}`) as usage (unknown
 * keys such as `cache_write_input_tokens` ignored) and where it ends, or `null` (also when it
 * holds no usage key at all: that is no usage, which the parse path decides).
 */
export function readUsageAt(
  bytes: Uint8Array,
  at: number,
): { usage: TokenUsage; end: number } | null {
  scanned.fill(0, 0, 4);
  scanned[4] = -1;
  const end = scanUsage(bytes, at, scanned);
  if (end < 0) return null;
  const input = scanned[0] as number;
  const output = scanned[2] as number;
  const total = scanned[4] as number;
  return {
    usage: {
      input,
      cachedInput: scanned[1] as number,
      output,
      reasoningOutput: scanned[3] as number,
      total: total < 0 ? input + output : total,
    },
    end,
  };
}

/** Where the usage object at `at` ends, when {@linkcode readUsageAt} reads one there; else -1. */
export function usageEndAt(bytes: Uint8Array, at: number): number {
  return scanUsage(bytes, at, null);
}
