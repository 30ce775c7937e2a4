import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { detectTokenBudget } from "../../../src/core/stuck/token_budget.ts";
import { analysis, context, request, usage } from "./_records.ts";

function run(records: ReturnType<typeof request>[]) {
  return detectTokenBudget(analysis(records), context(records));
}

Deno.test("token total warns once per thread above 5M tokens, on the thread's latest request", () => {
  const first = request({
    key: "1",
    threadId: "t",
    lastLine: 10,
    sessionTokens: usage(4_000_000, 3_800_000),
  });
  const second = request({
    key: "2",
    requestId: 2,
    threadId: "t",
    lastLine: 30,
    sessionTokens: usage(5_100_000, 4_900_000, 100_000),
  });
  const findings = run([first, second]);
  assert.deepEqual(findings.map((finding) => [finding.kind, finding.key]), [["token_total", "2"]]);
  assert.equal(findings[0]?.reason, "thread used 5.2M tokens (over 5M)");
  assert.deepEqual(run([request({ sessionTokens: usage(4_999_000, 4_900_000, 1000) })]), []);
});

Deno.test("cache hits under 80% warn only after the thread's first 200K input tokens", () => {
  const low = request({ sessionTokens: usage(237_150, 61_440, 5115) });
  const [finding] = run([low]);
  assert.equal(finding?.kind, "cache_hit_low");
  assert.equal(finding?.reason, "cache hits 25% of 237.2K input tokens (under 80%)");
  // Early on every call misses the cache: no finding below the input floor.
  assert.deepEqual(run([request({ sessionTokens: usage(8250, 4096) })]), []);
  // Near-miss: exactly 80% is fine.
  assert.deepEqual(run([request({ sessionTokens: usage(300_000, 240_000) })]), []);
});

Deno.test("context fill over 90% warns with the numbers", () => {
  const full = request({ lastTokenUsage: usage(240_000, 230_000, 5000), contextWindow: 258_400 });
  const [finding] = run([full]);
  assert.equal(finding?.kind, "context_full");
  assert.equal(finding?.reason, "context 94% full (245K of 258.4K tokens)");
  const fine = request({ lastTokenUsage: usage(230_000, 220_000, 2000), contextWindow: 258_400 });
  assert.deepEqual(run([fine]), []);
});

Deno.test("token growth needs arrival times and compares with the 5 minute window", () => {
  const t0 = 1_800_000_000_000;
  const fast = request({ tokens: usage(600_000, 550_000), firstTime: t0, lastTime: t0 + 200_000 });
  const [finding] = run([fast]);
  assert.equal(finding?.kind, "token_growth");
  assert.equal(finding?.reason, "used 600K tokens within 3m 20s (over 500K in 5m)");
  assert.equal(finding?.estimate, undefined);
  const untimed = request({ tokens: usage(600_000, 550_000) });
  assert.deepEqual(run([untimed]), []);
  // 1.2M over 10 minutes averages 600K per 5 minutes: an estimate.
  const long = request({
    tokens: usage(1_200_000, 1_100_000),
    firstTime: t0,
    lastTime: t0 + 600_000,
  });
  const [averaged] = run([long]);
  assert.equal(averaged?.estimate, true);
  assert.equal(averaged?.reason, "used 1.2M tokens in 10m, about 600K per 5m (over 500K)");
  // Near-miss: 900K over 10 minutes is 450K per 5 minutes.
  const slow = request({ tokens: usage(900_000, 850_000), firstTime: t0, lastTime: t0 + 600_000 });
  assert.deepEqual(run([slow]), []);
});

Deno.test("requests without a thread id count as their own thread", () => {
  const a = request({ key: "1", lastLine: 10, sessionTokens: usage(6_000_000, 5_900_000) });
  const b = request({
    key: "2",
    requestId: 2,
    lastLine: 20,
    sessionTokens: usage(6_000_000, 5_900_000),
  });
  assert.deepEqual(run([a, b]).map((finding) => finding.key).sort(), ["1", "2"]);
});

Deno.test("token budget: stuck-loop's 237K input tokens were 25% cached, and grew fast but under 500K", () => {
  // stuck-loop.jsonl ends with total_token_usage input 237150, cached 61440, total 242265 in about 4 s.
  const analysis = analyzeCapture("fixtures/codex-0.47.0/stuck-loop.jsonl", { timing: true });
  const findings = detectTokenBudget(analysis, context([], { analysis }));
  assert.deepEqual(findings.map((finding) => finding.kind), ["cache_hit_low"]);
  assert.equal(findings[0]?.reason, "cache hits 25% of 237.2K input tokens (under 80%)");
});

Deno.test("token budget: the crafted token-heavy capture raises every red flag", () => {
  const analysis = analyzeCapture("fixtures/crafted/stuck/token-heavy.jsonl", { timing: true });
  const findings = detectTokenBudget(analysis, context([], { analysis }));
  assert.deepEqual(findings.map((finding) => [finding.kind, finding.reason]), [
    ["token_total", "thread used 5.3M tokens (over 5M)"],
    ["cache_hit_low", "cache hits 26% of 5.3M input tokens (under 80%)"],
    ["context_full", "context 93% full (255K of 272K tokens)"],
    ["token_growth", "used 5.3M tokens within 4m (over 500K in 5m)"],
  ]);
});

Deno.test("token budget stays quiet on healthy captures", () => {
  for (
    const path of [
      "fixtures/codex-0.47.0/shell.jsonl",
      "fixtures/codex-0.153.4/multi-turn.jsonl",
      "fixtures/codex-0.47.0/big-output.jsonl",
    ]
  ) {
    const analysis = analyzeCapture(path, { timing: true });
    assert.deepEqual(detectTokenBudget(analysis, context([], { analysis })), [], path);
  }
});
