import assert from "node:assert/strict";
import { BoardScreen, renderBoard, renderTransitionLine } from "../../src/ui/board.ts";
import { createColors } from "../../src/ui/colors.ts";
import { BatchedWriter, MemorySink } from "../../src/ui/output.ts";
import { buildBoard } from "../../src/core/watch/board_state.ts";
import type { Transition } from "../../src/core/watch/transitions.ts";
import { completedTransition, request } from "../core/watch/_records.ts";
import { analyzeFile } from "../../src/io/analyze_file.ts";

const plain = createColors(false);

const transition: Transition = completedTransition();

Deno.test("renderTransitionLine gives time, request, label and the message on one line", () => {
  const line = renderTransitionLine(transition, { colors: plain, width: 80, startTime: 0 });
  assert.equal(line, "   +12.3s [1] COMPLETED The answer is 7.");
  const cut = renderTransitionLine(transition, { colors: plain, width: 24, startTime: 0 });
  assert.equal(cut, "   +12.3s [1] COMPLETED…");
});

Deno.test("renderBoard fits every line in the width, escape codes aside", () => {
  const board = buildBoard([
    request({ lastTime: 0, lastEventType: "agent_reasoning_delta" }),
    request({ key: '"b"', requestId: "b", state: "awaiting_approval", firstLine: 9 }),
  ], { now: 65_000, levels: new Map([["1", "stuck"]]), notes: new Map([["1", "no line for 1m"]]) });
  for (const colors of [plain, createColors(true)]) {
    const lines = renderBoard(board, { colors, width: 60, file: "out.json", lines: 1234 });
    assert.equal(lines.length, 3);
    for (const line of lines) {
      // deno-lint-ignore no-control-regex
      const visible = line.replace(/\x1b\[[0-9;]*m/g, "");
      assert.ok([...visible].length <= 60, `too wide: ${visible}`);
    }
  }
  const lines = renderBoard(board, { colors: plain, width: 120, file: "out.json", lines: 1234 });
  assert.match(
    lines[0]!,
    /^── out\.json · 2 requests: 1 running, 1 awaiting approval · 1\.2K lines/,
  );
  assert.match(lines[1]!, /^ \[1\] +● running +STUCK +1m05s ago +- tok +no line for 1m$/);
  assert.match(lines[2]!, /^ \["b"\] +✋ awaiting approval/);
});

Deno.test("BoardScreen redraws the board in place and restores the cursor", () => {
  const sink = new MemorySink();
  const screen = new BoardScreen(new BatchedWriter(sink));
  screen.start();
  screen.frame(["event one"], ["board a", "board b"]);
  screen.frame([], ["board c"]);
  screen.stop();
  assert.equal(
    sink.text(),
    "\x1b[?25levent one\nboard a\nboard b\n\x1b[2A\r\x1b[Jboard c\n\x1b[?25h",
  );
});

Deno.test("the board names rollout and exec turns by their short ids, so rows fit 80 columns", async () => {
  for (
    const [file, ids] of [
      ["fixtures/codex-0.169.0/rollout-multi-turn.jsonl", ["[2fe262]", "[994959]"]],
      ["fixtures/codex-0.169.0/exec-shell.jsonl", ["[a63f2a#1]"]],
    ] as const
  ) {
    const { analysis } = await analyzeFile(file);
    const board = buildBoard(analysis.requests, { now: Date.now(), levels: new Map() });
    const lines = renderBoard(board, { colors: plain, width: 80, file, lines: 30 });
    assert.deepEqual(lines.slice(1).map((line) => line.trim().split(/\s+/)[0]), ids);
    // The tokens column is not cut: it shows what the table shows.
    for (const line of lines.slice(1)) assert.match(line, /\d(\.\d)?K tok/);
  }
});
