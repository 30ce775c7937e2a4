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
 * Reads the flat object of integers at `at` (`{"input_tokens":1,...}`) as usage (unknown
 * keys such as `cache_write_input_tokens` ignored) and where it ends, or `null` (also when it
 * holds no usage key at all: that is no usage, which the parse path decides).
 */
export function readUsageAt(
  bytes: Uint8Array,
  at: number,
): { usage: TokenUsage; end: number } | null {
  if (bytes[at] !== OPEN_BRACE) return null;
  let input = 0;
  let cachedInput = 0;
  let output = 0;
  let reasoningOutput = 0;
  let total = -1;
  let known = false;
  let i = at + 1;
  while (i < bytes.length) {
    if (bytes[i] !== QUOTE) return null;
    // Keys are short: a loop beats a native indexOf call here.
    let keyEnd = i + 1;
    while (keyEnd < bytes.length && bytes[keyEnd] !== QUOTE) keyEnd++;
    if (bytes[keyEnd + 1] !== COLON) return null;
    const field = usageField(bytes, i + 1, keyEnd);
    let j = keyEnd + 2;
    let value = 0;
    const digits = j;
    while (j < bytes.length && (bytes[j] as number) >= DIGIT_0 && (bytes[j] as number) <= DIGIT_9) {
      value = value * 10 + ((bytes[j] as number) - DIGIT_0);
      j++;
    }
    if (j === digits || j - digits > 15) return null;
    if (field >= 0) known = true;
    if (field === 0) input = value;
    else if (field === 1) cachedInput = value;
    else if (field === 2) output = value;
    else if (field === 3) reasoningOutput = value;
    else if (field === 4) total = value;
    if (bytes[j] === CLOSE_BRACE) {
      if (!known) return null;
      if (total < 0) total = input + output;
      return { usage: { input, cachedInput, output, reasoningOutput, total }, end: j + 1 };
    }
    if (bytes[j] !== COMMA) return null;
    i = j + 1;
  }
  return null;
}
