import assert from "node:assert/strict";
import { SliceBuilder } from "../../../src/core/usage/usage_slices.ts";
import { buildUsageReport, dayFormatter } from "../../../src/core/usage/usage_report.ts";
import { DEFAULT_PRICE_TABLE } from "../../../src/core/pricing/price_table.ts";

const CAPTURES = new URL("../../../fixtures/codex-0.169.0/", import.meta.url);

async function lines(name: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(new URL(name, CAPTURES));
  return text.trimEnd().split("\n").map((line) => JSON.parse(line));
}

function tokenCount(at: string, total: number): Record<string, unknown> {
  const usage = {
    input_tokens: total,
    cached_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
    total_tokens: total,
  };
  return {
    timestamp: at,
    type: "event_msg",
    payload: { type: "token_count", info: { total_token_usage: usage, last_token_usage: usage } },
  };
}

function turnContext(at: string, model: string): Record<string, unknown> {
  return { timestamp: at, type: "turn_context", payload: { model } };
}

Deno.test("a repeated token count adds nothing: the session counts its last cumulative total once", async () => {
  const builder = new SliceBuilder({ id: "s", cwd: null }, dayFormatter("UTC"));
  for (const line of await lines("rollout-steer-interrupt.jsonl")) builder.add(line);
  const slices = builder.slices();
  assert.equal(slices.length, 1);
  assert.equal(slices[0]?.tokens.input, 2000);
  assert.equal(slices[0]?.tokens.total, 2100);
});

Deno.test("usage is split by the day of each token count and by the model of its turn", () => {
  const builder = new SliceBuilder({ id: "s", cwd: "/p" }, dayFormatter("UTC"));
  builder.add(turnContext("2026-11-24T23:58:00Z", "gpt-5"));
  builder.add(tokenCount("2026-11-24T23:59:00Z", 100));
  builder.add(tokenCount("2026-11-25T00:01:00Z", 250));
  builder.add(turnContext("2026-11-25T00:02:00Z", "gpt-5-mini"));
  builder.add(tokenCount("2026-11-25T00:03:00Z", 1250));
  const report = buildUsageReport(builder.slices(), {
    grouping: "daily",
    timeZone: "UTC",
    prices: DEFAULT_PRICE_TABLE,
  });
  assert.deepEqual(report.rows.map((row) => [row.key, row.tokens.total, row.models]), [
    ["2026-11-24", 100, ["gpt-5"]],
    ["2026-11-25", 1150, ["gpt-5", "gpt-5-mini"]],
  ]);
  assert.equal(report.totals.tokens.total, 1250);
  const byModel = buildUsageReport(builder.slices(), {
    grouping: "model",
    timeZone: "UTC",
    prices: DEFAULT_PRICE_TABLE,
  });
  assert.deepEqual(byModel.rows.map((row) => [row.key, row.tokens.total]), [
    ["gpt-5", 250],
    ["gpt-5-mini", 1000],
  ]);
});

Deno.test("days follow the report's time zone", () => {
  const day = dayFormatter("America/New_York");
  assert.equal(day(Date.parse("2026-11-25T03:00:00Z")), "2026-11-24");
  assert.equal(dayFormatter("UTC")(Date.parse("2026-11-25T03:00:00Z")), "2026-11-25");
});

Deno.test("a row mixing priced and unpriced models keeps the priced cost and names the others", () => {
  const slice = (model: string) => ({
    sessionId: model,
    cwd: null,
    model,
    at: 0,
    tokens: { input: 1_000_000, cachedInput: 0, output: 0, reasoningOutput: 0, total: 1_000_000 },
  });
  const report = buildUsageReport([slice("gpt-5"), slice("gpt-5.5-codex")], {
    grouping: "monthly",
    timeZone: "UTC",
    prices: DEFAULT_PRICE_TABLE,
  });
  assert.equal(report.totals.cost, 1.25);
  assert.deepEqual(report.totals.unpricedModels, ["gpt-5.5-codex"]);
  const unpriced = buildUsageReport([slice("gpt-5.5-codex")], {
    grouping: "monthly",
    timeZone: "UTC",
    prices: DEFAULT_PRICE_TABLE,
  });
  assert.equal(unpriced.totals.cost, null);
});
