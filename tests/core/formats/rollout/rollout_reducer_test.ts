import assert from "node:assert/strict";
import { detectStuck } from "../../../../src/core/stuck/mod.ts";
import {
  analyzeFixture,
  analyzeLines,
  fixtureJson,
  fixtureLines,
  requestOf,
} from "../app_server/_turns.ts";
import { APP_SERVER_CODEX_VERSIONS } from "../../../support/codex.ts";

function keysOf(path: string): string[] {
  const lines = fixtureJson(path);
  const threadId = (lines.find((line) => line.type === "session_meta")?.payload as { id: string })
    .id;
  return lines.filter((line) => (line.payload as { type?: string }).type === "task_started")
    .map((line) => `${threadId}:${(line.payload as { turn_id: string }).turn_id}`);
}

for (const version of APP_SERVER_CODEX_VERSIONS) {
  const DIR = `codex-${version}`;

  Deno.test(`a rollout file is detected and names the Codex version of session_meta (Codex ${version})`, () => {
    const analysis = analyzeFixture(`${DIR}/rollout-multi-turn.jsonl`);
    assert.equal(analysis.format, "rollout");
    assert.equal(analysis.codexVersion, version);
    assert.equal(analysis.lines.other, 0);
  });

  Deno.test(`rollout turns run from task_started to task_complete, with the app-server facts (Codex ${version})`, () => {
    const path = `${DIR}/rollout-multi-turn.jsonl`;
    const analysis = analyzeFixture(path);
    const keys = keysOf(path);
    assert.equal(keys.length, 2);
    assert.deepEqual(analysis.requests.map((request) => request.key), keys);
    const [first, second] = keys.map((key) => requestOf(analysis, key));
    // the same run seen through app-server (app-server-multi-turn.jsonl) gives the same facts
    const live = analyzeFixture(`${DIR}/app-server-multi-turn.jsonl`);
    const pairs = [[first, requestOf(live, "2")], [second, requestOf(live, "3")]] as const;
    for (const [rollout, server] of pairs) {
      assert.equal(rollout?.turnId, server.turnId);
      assert.equal(rollout?.threadId, server.threadId);
      assert.equal(rollout?.state, "completed");
      assert.equal(rollout?.finalMessage, server.finalMessage);
      assert.deepEqual(
        rollout?.reasoning.map((block) => block.text),
        server.reasoning.map((block) => block.text),
      );
      assert.deepEqual(
        rollout?.commands.map((command) => [command.command, command.exitCode, command.output]),
        server.commands.map((command) => [command.command, command.exitCode, command.output]),
      );
      assert.deepEqual(rollout?.tokens, server.tokens);
      assert.deepEqual(rollout?.sessionTokens, server.sessionTokens);
      assert.equal(rollout?.contextWindow, server.contextWindow);
      assert.equal(rollout?.model, "gpt-5.5");
      assert.equal(rollout?.cwd, "/home/demo/project");
    }
    assert.equal(first?.tool, "codex");
    assert.equal(second?.tool, "codex-reply");
  });

  Deno.test(`rollout timestamps are the line times of each turn (Codex ${version})`, () => {
    const path = `${DIR}/rollout-multi-turn.jsonl`;
    const lines = fixtureJson(path);
    const times = lines.map((line) => Date.parse(line.timestamp as string));
    const analysis = analyzeFixture(path);
    const first = analysis.requests[0];
    assert.equal(first?.firstTime, times[(first?.firstLine ?? 0) - 1]);
    assert.equal(first?.lastTime, times[(first?.lastLine ?? 0) - 1]);
    assert.equal(analysis.requests[1]?.lastTime, times.at(-1));
  });

  Deno.test(`a rollout turn_aborted is a cancelled turn; a task_complete with an error is failed (Codex ${version})`, () => {
    const interrupted = analyzeFixture(`${DIR}/rollout-steer-interrupt.jsonl`);
    assert.deepEqual(interrupted.requests.map((request) => request.state), [
      "completed",
      "cancelled",
    ]);
    assert.equal(interrupted.requests[0]?.finalMessage, "Steered: Also say bye.");
    const failed = analyzeFixture(`${DIR}/rollout-http-500.jsonl`);
    const turn = failed.requests[0];
    assert.equal(turn?.state, "failed");
    assert.match(turn?.errors[0]?.message ?? "", /experiencing high demand/);
    assert.ok(
      detectStuck(failed, { now: Date.now() }).some((finding) => finding.kind === "request_failed"),
    );
  });

  Deno.test(`a rollout cut in the middle of a turn shows it running, and silent since its last line (Codex ${version})`, () => {
    const lines = fixtureLines(`${DIR}/rollout-steer-interrupt.jsonl`);
    const cut = lines.findIndex((line) => line.includes('"turn_aborted"'));
    const analysis = analyzeLines(lines.slice(0, cut), { finish: false });
    const open = analysis.requests.at(-1);
    assert.equal(open?.state, "running");
    const lastTime = open?.lastTime ?? 0;
    const findings = detectStuck(analysis, { now: lastTime + 10 * 60_000 });
    assert.ok(findings.some((finding) => finding.kind === "silence" && finding.key === open?.key));
    assert.ok(
      !detectStuck(analysis, { now: lastTime + 1000 }).some((finding) =>
        finding.kind === "silence"
      ),
    );
  });

  Deno.test(`--format rollout reads a file that starts with a line no format owns (Codex ${version})`, () => {
    const lines = fixtureLines(`${DIR}/rollout-exec-shell.jsonl`);
    const forced = analyzeLines(["{}", ...lines], { format: "rollout" });
    assert.equal(forced.format, "rollout");
    assert.equal(forced.requests.length, 1);
    assert.equal(forced.requests[0]?.commands[0]?.exitCode, 2);
  });
}
