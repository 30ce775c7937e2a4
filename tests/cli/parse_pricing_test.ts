import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";
import { CONFIG_GPT_5_5, withPricingConfig } from "../support/pricing_config.ts";

const FILE = "fixtures/codex-0.169.0/rollout-multi-turn.jsonl";
// 8250 input (4096 cached), 205 output at the config's prices.
const { input, cachedInput, output } = CONFIG_GPT_5_5;
const CONFIG_COST = ((8250 - 4096) * input + 4096 * cachedInput + 205 * output) / 1e6;

Deno.test("parse --json prices requests and the summary from the config's pricing", async () => {
  await withPricingConfig(async (config) => {
    const run = await runCli(["parse", FILE, "--json", "--config", config]);
    assert.equal(run.code, 0, run.stderr);
    const objects = ndjson(run.stdout);
    const summary = objects.find((object) => object.type === "summary");
    assert.ok(summary);
    assert.ok(Math.abs((summary.costUsd as number) - CONFIG_COST) < 1e-9);
    const requests = objects.filter((object) => object.type === "request");
    const sum = requests.reduce((total, request) => total + (request.costUsd as number), 0);
    assert.ok(Math.abs(sum - CONFIG_COST) < 1e-9);
  });
});

Deno.test("the parse digest and summary show the config's price", async () => {
  await withPricingConfig(async (config) => {
    const digest = await runCli(["parse", FILE, "--digest", "--config", config]);
    assert.equal(digest.code, 0, digest.stderr);
    assert.match(digest.stdout.split("\n")[0]!, new RegExp(`\\$${CONFIG_COST.toFixed(4)}$`));
    const summary = await runCli(["parse", FILE, "--config", config, "--no-color"]);
    assert.equal(summary.code, 0, summary.stderr);
    assert.match(summary.stdout, new RegExp(`\\$${CONFIG_COST.toFixed(2)}`));
  });
});
