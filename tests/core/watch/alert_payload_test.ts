import assert from "node:assert/strict";
import { alertEnvironment, transitionObject } from "../../../src/core/watch/alert_payload.ts";
import type { Transition } from "../../../src/core/watch/transitions.ts";
import { finding } from "./_records.ts";

const stuck: Transition = {
  kind: "stuck",
  alert: true,
  key: '"a"',
  requestId: "a",
  state: "running",
  previousState: "running",
  level: "stuck",
  previousLevel: "warning",
  line: 25,
  time: 5_000,
  message: "repeated_command: same command ran 5 times",
  findings: [finding("repeated_command", "stuck", { evidence: { lines: [5, 10] } })],
};

Deno.test("transitionObject gives an alert object with the findings' reasons and lines", () => {
  assert.deepEqual(transitionObject(stuck, { file: "out.json", startTime: 1_000 }), {
    type: "alert",
    kind: "stuck",
    file: "out.json",
    key: '"a"',
    requestId: "a",
    state: "running",
    previousState: "running",
    level: "stuck",
    previousLevel: "warning",
    line: 25,
    time: 5_000,
    elapsedMs: 4_000,
    message: "repeated_command: same command ran 5 times",
    findings: [{
      kind: "repeated_command",
      severity: "stuck",
      reason: "repeated_command reason",
      suggestion: "do something",
      lines: [5, 10],
    }],
  });
  const started = { ...stuck, kind: "started" as const, alert: false };
  assert.equal(transitionObject(started, { file: "x", startTime: 0 }).type, "transition");
});

Deno.test("alertEnvironment names the alert, the request and its state", () => {
  const env = alertEnvironment(stuck, { file: "out.json", startTime: 0 });
  assert.equal(env.CODEXMON_ALERT_KIND, "stuck");
  assert.equal(env.CODEXMON_REQUEST_ID, "a");
  assert.equal(env.CODEXMON_REQUEST_KEY, '"a"');
  assert.equal(env.CODEXMON_STATE, "running");
  assert.equal(env.CODEXMON_LINE, "25");
  assert.equal(env.CODEXMON_FILE, "out.json");
  assert.equal(JSON.parse(env.CODEXMON_ALERT_JSON!).kind, "stuck");
});
