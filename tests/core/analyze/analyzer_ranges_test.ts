import assert from "node:assert/strict";
import { Analyzer, type AnalyzerOptions } from "../../../src/core/analyze/analyzer.ts";
import type { Analysis, Entry } from "../../../src/core/model/types.ts";
import { CAPTURES, readFixture, splitLines } from "./_analyze.ts";

/** The file's lines as ranges of one buffer holding the whole file, with bytes around them. */
function analyzeByRanges(bytes: Uint8Array, options: AnalyzerOptions): Analysis {
  // A byte before the file and after it: a reader that ignores the range's bounds sees them.
  const buffer = new Uint8Array(bytes.length + 2);
  buffer[0] = 0x7d;
  buffer.set(bytes, 1);
  buffer[buffer.length - 1] = 0x7d;
  const analyzer = new Analyzer(options);
  const { lines, incomplete } = splitLines(bytes);
  lines.forEach((line, index) => {
    const start = line.byteOffset - bytes.byteOffset + 1;
    analyzer.pushLineRange(buffer, start, start + line.length, { line: index + 1 });
  });
  if (incomplete) analyzer.pushIncomplete(incomplete, { line: lines.length + 1 });
  return analyzer.finish();
}

function analyzeByViews(bytes: Uint8Array, options: AnalyzerOptions): Analysis {
  const analyzer = new Analyzer(options);
  const { lines, incomplete } = splitLines(bytes);
  lines.forEach((line, index) => analyzer.pushLine(line, { line: index + 1 }));
  if (incomplete) analyzer.pushIncomplete(incomplete, { line: lines.length + 1 });
  return analyzer.finish();
}

for (const detail of ["summary", "full"] as const) {
  Deno.test(`Analyzer reads lines given as buffer ranges exactly as lines given as views (${detail})`, () => {
    let requests = 0;
    for (const path of CAPTURES) {
      const bytes = readFixture(path);
      const byRanges: Entry[] = [];
      const byViews: Entry[] = [];
      const ranges = analyzeByRanges(bytes, {
        detail,
        ...(detail === "full" ? { onEntry: (entry: Entry) => byRanges.push(entry) } : {}),
      });
      const views = analyzeByViews(bytes, {
        detail,
        ...(detail === "full" ? { onEntry: (entry: Entry) => byViews.push(entry) } : {}),
      });
      assert.deepEqual(ranges, views, path);
      assert.deepEqual(byRanges, byViews, path);
      requests += views.requests.length;
    }
    assert.ok(requests >= 30, `${requests} requests`);
  });
}
