import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { detectRepeatedCommand } from "../../../src/core/stuck/repeated_command.ts";
import { command, context, repeated, request } from "./_records.ts";

const ECHO = ["bash", "-lc", "echo hi"];
const LS = ["bash", "-lc", "ls"];
const TEST = ["bash", "-lc", "cargo test"];

Deno.test("repeated command is stuck at five runs in a row and shows the command", () => {
  const record = request({ commands: repeated(ECHO, 5) });
  const [finding, ...rest] = detectRepeatedCommand(record, context([record]));
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "repeated_command");
  assert.equal(finding?.severity, "stuck");
  assert.equal(finding?.reason, "same command ran 5 times in a row: bash -lc 'echo hi'");
  assert.deepEqual(finding?.evidence, { lines: [10, 12, 14, 16, 18], text: "bash -lc 'echo hi'" });
});

Deno.test("repeated command warns at three runs and stays silent at two", () => {
  const three = request({ commands: repeated(ECHO, 3) });
  assert.equal(detectRepeatedCommand(three, context())[0]?.severity, "warning");
  const two = request({ commands: repeated(ECHO, 2) });
  assert.deepEqual(detectRepeatedCommand(two, context()), []);
});

Deno.test("repeated command counts runs within the window even when other commands interleave", () => {
  const commands = [
    command(ECHO, 10),
    command(LS, 12),
    command(ECHO, 14),
    command(LS, 16),
    command(ECHO, 18),
  ];
  const findings = detectRepeatedCommand(request({ commands }), context());
  const echo = findings.find((finding) => finding.evidence.text === "bash -lc 'echo hi'");
  assert.equal(echo?.severity, "warning");
  assert.equal(echo?.reason, "same command ran 3 times within 5 commands: bash -lc 'echo hi'");
  assert.deepEqual(echo?.evidence.lines, [10, 14, 18]);
});

Deno.test("repeated command ignores runs spread wider than the window", () => {
  // ECHO at positions 0, 5 and 10: never three within 10 consecutive commands.
  const commands = Array.from(
    { length: 11 },
    (_, index) =>
      command(index % 5 === 0 ? ECHO : ["bash", "-lc", `cat f${index}`], 10 + index * 2),
  );
  assert.deepEqual(detectRepeatedCommand(request({ commands }), context()), []);
  // The same layout with a window of 11 commands fires.
  const wide = context([], { thresholds: { repeatedCommandWindow: 11 } });
  assert.equal(detectRepeatedCommand(request({ commands }), wide)[0]?.severity, "warning");
});

Deno.test("repeated command restarts its count after a successful patch", () => {
  const commands = [command(TEST, 10), command(TEST, 12), command(TEST, 20), command(TEST, 22)];
  const patch = { callId: "p", files: ["/a.rs"], success: true, beginLine: 15, endLine: 16 };
  const record = request({ commands, patches: [patch] });
  assert.deepEqual(detectRepeatedCommand(record, context()), []);
  const failedPatch = request({ commands, patches: [{ ...patch, success: false }] });
  assert.equal(
    detectRepeatedCommand(failedPatch, context())[0]?.reason,
    "same command ran 4 times in a row: bash -lc 'cargo test'",
  );
});

Deno.test("repeated command tells how many runs there were in all", () => {
  const record = request({ commands: repeated(ECHO, 30) });
  const finding = detectRepeatedCommand(record, context())[0];
  assert.equal(finding?.reason, "same command ran 30 times in a row: bash -lc 'echo hi'");
  assert.equal(finding?.evidence.lines.length, 20);
  const between = Array.from(
    { length: 12 },
    (_, index) => command(["cat", `f${index}`], 30 + index),
  );
  const split = request({
    commands: [...repeated(ECHO, 5, 10), ...between, ...repeated(ECHO, 2, 50)],
  });
  assert.equal(
    detectRepeatedCommand(split, context())[0]?.reason,
    "same command ran 5 times in a row (7 in all): bash -lc 'echo hi'",
  );
  // With one other command in between, 7 runs fall within 8 consecutive commands.
  const close = request({
    commands: [...repeated(ECHO, 5, 10), command(LS, 30), ...repeated(ECHO, 2, 40)],
  });
  assert.equal(
    detectRepeatedCommand(close, context())[0]?.reason,
    "same command ran 7 times within 8 commands: bash -lc 'echo hi'",
  );
});

Deno.test("repeated command treats argv that differ in one word as different commands", () => {
  const commands = Array.from(
    { length: 6 },
    (_, index) => command(["cat", `f${index}`], 10 + index),
  );
  assert.deepEqual(detectRepeatedCommand(request({ commands }), context()), []);
});

Deno.test("repeated failure reports the same command failing and quotes its output", () => {
  const commands = [10, 20, 30].map((line, index) =>
    command(["ls", "missing"], line, {
      exitCode: 2,
      output: `ls: cannot access 'missing': No such file or directory ${index}\n`,
    })
  );
  // Spread out with other commands in between: not a repeat run, but still a repeated failure.
  const others = Array.from(
    { length: 20 },
    (_, index) => command(["cat", `f${index}`], 40 + index * 2),
  );
  const [finding, ...rest] = detectRepeatedCommand(
    request({ commands: [...commands, ...others] }),
    context(),
  );
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "repeated_failure");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "same command failed 3 times: ls missing");
  assert.deepEqual(finding?.evidence.lines, [11, 21, 31]);
  assert.equal(
    finding?.evidence.text,
    "ls missing\n-> exit 2: ls: cannot access 'missing': No such file or directory 2",
  );
});

Deno.test("repeated failure wins over repeated command only when at least as severe", () => {
  const failing = repeated(ECHO, 5).map((record) => ({ ...record, exitCode: 1 }));
  const both = detectRepeatedCommand(request({ commands: failing }), context());
  assert.deepEqual(both.map((finding) => [finding.kind, finding.severity]), [
    ["repeated_failure", "stuck"],
  ]);
  // Two failures out of five runs: the loop is what matters.
  const mixed = repeated(ECHO, 5).map((record, index) => ({
    ...record,
    exitCode: index < 2 ? 1 : 0,
  }));
  assert.deepEqual(
    detectRepeatedCommand(request({ commands: mixed }), context()).map((finding) => finding.kind),
    ["repeated_command"],
  );
});

Deno.test("repeated failure does not count commands that are still running", () => {
  const running = repeated(ECHO, 3).map((record) => ({ ...record, exitCode: null, endLine: null }));
  const findings = detectRepeatedCommand(request({ commands: running }), context());
  assert.deepEqual(findings.map((finding) => finding.kind), ["repeated_command"]);
});

Deno.test("repeated failure restarts its count after a successful patch", () => {
  const failing = (line: number) => command(TEST, line, { exitCode: 101, output: "FAILED\n" });
  const patch = { callId: "p", files: ["/a.rs"], success: true, beginLine: 15, endLine: 16 };
  const record = request({
    commands: [failing(10), failing(12), failing(20), failing(22)],
    patches: [patch],
  });
  assert.deepEqual(detectRepeatedCommand(record, context()), []);
  const unpatched = request({ commands: [failing(10), failing(12), failing(20), failing(22)] });
  assert.equal(
    detectRepeatedCommand(unpatched, context())[0]?.reason,
    "same command failed 4 times: bash -lc 'cargo test'",
  );
});

// Real and crafted captures through the Analyzer.

function detectIn(path: string) {
  const analysis = analyzeCapture(path);
  return analysis.requests.flatMap((record) =>
    detectRepeatedCommand(record, context([], { analysis }))
  );
}

Deno.test("repeated command: stuck-loop (0.47.0) is stuck with `echo hi` shown", () => {
  const [finding, ...rest] = detectIn("fixtures/codex-0.47.0/stuck-loop.jsonl");
  assert.equal(rest.length, 0);
  assert.equal(finding?.severity, "stuck");
  // stuck-loop.md: 30 identical `echo hi` calls; exec_command_begin on every fifth line from 5 to 150.
  assert.equal(finding?.reason, "same command ran 30 times in a row: bash -lc 'echo hi'");
  assert.deepEqual(finding?.evidence.lines, [
    5,
    10,
    15,
    20,
    25,
    30,
    35,
    40,
    45,
    50,
    105,
    110,
    115,
    120,
    125,
    130,
    135,
    140,
    145,
    150,
  ]);
});

Deno.test("repeated command: the 0.153.4 loop built from shell.jsonl is stuck the same way", () => {
  const [finding, ...rest] = detectIn("fixtures/crafted/stuck/loop-0.153.4.jsonl");
  assert.equal(rest.length, 0);
  assert.equal(finding?.severity, "stuck");
  assert.equal(finding?.reason, "same command ran 6 times in a row: /bin/bash -lc 'echo hi'");
  assert.deepEqual(finding?.evidence.lines, [32, 36, 40, 44, 48, 52]);
});

Deno.test("repeated failure: the crafted failing-command capture warns about `ls missing`", () => {
  const [finding, ...rest] = detectIn("fixtures/crafted/stuck/failing-command.jsonl");
  assert.equal(rest.length, 0);
  assert.equal(finding?.kind, "repeated_failure");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "same command failed 3 times: bash -lc 'ls missing'");
  assert.deepEqual(finding?.evidence.lines, [7, 21, 35]);
});

Deno.test("repeated command stays quiet on healthy captures and on tests re-run after patches", () => {
  for (
    const path of [
      "fixtures/crafted/stuck/loop-after-patch.jsonl",
      "fixtures/codex-0.47.0/shell.jsonl",
      "fixtures/codex-0.153.4/shell.jsonl",
      "fixtures/codex-0.47.0/apply-patch.jsonl",
      "fixtures/codex-0.47.0/interleaved.jsonl",
    ]
  ) {
    assert.deepEqual(detectIn(path), [], path);
  }
});
