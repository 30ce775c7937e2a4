/** The grand total after several inputs carries their cost; an unknown cost is never 0. */

import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";
import { CONFIG_GPT_5_5, withPricingConfig } from "../support/pricing_config.ts";

// gpt-5 captures (priced) and exec --json captures (their output never names the model: unpriced)
const PRICED = ["fixtures/codex-0.153.4/simple.jsonl", "fixtures/codex-0.47.0/shell.jsonl"];
const UNPRICED = [
  "fixtures/codex-0.169.0/exec-shell.jsonl",
  "fixtures/codex-0.171.0/exec-shell.jsonl",
];

async function jsonRun(files: string[]): Promise<Record<string, unknown>[]> {
  const run = await runCli(["parse", "--json", ...files]);
  assert.equal(run.code, 0, run.stderr);
  return ndjson(run.stdout);
}

function fileCosts(objects: Record<string, unknown>[]): (number | null)[] {
  return objects.filter((object) => object.type === "summary")
    .map((object) => object.costUsd as number | null);
}

Deno.test("the total of priced inputs costs the sum of their costs, in text and JSON", async () => {
  const objects = await jsonRun(PRICED);
  const costs = fileCosts(objects);
  assert.ok(costs.every((cost) => typeof cost === "number" && cost > 0), String(costs));
  const total = objects.at(-1)!;
  assert.equal(total.type, "total");
  assert.equal(total.costUsd, (costs[0] as number) + (costs[1] as number));
  assert.equal(total.pricedCostUsd, total.costUsd);
  assert.equal(total.unpricedFiles, 0);
  const text = await runCli(["parse", ...PRICED]);
  const line = text.stdout.trimEnd().split("\n").at(-1)!;
  assert.match(line, /^total: 2 files · .* · cost \$0\.\d+$/);
});

Deno.test("with one input unpriced the total cost is unknown and the priced part is given beside it", async () => {
  const files = [PRICED[0]!, UNPRICED[0]!];
  const objects = await jsonRun(files);
  const costs = fileCosts(objects);
  assert.equal(costs[1], null);
  const total = objects.at(-1)!;
  assert.equal(total.costUsd, null);
  assert.equal(total.pricedCostUsd, costs[0]);
  assert.equal(total.unpricedFiles, 1);
  const text = await runCli(["parse", ...files]);
  assert.match(
    text.stdout,
    /\ntotal: 2 files · .* · cost \$0\.\d+ \+ \? \(1 of 2 files unpriced\)\n$/,
  );
});

Deno.test("with no input priced the total cost is unknown, never 0", async () => {
  const total = (await jsonRun(UNPRICED)).at(-1)!;
  assert.equal(total.costUsd, null);
  assert.equal(total.pricedCostUsd, null);
  assert.equal(total.unpricedFiles, 2);
  const text = await runCli(["parse", ...UNPRICED]);
  assert.match(text.stdout, /\ntotal: 2 files · .* · cost \? \(2 of 2 files unpriced\)\n$/);
});

Deno.test("the total's cost uses the config's prices, as each input's does", async () => {
  await withPricingConfig(async (config) => {
    const files = [PRICED[0]!, "fixtures/codex-0.169.0/rollout-multi-turn.jsonl"];
    const run = await runCli(["parse", "--json", "--config", config, ...files]);
    assert.equal(run.code, 0, run.stderr);
    const objects = ndjson(run.stdout);
    const costs = fileCosts(objects) as number[];
    const { input, cachedInput, output } = CONFIG_GPT_5_5;
    // the rollout: 8250 input (4096 cached), 205 output, all at the config's gpt-5.5 price
    const rollout = ((8250 - 4096) * input + 4096 * cachedInput + 205 * output) / 1e6;
    assert.ok(Math.abs(costs[1]! - rollout) < 1e-9);
    assert.equal(objects.at(-1)!.costUsd, costs[0]! + costs[1]!);
  });
});
