import assert from "node:assert/strict";
import { DEFAULT_STUCK_THRESHOLDS } from "../../../src/core/config/mod.ts";
import { Analyzer } from "../../../src/core/analyze/mod.ts";
import { type Analysis, REPORT_LIMITS, type RequestRecord } from "../../../src/core/model/mod.ts";
import { requestTotals } from "../../../src/core/request/mod.ts";
import { fileFacts, ReportCollector } from "../../../src/core/report_html/collector.ts";
import { Downsampler } from "../../../src/core/report_html/downsample.ts";
import type { ReportFile } from "../../../src/core/report_html/model.ts";
import { detectStuck } from "../../../src/core/stuck/mod.ts";
import { jsonLines } from "../../support/captures.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const encoder = new TextEncoder();

/** The capture read as the report reads it: finished requests handed over as they go. */
function collect(
  capture: string,
  options: { maxRows?: number; maxDetails?: number } = {},
): { file: ReportFile; analysis: Analysis } {
  const collector = new ReportCollector({
    thresholds: DEFAULT_STUCK_THRESHOLDS,
    now: null,
    lastLineTime: null,
    ...options,
  });
  const analyzer = new Analyzer({
    detail: "summary",
    limits: REPORT_LIMITS,
    wholeTexts: true,
    keepFinished: 0,
    onRequestDone: (record) => collector.add(record, { format: "unknown", serverExited: false }),
  });
  const lines = Deno.readTextFileSync(`${ROOT}${capture}`).split("\n");
  lines.forEach((text, index) => {
    if (text !== "") analyzer.pushLine(encoder.encode(text), { line: index + 1 });
  });
  const analysis = analyzer.finish();
  const file = collector.snapshot(
    analysis.requests,
    fileFacts(analysis, { path: capture, size: 0, placement: "line" }),
  );
  return { file, analysis };
}

/** Every request of the capture as `parse --stuck` reads it (all kept, full detail). */
function fullAnalysis(capture: string): Analysis {
  const analyzer = new Analyzer({ detail: "full" });
  Deno.readTextFileSync(`${ROOT}${capture}`).split("\n").forEach((text, index) => {
    if (text !== "") analyzer.pushLine(encoder.encode(text), { line: index + 1 });
  });
  return analyzer.finish();
}

Deno.test("the collector lists every request of a small file with the states and findings parse gives", () => {
  for (
    const capture of [
      "fixtures/codex-0.47.0/stuck-loop.jsonl",
      "fixtures/codex-0.47.0/http-429.jsonl",
      "fixtures/codex-0.153.4/interleaved.jsonl",
      "fixtures/codex-0.169.0/app-server-approval.jsonl",
    ]
  ) {
    const { file } = collect(capture);
    const full = fullAnalysis(capture);
    assert.deepEqual(
      file.requests.map((row) => [row.key, row.state]),
      full.requests.map((record) => [record.key, record.state]),
      capture,
    );
    const expected = detectStuck(full).map((finding) => `${finding.key} ${finding.kind}`).sort();
    const listed = file.requests.flatMap((row) => row.findings.map((f) => `${row.key} ${f.kind}`));
    assert.deepEqual(listed.sort(), expected, capture);
    assert.equal(file.notes.length, 0);
    assert.ok(file.requests.every((row) => row.detail !== null));
  }
});

Deno.test("findings of the stuck loop cite lines the page shows as command items", () => {
  const { file } = collect("fixtures/codex-0.47.0/stuck-loop.jsonl");
  const row = file.requests[0]!;
  const repeated = row.findings.find((finding) => finding.kind === "repeated_command");
  assert.ok(repeated);
  const commandLines = new Set(
    row.detail!.items.filter((item) => item.kind === "command").map((item) => item.line),
  );
  assert.ok(repeated.lines.length > 0);
  for (const line of repeated.lines) assert.ok(commandLines.has(line), `line ${line}`);
  assert.equal(row.counts.commands, 30);
});

/** The page data of records added one by one (no open ones). */
function snapshotOf(collector: ReportCollector, added: RequestRecord[]): ReportFile {
  return collector.snapshot([], {
    path: "big",
    size: 0,
    format: "mcp-server",
    codexVersion: null,
    lines: { total: 0, json: 0, text: 0, other: 0, incomplete: 0, tooLong: 0 },
    serverExited: false,
    placement: "line",
    totals: requestTotals(added),
  });
}

/** `record` as the `index`-th copy: its own key and lines. */
function copyOf(record: RequestRecord, index: number): RequestRecord {
  const offset = index * 1000;
  return {
    ...record,
    key: `${record.key}-${index}`,
    firstLine: record.firstLine + offset,
    lastLine: record.lastLine + offset,
  };
}

Deno.test("on big input the collector lists the notable and the latest requests and counts them all", () => {
  const failed = fullAnalysis("fixtures/codex-0.47.0/http-500.jsonl").requests[0]!;
  const completed = fullAnalysis("fixtures/codex-0.47.0/shell.jsonl").requests[0]!;
  assert.equal(failed.state, "failed");
  assert.equal(completed.state, "completed");
  const collector = new ReportCollector({
    thresholds: DEFAULT_STUCK_THRESHOLDS,
    now: null,
    lastLineTime: null,
    maxRows: 20,
    maxDetails: 6,
  });
  const facts = { format: "mcp-server" as const, serverExited: false };
  const all: RequestRecord[] = [];
  for (let index = 0; index < 600; index++) {
    const record = copyOf(index % 3 === 0 ? failed : completed, index);
    all.push(record);
    collector.add(record, facts);
  }
  const file = snapshotOf(collector, all);
  assert.equal(file.totals.requests, 600);
  assert.equal(file.totals.states.failed, 200);
  assert.equal(file.totals.states.completed, 400);
  assert.equal(file.requests.length, 20);
  // The first ten failed requests (notable) and the ten latest requests.
  const failedKeys = file.requests.filter((row) => row.state === "failed").map((row) => row.key);
  assert.deepEqual(
    failedKeys.slice(0, 10),
    [0, 3, 6, 9, 12, 15, 18, 21, 24, 27].map((i) => `${failed.key}-${i}`),
  );
  const latest = file.requests.slice(-10).map((row) => row.key);
  assert.deepEqual(
    latest,
    [...Array(10).keys()].map((i) => {
      const index = 590 + i;
      return `${(index % 3 === 0 ? failed : completed).key}-${index}`;
    }),
  );
  const withItems = file.requests.filter((row) => row.detail !== null);
  assert.ok(withItems.length <= 6, String(withItems.length));
  assert.ok(withItems.some((row) => row.key.endsWith("-599")));
  assert.equal(file.notes.length, 2);
  assert.match(file.notes[0]!, /^580 of 600 requests are not listed/);
  assert.equal(file.charts.requestTokens.points.length <= 600, true);
});

Deno.test("a downsampled series stays within its cap and keeps its peak", () => {
  const sampler = new Downsampler(50);
  for (let x = 0; x < 10_000; x++) sampler.push(x, x === 4321 ? 1e9 : x % 97);
  const points = sampler.points();
  assert.ok(points.length <= 51, String(points.length));
  assert.ok(points.some((point) => point.x === 4321 && point.y === 1e9));
  for (let i = 1; i < points.length; i++) assert.ok(points[i]!.x > points[i - 1]!.x);
});

Deno.test("stuck requests take the places of failed ones when the list is full", () => {
  const failed = fullAnalysis("fixtures/codex-0.47.0/http-500.jsonl").requests[0]!;
  const stuck = fullAnalysis("fixtures/codex-0.47.0/stuck-loop.jsonl").requests[0]!;
  const completed = fullAnalysis("fixtures/codex-0.47.0/shell.jsonl").requests[0]!;
  const collector = new ReportCollector({
    thresholds: DEFAULT_STUCK_THRESHOLDS,
    now: null,
    lastLineTime: null,
    maxRows: 20,
  });
  const facts = { format: "mcp-server" as const, serverExited: false };
  const all: RequestRecord[] = [];
  const add = (record: RequestRecord) => {
    all.push(record);
    collector.add(record, facts);
  };
  for (let index = 0; index < 30; index++) add(copyOf(failed, index));
  for (let index = 30; index < 33; index++) add(copyOf(stuck, index));
  for (let index = 33; index < 50; index++) add(copyOf(completed, index));
  const file = snapshotOf(collector, all);
  const keys = file.requests.map((row) => row.key);
  for (let index = 30; index < 33; index++) assert.ok(keys.includes(`${stuck.key}-${index}`));
  assert.equal(file.requests.filter((row) => row.state === "failed").length, 7);
  assert.equal(file.requests.length, 20);
});

Deno.test("requests show the prompt the output holds, and none where Codex writes none", () => {
  const interleaved = collect("fixtures/codex-0.153.4/interleaved.jsonl").file;
  // The capture's own user_message events, by request id.
  const expected = new Map<string, string>();
  for (const line of jsonLines(`${ROOT}fixtures/codex-0.153.4/interleaved.jsonl`)) {
    const params = line.params as { _meta?: { requestId?: number }; msg?: Record<string, unknown> };
    if (params?.msg?.type === "user_message" && params._meta?.requestId !== undefined) {
      expected.set(String(params._meta.requestId), String(params.msg.message));
    }
  }
  assert.equal(expected.size, 2);
  for (const row of interleaved.requests) {
    assert.equal(row.detail?.prompt?.text, expected.get(row.key));
  }
  const appServer = collect("fixtures/codex-0.169.0/app-server-shell.jsonl").file;
  assert.equal(appServer.requests[0]?.detail?.prompt?.text, "Say hi with the shell.");
  const old = collect("fixtures/codex-0.47.0/simple.jsonl").file;
  assert.equal(old.requests[0]?.detail?.prompt, null);
});

Deno.test("a file with no Codex output and a torn last line says so", () => {
  const collector = new ReportCollector({
    thresholds: DEFAULT_STUCK_THRESHOLDS,
    now: null,
    lastLineTime: null,
  });
  const file = collector.snapshot([], {
    path: "noise.log",
    size: 30,
    format: "unknown",
    codexVersion: null,
    lines: { total: 3, json: 0, text: 2, other: 0, incomplete: 1, tooLong: 0 },
    serverExited: false,
    placement: "line",
    totals: requestTotals([]),
  });
  assert.deepEqual(file.requests, []);
  assert.equal(file.notes.length, 2);
  assert.match(file.notes[0]!, /No Codex output recognised/);
  assert.match(file.notes[1]!, /incomplete line/);
});
