import assert from "node:assert/strict";
import { detectStuck } from "../../../../src/core/stuck/mod.ts";
import { analyzeFixture, analyzeLines, fixtureJson, requestOf } from "../app_server/_turns.ts";
import { APP_SERVER_CODEX_VERSIONS } from "../../../support/codex.ts";

function threadOf(path: string): string {
  const started = fixtureJson(path).find((line) => line.type === "thread.started");
  return started?.thread_id as string;
}

for (const version of APP_SERVER_CODEX_VERSIONS) {
  const DIR = `codex-${version}`;

  Deno.test(`exec --json output is detected, its stderr lines counted as text (Codex ${version})`, () => {
    const analysis = analyzeFixture(`${DIR}/exec-shell.jsonl`);
    assert.equal(analysis.format, "exec-json");
    // exec --json never names the Codex version
    assert.equal(analysis.codexVersion, null);
    assert.equal(analysis.lines.text, 2);
    assert.equal(analysis.lines.json, 7);
    assert.equal(analysis.lines.other, 0);
  });

  Deno.test(`an exec --json turn has its reasoning, failing command, message and usage (Codex ${version})`, () => {
    const path = `${DIR}/exec-shell.jsonl`;
    const analysis = analyzeFixture(path);
    const threadId = threadOf(path);
    assert.deepEqual(analysis.requests.map((request) => request.key), [`${threadId}:1`]);
    const turn = requestOf(analysis, `${threadId}:1`);
    assert.equal(turn.requestId, 1);
    assert.equal(turn.threadId, threadId);
    assert.equal(turn.state, "completed");
    assert.deepEqual(turn.reasoning.map((block) => block.text), ["Plan: run echo"]);
    assert.deepEqual(turn.commands.map((command) => [command.command, command.exitCode]), [
      [["/bin/bash", "-lc", "echo hi; ls does-not-exist"], 2],
    ]);
    assert.match(turn.commands[0]?.output ?? "", /^hi\nls: cannot access/);
    assert.equal(turn.finalMessage, "The shell said: hi");
    const usage = fixtureJson(path).find((line) => line.type === "turn.completed")?.usage as {
      input_tokens: number;
      output_tokens: number;
    };
    assert.equal(turn.tokens?.input, usage.input_tokens);
    assert.equal(turn.tokens?.output, usage.output_tokens);
    assert.equal(turn.tokens?.total, usage.input_tokens + usage.output_tokens);
    assert.equal(turn.sessionTokens?.total, turn.tokens?.total);
  });

  Deno.test(`a failed exec --json turn has its retry and its error, and is failed (Codex ${version})`, () => {
    const path = `${DIR}/exec-http-500.jsonl`;
    const analysis = analyzeFixture(path);
    const turn = requestOf(analysis, `${threadOf(path)}:1`);
    assert.equal(turn.state, "failed");
    assert.deepEqual(turn.errors.map((error) => error.kind), ["stream_error", "error"]);
    assert.equal(turn.errors[0]?.attempt, 1);
    const failed = fixtureJson(path).find((line) => line.type === "turn.failed");
    assert.equal(turn.errors[1]?.message, (failed?.error as { message: string }).message);
    assert.deepEqual(detectStuck(analysis, { now: Date.now() }).map((finding) => finding.kind), [
      "retries_exhausted",
    ]);
  });

  Deno.test(`exec --json turns of one thread are numbered; a torn turn stays running (Codex ${version})`, () => {
    const lines = [
      '{"type":"thread.started","thread_id":"T"}',
      '{"type":"turn.started"}',
      '{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"one"}}',
      '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":2}}',
      '{"type":"turn.started"}',
      '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"sleep 9","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
    ];
    const analysis = analyzeLines(lines);
    assert.deepEqual(analysis.requests.map((request) => [request.key, request.state]), [
      ["T:1", "completed"],
      ["T:2", "running"],
    ]);
    const second = requestOf(analysis, "T:2");
    assert.equal(second.tool, "codex-reply");
    assert.deepEqual(second.commands[0]?.command, ["sleep", "9"]);
    assert.equal(second.commands[0]?.endLine, null);
  });

  Deno.test(`--format exec-json reads a file whose first lines would not tell (Codex ${version})`, () => {
    const lines = ['{"type":"error","message":"Reconnecting... 1/5"}', '{"type":"turn.started"}'];
    assert.equal(analyzeLines(lines.slice(0, 1)).format, "unknown");
    const forced = analyzeLines(lines, { format: "exec-json" });
    assert.equal(forced.format, "exec-json");
    assert.equal(forced.requests.length, 2);
  });
}
