/** Request keys: one string per JSON-RPC id that keeps `1` and `"1"` apart. */

import type { RequestId } from "./types.ts";

/**
 * The key of a request id: numbers as digits, strings JSON-quoted.
 *
 * @example
 * requestKey(1); // "1"
 * requestKey("1"); // "\"1\""
 */
export function requestKey(id: RequestId): string {
  return typeof id === "number" ? String(id) : JSON.stringify(id);
}

/**
 * Reads a request id given on the command line: digits are a number, a quoted value
 * (`"7"` or `'7'`) is a string, anything else is the string itself.
 */
export function parseRequestIdArg(text: string): RequestId {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) return Number(trimmed);
  if (trimmed.length >= 2) {
    const first = trimmed[0];
    const last = trimmed[trimmed.length - 1];
    if (first === '"' && last === '"') {
      try {
        const value: unknown = JSON.parse(trimmed);
        if (typeof value === "string") return value;
      } catch {
        // Not valid JSON (e.g. a lone backslash): take the text between the quotes.
      }
      return trimmed.slice(1, -1);
    }
    if (first === "'" && last === "'") return trimmed.slice(1, -1);
  }
  return text;
}
