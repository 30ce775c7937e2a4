import assert from "node:assert/strict";
import {
  nearlyExhausted,
  RateLimitAlerts,
  readRateLimits,
} from "../../../src/core/usage/rate_limits.ts";

Deno.test("0.47 rate limits turn resets_in_seconds into a reset time", () => {
  const windows = readRateLimits({
    primary: { used_percent: 12.5, window_minutes: 300, resets_in_seconds: 60 },
    secondary: null,
  }, 1_000_000);
  assert.deepEqual(windows, [{
    name: "primary",
    usedPercent: 12.5,
    windowMinutes: 300,
    resetsAt: 1_060_000,
  }]);
});

Deno.test("later rate limits carry resets_at in seconds, app-server ones in camel case", () => {
  const snake = readRateLimits({
    limit_id: "codex",
    primary: { used_percent: 91, window_minutes: 300, resets_at: 1_800_000_000 },
    secondary: { used_percent: 40, window_minutes: 10080, resets_at: 1_800_500_000 },
  }, null);
  const camel = readRateLimits({
    limitId: "codex",
    primary: { usedPercent: 91, windowDurationMins: 300, resetsAt: 1_800_000_000 },
    secondary: { usedPercent: 40, windowDurationMins: 10080, resetsAt: 1_800_500_000 },
  }, null);
  assert.deepEqual(snake, camel);
  assert.equal(snake[0]?.resetsAt, 1_800_000_000_000);
  assert.deepEqual(nearlyExhausted(snake).map((window) => window.name), ["primary"]);
});

Deno.test("null windows, as 0.169.0 writes for a mock provider, give no window", () => {
  assert.deepEqual(readRateLimits({ limit_id: "codex", primary: null, secondary: null }, 0), []);
  assert.deepEqual(readRateLimits(null, 0), []);
});

Deno.test("RateLimitAlerts alerts once when a window crosses 90% and again after it dropped", () => {
  const alerts = new RateLimitAlerts();
  const at = (usedPercent: number) => [{
    name: "primary" as const,
    usedPercent,
    windowMinutes: 300,
    resetsAt: null,
  }];
  assert.equal(alerts.update(at(50)).length, 0);
  assert.equal(alerts.update(at(90)).length, 1);
  assert.equal(alerts.update(at(95)).length, 0);
  assert.equal(alerts.update(at(10)).length, 0);
  assert.equal(alerts.update(at(99)).length, 1);
});
