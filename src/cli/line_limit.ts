/** The line limit of `parse` (`--max-line-bytes`, config `maxLineBytes`) and its notes. */

import { DEFAULT_MAX_LINE_BYTES } from "../core/config/mod.ts";
import type { Analysis } from "../core/model/mod.ts";
import { loadConfig } from "../io/mod.ts";
import { formatInt } from "../ui/mod.ts";
import type { CliContext } from "./context.ts";

/** Help for the flag, as [flags, description]. */
export const MAX_LINE_BYTES_OPTION = [
  "--max-line-bytes <n>",
  "skip lines longer than this many bytes (default 67108864, 64 MiB; config maxLineBytes)",
] as const;

/** The line limit: the flag, else the config's `maxLineBytes`, else 64 MiB. */
export async function resolveMaxLineBytes(
  flag: number | undefined,
  values: { config?: string },
  context: CliContext,
): Promise<number> {
  if (flag !== undefined) return flag;
  const config = await loadConfig({
    cwd: Deno.cwd(),
    ...(values.config === undefined ? {} : { path: values.config }),
    env: context.env,
  });
  return config.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
}

/** One stderr note per skipped long line (the first ones), then how many there were. */
export function longLineNotes(analysis: Analysis, path: string, limit: number): string[] {
  const notes = analysis.longLines.map((long) => longLineNote(long, path, limit));
  const more = analysis.lines.tooLong - analysis.longLines.length;
  if (more > 0) notes.push(`note: "${path}" has ${formatInt(more)} more lines over the limit`);
  return notes;
}

/** The notes for long lines a tail (`--last`) skipped, in file order. */
export function tailLongLineNotes(
  longLines: readonly { line: number; bytes: number }[],
  path: string,
  limit: number,
): string[] {
  return [...longLines].reverse().map((long) => longLineNote(long, path, limit));
}

function longLineNote(long: { line: number; bytes: number }, path: string, limit: number): string {
  return `note: "${path}" line ${long.line} is ${formatInt(long.bytes)} bytes, over the line ` +
    `limit of ${formatInt(limit)} (--max-line-bytes): skipped`;
}
