import assert from "node:assert/strict";
import { buildBoard } from "../../../src/core/watch/board_state.ts";
import { request } from "./_records.ts";

const command = (argv: string[], line: number, ended: boolean) => ({
  callId: `call_${line}`,
  command: argv,
  cwd: null,
  exitCode: ended ? 0 : null,
  durationMs: null,
  output: "",
  beginLine: line,
  endLine: ended ? line + 1 : null,
  beginTime: null,
});

Deno.test("buildBoard shows each request with its idle time, tokens and running command", () => {
  const board = buildBoard([
    request({
      lastTime: 1_000,
      lastEventType: "exec_command_begin",
      tokens: { input: 90, cachedInput: 0, output: 10, reasoningOutput: 0, total: 100 },
      commands: [command(["ls"], 3, true), command(["bash", "-lc", "sleep 9"], 5, false)],
    }),
  ], { now: 4_500, levels: new Map([["1", "warning"]]), notes: new Map([["1", "silent"]]) });
  assert.deepEqual(board.rows, [{
    key: "1",
    requestId: 1,
    state: "running",
    level: "warning",
    lastEventType: "exec_command_begin",
    lastTime: 1_000,
    idleMs: 3_500,
    tokens: 100,
    command: ["bash", "-lc", "sleep 9"],
    note: "silent",
  }]);
  assert.deepEqual(board.states, { running: 1 });
});

Deno.test("buildBoard keeps open requests and the latest finished ones, in file order", () => {
  const requests = [
    request({ key: "1", requestId: 1, state: "completed", firstLine: 2, lastLine: 10 }),
    request({ key: "2", requestId: 2, state: "completed", firstLine: 3, lastLine: 20 }),
    request({ key: "3", requestId: 3, state: "running", firstLine: 4, lastLine: 5 }),
    request({ key: "4", requestId: 4, state: "failed", firstLine: 6, lastLine: 30 }),
  ];
  const board = buildBoard(requests, { now: 0, levels: new Map(), maxRows: 3 });
  assert.deepEqual(board.rows.map((row) => row.key), ["2", "3", "4"]);
  assert.equal(board.hidden, 1);
  assert.deepEqual(board.states, { completed: 2, running: 1, failed: 1 });
  assert.equal(board.rows[0]!.command, null);
  assert.equal(board.rows[0]!.idleMs, null, "no arrival time, no idle time");
});
