import assert from "node:assert/strict";
import { analyzeCapture, lastLineMs, T0 } from "./_captures.ts";
import { detectSilence } from "../../../src/core/stuck/silence.ts";
import { command, context, request } from "./_records.ts";

Deno.test("silence warns after 120 s and is stuck after 600 s without a line", () => {
  const record = request({
    lastLine: 57,
    lastTime: T0,
    lastEventType: "agent_reasoning_section_break",
  });
  assert.deepEqual(detectSilence(record, context([], { now: T0 + 119_999 })), []);
  const [warning] = detectSilence(record, context([], { now: T0 + 120_000 }));
  assert.equal(warning?.kind, "silence");
  assert.equal(warning?.severity, "warning");
  assert.equal(warning?.reason, "no line for 2m since line 57 after agent_reasoning_section_break");
  assert.equal(warning?.estimate, undefined);
  assert.deepEqual(warning?.evidence.lines, [57]);
  assert.equal(detectSilence(record, context([], { now: T0 + 600_000 }))[0]?.severity, "stuck");
});

Deno.test("silence uses the file's modification time as an estimate when arrival times are unknown", () => {
  const record = request({ lastLine: 19 });
  const [finding] = detectSilence(record, context([], { now: T0 + 700_000, lastLineTime: T0 }));
  assert.equal(finding?.severity, "stuck");
  assert.equal(finding?.estimate, true);
  assert.equal(
    finding?.reason,
    "no line for at least 11m 40s since line 19 (estimated from the file's modification time)",
  );
});

Deno.test("silence needs a clock and a time", () => {
  const record = request({ lastTime: T0 });
  assert.deepEqual(detectSilence(record, context()), []);
  assert.deepEqual(detectSilence(request(), context([], { now: T0 })), []);
});

Deno.test("silence skips requests that ended, wait for approval or lost their server", () => {
  const now = T0 + 3_600_000;
  for (const state of ["completed", "failed", "awaiting_approval", "no_response"] as const) {
    assert.deepEqual(detectSilence(request({ state, lastTime: T0 }), context([], { now })), []);
  }
  const dead = context([], { now, analysis: { serverExited: true } });
  assert.deepEqual(detectSilence(request({ lastTime: T0 }), dead), []);
});

Deno.test("a command still running is a long command, not a model stall", () => {
  const running = command(["bash", "-lc", "npm run build"], 30, {
    exitCode: null,
    endLine: null,
    beginTime: T0,
  });
  const record = request({ lastTime: T0 + 1000, commands: [command(["ls"], 20), running] });
  assert.deepEqual(detectSilence(record, context([], { now: T0 + 599_000 })), []);
  const [finding] = detectSilence(record, context([], { now: T0 + 600_000 }));
  assert.equal(finding?.kind, "long_command");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "command running for 10m: bash -lc 'npm run build'");
  assert.deepEqual(finding?.evidence, { lines: [30], text: "bash -lc 'npm run build'" });
  assert.equal(detectSilence(record, context([], { now: T0 + 1_800_000 }))[0]?.severity, "stuck");
});

Deno.test("a long command without arrival times is measured from the file time as an estimate", () => {
  const running = command(["sleep", "3600"], 30, { exitCode: null, endLine: null });
  const record = request({ commands: [running] });
  const [finding] = detectSilence(record, context([], { now: T0 + 3_700_000, lastLineTime: T0 }));
  assert.equal(finding?.kind, "long_command");
  assert.equal(finding?.estimate, true);
  assert.equal(
    finding?.reason,
    "command running for at least 1h 1m: sleep 3600 (estimated from the file's modification time)",
  );
});

Deno.test("silence: stall.jsonl watched live during its 60 s gap", () => {
  // stall.timing.jsonl: line 5 (section break) at 207 ms, then nothing until line 6 at 60252 ms.
  const analysis = analyzeCapture("fixtures/codex-0.47.0/stall.jsonl", {
    timing: true,
    untilLine: 5,
  });
  const [record] = analysis.requests;
  assert.ok(record);
  const now = T0 + 60_207;
  assert.deepEqual(detectSilence(record, context([], { analysis, now })), []);
  const strict = context([], { analysis, now, thresholds: { silenceWarningSeconds: 30 } });
  const [finding] = detectSilence(record, strict);
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "no line for 1m since line 5 after agent_reasoning_section_break");
  // Finished, the same file has nothing silent.
  const done = analyzeCapture("fixtures/codex-0.47.0/stall.jsonl", { timing: true });
  assert.deepEqual(
    done.requests.flatMap((item) => detectSilence(item, context([], { analysis: done, now }))),
    [],
  );
});

Deno.test("silence: the crafted silence capture, with arrival times and with the file time", () => {
  const path = "fixtures/crafted/stuck/silence.jsonl";
  const timed = analyzeCapture(path, { timing: true });
  const last = T0 + lastLineMs(path);
  const [record] = timed.requests;
  assert.ok(record);
  assert.deepEqual(
    detectSilence(record, context([], { analysis: timed, now: last + 119_000 })),
    [],
  );
  assert.equal(
    detectSilence(record, context([], { analysis: timed, now: last + 130_000 }))[0]?.severity,
    "warning",
  );
  const untimed = analyzeCapture(path);
  const [plain] = untimed.requests;
  assert.ok(plain);
  const [estimated] = detectSilence(
    plain,
    context([], { analysis: untimed, now: last + 601_000, lastLineTime: last }),
  );
  assert.deepEqual([estimated?.severity, estimated?.estimate], ["stuck", true]);
});

Deno.test("long command: the crafted capture's build that never ends", () => {
  const path = "fixtures/crafted/stuck/long-command.jsonl";
  const analysis = analyzeCapture(path, { timing: true });
  const [record] = analysis.requests;
  assert.ok(record);
  const begin = T0 + lastLineMs(path);
  const [finding, ...rest] = detectSilence(record, context([], { analysis, now: begin + 700_000 }));
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "long_command");
  assert.equal(finding?.reason, "command running for 11m 40s: bash -lc 'npm run build'");
  assert.deepEqual(finding?.evidence.lines, [6]);
});
