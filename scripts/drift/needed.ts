/**
 * Whether codexmon needs a field: remove it from every line of its kind in the old captures
 * and see if codexmon's analysis of them changes. No list of fields to keep in step with the
 * reducers: the reducers themselves answer.
 */

import { analysisFingerprint, type CaptureFile, kindOf } from "./captures.ts";
import { keySegment } from "./shape.ts";

/** A check over the old captures of one surface, with the baseline computed once per file. */
export function neededCheck(
  surface: string,
  files: readonly CaptureFile[],
): (kind: string, path: string) => boolean {
  const kind = kindOf(surface);
  const parse = (line: string) => {
    try {
      const value: unknown = JSON.parse(line);
      return { value, kind: kind(value) };
    } catch {
      return null;
    }
  };
  const parsed = files.map((file) => file.lines.map(parse));
  const baselines = new Map<number, string>();
  const memo = new Map<string, boolean>();
  return (lineKind, path) => {
    const key = `${lineKind}\n${path}`;
    const answer = memo.get(key);
    if (answer !== undefined) return answer;
    let needed = false;
    files.forEach((file, index) => {
      if (needed) return;
      let touched = false;
      const lines = file.lines.map((line, at) => {
        const known = parsed[index]?.[at];
        if (!known || known.kind !== lineKind) return line;
        const copy = structuredClone(known.value);
        if (!removePath(copy, splitPath(path))) return line;
        touched = true;
        return JSON.stringify(copy);
      });
      if (!touched) return;
      let baseline = baselines.get(index);
      if (baseline === undefined) baselines.set(index, baseline = analysisFingerprint(file.lines));
      needed = analysisFingerprint(lines) !== baseline;
    });
    memo.set(key, needed);
    return needed;
  };
}

/** `a.b[].c` as segments `a`, `b`, `[]`, `c`. */
export function splitPath(path: string): string[] {
  return path.split(".").flatMap((part) => {
    const segments = [part.replace(/(\[\])+$/, "")];
    for (let rest = part.length - segments[0]!.length; rest > 0; rest -= 2) segments.push("[]");
    return segments.filter((segment) => segment !== "");
  });
}

/** Removes the field at `segments` everywhere it occurs; true when something was removed. */
export function removePath(value: unknown, segments: readonly string[]): boolean {
  if (segments.length === 0 || typeof value !== "object" || value === null) return false;
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === "[]") {
    if (!Array.isArray(value)) return false;
    if (rest.length === 0) {
      const had = value.length > 0;
      value.length = 0;
      return had;
    }
    return value.map((element) => removePath(element, rest)).some(Boolean);
  }
  if (Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  let removed = false;
  for (const key of Object.keys(record)) {
    if (keySegment(key) !== head) continue;
    if (rest.length === 0) {
      delete record[key];
      removed = true;
    } else if (removePath(record[key], rest)) removed = true;
  }
  return removed;
}
