import assert from "node:assert/strict";
import { readLastRateLimits, windowsOf } from "../../src/io/rate_limits_reader.ts";
import { runCli } from "../support/cli.ts";

Deno.test("the last rate limits of a 0.153.4 mcp-server capture are its 5-hour and weekly windows", async () => {
  const limits = await readLastRateLimits("fixtures/codex-0.153.4/multi-turn.jsonl");
  assert.deepEqual(
    limits?.windows.map((window) => [window.name, window.usedPercent, window.windowMinutes]),
    [
      ["primary", 12, 300],
      ["secondary", 3, 10080],
    ],
  );
  assert.ok(limits?.windows.every((window) => window.resetsAt !== null));
});

Deno.test("files whose windows are null report none", async () => {
  assert.equal(await readLastRateLimits("fixtures/codex-0.169.0/rollout-multi-turn.jsonl"), null);
  assert.equal(
    await readLastRateLimits("fixtures/codex-0.169.0/app-server-multi-turn.jsonl"),
    null,
  );
  assert.equal(await readLastRateLimits("fixtures/crafted/home/nothing.jsonl"), null);
});

Deno.test("app-server's account/rateLimits/updated is read in camel case", () => {
  const found = windowsOf({
    method: "account/rateLimits/updated",
    params: {
      rateLimits: {
        limitId: "codex",
        primary: { usedPercent: 95, windowDurationMins: 300, resetsAt: 1_795_530_000 },
        secondary: null,
      },
    },
  });
  assert.deepEqual(found?.windows, [{
    name: "primary",
    usedPercent: 95,
    windowMinutes: 300,
    resetsAt: 1_795_530_000_000,
  }]);
});

Deno.test("parse ends with the rate limits and warns on a window at 90% or more", async () => {
  const run = await runCli(["parse", "fixtures/codex-0.47.0/http-429.jsonl"]);
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines.at(-2), "rate limits: primary 100% of 5h, secondary 64% of 7d");
  assert.equal(
    lines.at(-1),
    "warning rate_limit: primary 100% of 5h: requests will be refused when it is used up",
  );
  const json = await runCli(["parse", "--json", "fixtures/codex-0.47.0/http-429.jsonl"]);
  const object = json.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    .find((item) => item.type === "rate_limits");
  assert.equal(object?.warning, true);
  assert.deepEqual(object?.windows[1], {
    window: "secondary",
    used_percent: 64,
    window_minutes: 10080,
    resets_at: null,
  });
});
