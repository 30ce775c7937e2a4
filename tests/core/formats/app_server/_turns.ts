/** Test helpers for the turn formats: feed a capture (or crafted lines) to the Analyzer. */

import { Analyzer, type AnalyzerOptions } from "../../../../src/core/analyze/analyzer.ts";
import type { Analysis, Entry, RequestRecord } from "../../../../src/core/model/types.ts";

const FIXTURES = new URL("../../../../fixtures/", import.meta.url);
const encoder = new TextEncoder();

/** The lines of a file under `fixtures/`, as text. */
export function fixtureLines(path: string): string[] {
  const text = Deno.readTextFileSync(new URL(path, FIXTURES));
  return text.split("\n").filter((line, index, all) => line !== "" || index < all.length - 1);
}

/** The parsed JSON lines of a fixture (text lines skipped). */
export function fixtureJson(path: string): Record<string, unknown>[] {
  return fixtureLines(path).flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
}

/** Analyses `lines` (line numbers from 1); entries are collected when `entries` is given. */
export function analyzeLines(
  lines: readonly string[],
  options: AnalyzerOptions & { entries?: Entry[]; finish?: boolean } = {},
): Analysis {
  const { entries, finish, ...rest } = options;
  const analyzer = new Analyzer({
    ...rest,
    ...(entries ? { onEntry: (entry: Entry) => entries.push(entry) } : {}),
  });
  lines.forEach((line, index) => analyzer.pushLine(encoder.encode(line), { line: index + 1 }));
  return finish === false ? analyzer.analysis() : analyzer.finish();
}

/** Analyses a fixture file. */
export function analyzeFixture(
  path: string,
  options: AnalyzerOptions & { entries?: Entry[] } = {},
): Analysis {
  return analyzeLines(fixtureLines(path), options);
}

/** The request with `key`; throws when there is none. */
export function requestOf(analysis: Analysis, key: string): RequestRecord {
  const request = analysis.requests.find((request) => request.key === key);
  if (request === undefined) {
    throw new Error(`No request "${key}" in ${analysis.requests.map((r) => r.key).join(", ")}`);
  }
  return request;
}
