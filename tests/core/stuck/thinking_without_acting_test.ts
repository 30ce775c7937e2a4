import assert from "node:assert/strict";
import { analyzeCapture } from "./_captures.ts";
import { detectThinkingWithoutActing } from "../../../src/core/stuck/thinking_without_acting.ts";
import { command, context, request } from "./_records.ts";

function thoughts(count: number, start: number) {
  return Array.from({ length: count }, (_, index) => ({
    text: `Thought number ${index} about the task`,
    line: start + index,
  }));
}

Deno.test("thinking without acting warns after six reasoning blocks with no action yet", () => {
  const record = request({ reasoning: thoughts(6, 5) });
  const [finding] = detectThinkingWithoutActing(record, context());
  assert.equal(finding?.kind, "thinking_without_acting");
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "6 reasoning blocks with no command, patch or message yet");
  assert.deepEqual(finding?.evidence.lines, [5, 6, 7, 8, 9, 10]);
  assert.equal(finding?.evidence.text, "Thought number 5 about the task");
});

Deno.test("thinking without acting counts only blocks after the last action", () => {
  const record = request({
    reasoning: [...thoughts(10, 5), ...thoughts(5, 30)],
    commands: [command(["ls"], 20)],
  });
  assert.deepEqual(detectThinkingWithoutActing(record, context()), []);
  const more = request({
    reasoning: [...thoughts(10, 5), ...thoughts(12, 30)],
    commands: [command(["ls"], 20)],
  });
  const [finding] = detectThinkingWithoutActing(more, context());
  assert.equal(finding?.severity, "stuck");
  assert.equal(finding?.reason, "12 reasoning blocks since the last action at line 20");
});

Deno.test("thinking without acting treats messages, patches and approvals as actions", () => {
  const base = { reasoning: thoughts(8, 5) };
  const message = request({ ...base, messages: [{ text: "Done", line: 12 }] });
  assert.deepEqual(detectThinkingWithoutActing(message, context()), []);
  const patch = request({
    ...base,
    patches: [{ callId: "p", files: [], success: true, beginLine: 12, endLine: 13 }],
  });
  assert.deepEqual(detectThinkingWithoutActing(patch, context()), []);
  const approval = request({
    ...base,
    approvals: [{
      serverRequestId: 0,
      kind: "exec",
      callId: "c",
      command: ["touch", "x"],
      message: "",
      line: 12,
      time: null,
      resolved: false,
    }],
  });
  assert.deepEqual(detectThinkingWithoutActing(approval, context()), []);
});

Deno.test("thinking without acting near-miss: five blocks stay quiet", () => {
  assert.deepEqual(
    detectThinkingWithoutActing(request({ reasoning: thoughts(5, 5) }), context()),
    [],
  );
});

function detectIn(path: string) {
  const analysis = analyzeCapture(path);
  return analysis.requests.flatMap((record) =>
    detectThinkingWithoutActing(record, context([], { analysis }))
  );
}

Deno.test("thinking without acting: seven blocks after the last command warn (crafted capture)", () => {
  const [finding, ...rest] = detectIn("fixtures/crafted/stuck/thinking.jsonl");
  assert.equal(rest.length, 0);
  assert.equal(finding?.severity, "warning");
  assert.equal(finding?.reason, "7 reasoning blocks since the last action at line 6");
  assert.deepEqual(finding?.evidence.lines, [9, 11, 13, 15, 17, 19, 21]);
});

Deno.test("thinking without acting stays quiet on five blocks and on real captures", () => {
  for (
    const path of [
      "fixtures/crafted/stuck/thinking-short.jsonl",
      "fixtures/codex-0.47.0/approval-noanswer.jsonl",
      "fixtures/codex-0.153.4/approval-noanswer.jsonl",
      "fixtures/codex-0.47.0/stall.jsonl",
      "fixtures/codex-0.153.4/simple.jsonl",
    ]
  ) {
    assert.deepEqual(detectIn(path), [], path);
  }
});
