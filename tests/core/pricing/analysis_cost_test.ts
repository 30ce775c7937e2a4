import assert from "node:assert/strict";
import { analyzeFile } from "../../../src/io/analyze_file.ts";
import { analysisCost, requestCost } from "../../../src/core/pricing/analysis_cost.ts";
import { costOf } from "../../../src/core/pricing/cost.ts";
import { DEFAULT_PRICE_TABLE, priceFor } from "../../../src/core/pricing/price_table.ts";
import { requestObject, summaryObject } from "../../../src/core/report/json_objects.ts";

const FILE = "fixtures/codex-0.153.4/multi-turn.jsonl";

Deno.test("parse costs each request at its model's price and the file as the sum of its requests", async () => {
  const { analysis } = await analyzeFile(FILE);
  const [first, second] = analysis.requests;
  assert.ok(first && second && first.tokens && second.tokens && first.model);
  const price = priceFor(first.model, DEFAULT_PRICE_TABLE);
  assert.ok(price, `${first.model} has a price`);
  assert.equal(requestCost(first, DEFAULT_PRICE_TABLE), costOf(first.tokens, price));
  const total = analysisCost(analysis, DEFAULT_PRICE_TABLE);
  assert.ok(total !== null);
  assert.ok(Math.abs(total - costOf(first.tokens, price) - costOf(second.tokens, price)) < 1e-12);
  const context = { file: FILE, codexVersion: analysis.codexVersion };
  assert.equal(requestObject(first, context).costUsd, requestCost(first, DEFAULT_PRICE_TABLE));
  assert.equal(summaryObject(analysis, context).costUsd, total);
});

Deno.test("a gpt-5.5 capture has a cost; a model without a price has an unknown cost", async () => {
  const { analysis } = await analyzeFile("fixtures/codex-0.169.0/rollout-multi-turn.jsonl");
  assert.equal(analysis.requests[0]?.model, "gpt-5.5");
  assert.ok((analysisCost(analysis, DEFAULT_PRICE_TABLE) ?? 0) > 0);
  const { "gpt-5.5": _, ...withoutIt } = DEFAULT_PRICE_TABLE;
  assert.equal(analysisCost(analysis, withoutIt), null);
});
