/**
 * Mutated capture lines that are still JSON, for differential tests of the byte fast path:
 * structural changes (members dropped, moved, retyped, duplicated) and text changes (escapes,
 * duplicate keys, spaces).
 */

import { Analyzer } from "../../../../src/core/analyze/analyzer.ts";
import type { Analysis } from "../../../../src/core/model/types.ts";
import { readFixture, splitLines } from "../../analyze/_analyze.ts";
import { ODD_VALUES, pick, type Random } from "../../../support/mutation.ts";
import { seededRandom } from "../../../support/random.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The table's analysis: finished requests let go early, their last-wins texts kept as bytes. */
export type Detail = "summary" | "full" | "table";

/**
 * The mcp-server analysis of `lines` in `detail`, each line after `prefix` (a space keeps every
 * line off the byte path: JSON allows it, no byte reader takes it).
 */
export function analyse(lines: readonly string[], detail: Detail, prefix: string): Analysis {
  const analyzer = new Analyzer(
    detail === "table"
      ? { detail: "summary", format: "mcp-server", keepFinished: 2, listFinished: 1000 }
      : { detail, format: "mcp-server" },
  );
  lines.forEach((line, index) =>
    analyzer.pushLine(encoder.encode(prefix + line), { line: index + 1 })
  );
  return analyzer.finish();
}

/** A copy of `value` with one structural change somewhere inside. */
function mutateValue(value: unknown, next: Random, depth = 0): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0 || next() < 0.2) return [...value, pick(next, ODD_VALUES)];
    const index = Math.floor(next() * value.length);
    const copy = [...value];
    copy[index] = mutateValue(copy[index], next, depth + 1);
    return copy;
  }
  if (value === null || typeof value !== "object") {
    return next() < 0.5 ? pick(next, ODD_VALUES) : value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const roll = next();
  if (entries.length === 0 || roll < 0.1) return { ...value, extra: pick(next, ODD_VALUES) };
  const index = Math.floor(next() * entries.length);
  const [key, member] = entries[index] as [string, unknown];
  if (roll < 0.2) return Object.fromEntries(entries.filter((_, i) => i !== index));
  // Keep one member only: readers must cope with objects missing all the others.
  if (roll < 0.25) return Object.fromEntries([[key, member]]);
  if (roll < 0.4) {
    // Move the member to the end: byte readers that expect an order must notice.
    return Object.fromEntries([...entries.filter((_, i) => i !== index), [key, member]]);
  }
  if (roll < 0.5) return Object.fromEntries([[key, member], ...entries]);
  if (depth < 6 && member !== null && typeof member === "object") {
    return Object.fromEntries(
      entries.map(([k, v], i) => [k, i === index ? mutateValue(v, next, depth + 1) : v]),
    );
  }
  return Object.fromEntries(
    entries.map(([k, v], i) => [k, i === index ? mutateValue(v, next, depth + 1) : v]),
  );
}

/** Text-level changes JSON.stringify cannot make: duplicate keys, escapes, spaces. */
function mutateText(text: string, next: Random): string {
  const roll = next();
  if (roll < 0.25) {
    // Escape one plain letter inside a string: same value, other bytes.
    const match = [...text.matchAll(/"([a-z_]+)"/g)];
    const found = match.length > 0 ? pick(next, match) : undefined;
    if (found?.index === undefined) return text;
    const at = found.index + 1;
    const code = text.charCodeAt(at).toString(16).padStart(4, "0");
    return `${text.slice(0, at)}\\u${code}${text.slice(at + 1)}`;
  }
  if (roll < 0.5) {
    // Duplicate a "key":"value" member: parsing keeps the last one. Not `type`: lines only
    // counted are counted by their first type (a known gap, left to the line-end check).
    const match = [...text.matchAll(/[{,]"([a-z_]+)":("[^"\\]*"|-?\d+|null|true|false)/g)]
      .filter((found) => found[1] !== "type");
    const found = match.length > 0 ? pick(next, match) : undefined;
    if (found?.index === undefined) return text;
    const at = found.index + found[0].length;
    const value = pick(next, ['"task_complete"', '"agent_message"', '"x"', "7", "null"]);
    return `${text.slice(0, at)},"${found[1]}":${value}${text.slice(at)}`;
  }
  const at = Math.floor(next() * text.length);
  if (roll < 0.7) return `${text.slice(0, at)} ${text.slice(at)}`;
  if (roll < 0.85) return text.slice(0, at) + text.slice(at + 1);
  return `${text.slice(0, at)}${pick(next, ['"', "}", ",", "\\", "0", "]", "\u00e9"])}${
    text.slice(at + 1)
  }`;
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * One mutant of a JSON line that is still JSON: a structural change, or a change of its text
 * that keeps it valid. (Invalid lines are the business of the fast path's line-end check and
 * its own tests; a text line stays a text line on both paths.)
 */
function mutateLine(line: string, next: Random): string {
  if (!isJson(line)) return line;
  if (next() < 0.5) return JSON.stringify(mutateValue(JSON.parse(line), next));
  for (let attempt = 0; attempt < 8; attempt++) {
    const mutant = mutateText(line, next);
    if (isJson(mutant)) return mutant;
  }
  return line;
}

/** The lines of a capture, each mutated with probability `rate` (seeded). */
export function mutatedCapture(
  path: string,
  seed: number,
  rate: number,
  make: (lines: string[]) => string[] = (lines) => lines,
): string[] {
  const next = seededRandom(seed);
  const lines = make(splitLines(readFixture(path)).lines.map((bytes) => decoder.decode(bytes)));
  return lines.map((line) => next() < rate ? mutateLine(line, next) : line);
}
