import assert from "node:assert/strict";
import { requestTotals } from "../../src/core/request/request_totals.ts";
import { createColors } from "../../src/ui/colors.ts";
import { renderSummary } from "../../src/ui/summary_view.ts";
import { makeAnalysis, makeRequest } from "../support/records.ts";

const colors = createColors(false);
const usage = (total: number) => ({
  input: total,
  cachedInput: 0,
  output: 0,
  reasoningOutput: 0,
  total,
});

Deno.test("renderSummary says how many finished requests it does not list and totals them all", () => {
  const listed = [makeRequest({ key: "9", tokens: usage(5) })];
  const analysis = makeAnalysis(listed, {
    omittedRequests: {
      count: 1200,
      states: { ...requestTotals([]).states, completed: 1100, failed: 100 },
    },
    totals: {
      requests: 1201,
      states: { ...requestTotals([]).states, completed: 1101, failed: 100 },
      tokens: usage(12_345),
    },
  });
  const lines = renderSummary(analysis, { colors, width: 120 });
  assert.ok(
    lines.includes(
      "(+1,200 earlier finished requests not listed: 1,100 completed, 100 failed; use --json for all)",
    ),
    lines.join("\n"),
  );
  assert.equal(lines.filter((line) => line.startsWith("9 ")).length, 1);
  const totals = lines.at(-1) ?? "";
  assert.match(totals, /^1,201 requests \(1,101 completed, 100 failed\) · tokens 12,345 /);
});

Deno.test("renderSummary totals the listed requests when nothing was left out", () => {
  const lines = renderSummary(
    makeAnalysis([
      makeRequest({ key: "1", tokens: usage(10) }),
      makeRequest({ key: "2", state: "failed", tokens: usage(20) }),
    ]),
    { colors, width: 120 },
  );
  assert.ok(!lines.some((line) => line.includes("not listed")));
  assert.match(lines.at(-1) ?? "", /^2 requests \(1 completed, 1 failed\) · tokens 30 /);
});
