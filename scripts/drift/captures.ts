/**
 * Reads a folder of captures into one shape per surface, each capture read by codexmon's own
 * Analyzer: it names the surface (the detected format) and counts the lines it does not
 * understand.
 */

import { join } from "node:path";
import { Analyzer } from "../../src/core/analyze/mod.ts";
import { lineKind, rolloutKind } from "../capture/line_kind.ts";
import { addLine, emptyShape, type SurfaceShape } from "./shape.ts";

const encoder = new TextEncoder();

/** One capture file: its name and lines. */
export interface CaptureFile {
  name: string;
  lines: string[];
}

/** The captures of one surface. */
export interface SurfaceCaptures {
  shape: SurfaceShape;
  files: CaptureFile[];
}

/** Side files of a capture, not captures themselves. */
const SIDE_FILES = [".timing.jsonl", ".mock-requests.jsonl", ".times.jsonl"];

/** The line-kind function of a surface. */
export function kindOf(surface: string): (value: unknown) => string {
  return surface === "rollout" ? rolloutKind : lineKind;
}

/** The capture file names in `dir` (`*.jsonl` without the side files), sorted. */
export async function captureNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".jsonl")) continue;
    if (SIDE_FILES.some((ending) => entry.name.endsWith(ending))) continue;
    names.push(entry.name);
  }
  return names.sort();
}

/** Reads every capture of `dir`, grouped by the surface codexmon detects. */
export async function readCaptures(dir: string): Promise<Map<string, SurfaceCaptures>> {
  const surfaces = new Map<string, SurfaceCaptures>();
  for (const name of await captureNames(dir)) {
    const text = await Deno.readTextFile(join(dir, name));
    const lines = text.split("\n");
    if (lines.at(-1) === "") lines.pop();
    addCapture(surfaces, { name, lines });
  }
  return surfaces;
}

/** Adds one capture to the surface codexmon reads it as. */
export function addCapture(surfaces: Map<string, SurfaceCaptures>, file: CaptureFile): void {
  const analysis = analyzeLines(file.lines);
  const surface = analysis.format;
  let captures = surfaces.get(surface);
  if (!captures) surfaces.set(surface, captures = { shape: emptyShape(), files: [] });
  captures.files.push(file);
  const shape = captures.shape;
  shape.files.push(file.name);
  shape.unknownLines += analysis.lines.other;
  const kind = kindOf(surface);
  for (const line of file.lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      addLine(shape, { kind: "text", value: undefined });
      continue;
    }
    addLine(shape, { kind: kind(value), value });
  }
}

/** codexmon's analysis of `lines`, with every entry, as one comparable string. */
export function analysisFingerprint(lines: readonly string[]): string {
  const entries: unknown[] = [];
  const analysis = analyzeLines(lines, (entry) => entries.push(entry));
  return JSON.stringify({ analysis, entries });
}

function analyzeLines(lines: readonly string[], onEntry?: (entry: unknown) => void) {
  const analyzer = new Analyzer(onEntry ? { onEntry } : { detail: "full" });
  lines.forEach((line, index) => analyzer.pushLine(encoder.encode(line), { line: index + 1 }));
  return analyzer.finish();
}
