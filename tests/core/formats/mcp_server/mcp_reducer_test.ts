/**
 * The mcp-server reducer's byte paths: the summary reads frequent lines from their bytes, and
 * must find exactly what parsing the same lines finds. The oracle is the same analysis with a
 * space before every line, which no byte path accepts (JSON allows it, so the lines parse).
 * Parsed that way, the summary also reads the reasoning and prompts it otherwise skips, so
 * they are left out of the comparison (no byte path reads them).
 */

import assert from "node:assert/strict";
import type { Analysis } from "../../../../src/core/model/types.ts";
import { Analyzer } from "../../../../src/core/analyze/analyzer.ts";
import { LineKernel } from "../../../../src/core/wasm/line_kernel.ts";
import {
  analyzeBytes,
  type AnalyzeOptions,
  CAPTURES,
  pathFacts,
  readFixture,
  splitLines,
} from "../../analyze/_analyze.ts";

const encoder = new TextEncoder();

/** The same lines, each behind a space: every line then takes the parse path. */
function parsedOnly(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  return encoder.encode(text.split("\n").map((line) => line === "" ? line : ` ${line}`).join("\n"));
}

function assertSameAsParsed(bytes: Uint8Array, options: AnalyzeOptions = {}): Analysis {
  const fast = analyzeBytes(bytes, options).analysis;
  const parsed = analyzeBytes(parsedOnly(bytes), options).analysis;
  assert.deepEqual(pathFacts(fast), pathFacts(parsed));
  return fast;
}

function lines(...values: (string | object)[]): Uint8Array {
  return encoder.encode(
    values.map((value) => typeof value === "string" ? value : JSON.stringify(value)).join("\n") +
      "\n",
  );
}

/** An event line in the 0.153 shape (`threadId` in `_meta`, `id` after `msg`). */
function event(requestId: number | string, msg: object): object {
  return {
    jsonrpc: "2.0",
    method: "codex/event",
    params: { _meta: { requestId, threadId: "t-1" }, msg, id: "turn-1" },
  };
}

function toolResult(id: number | string, texts: string[]): object {
  return { id, jsonrpc: "2.0", result: { content: texts.map((text) => ({ text, type: "text" })) } };
}

for (const path of CAPTURES) {
  Deno.test(`McpReducer summary reads ${path} from bytes exactly as parsing does`, () => {
    const bytes = readFixture(path);
    assertSameAsParsed(bytes);
    assertSameAsParsed(bytes, { keepFinished: 1 });
  });
}

Deno.test("McpReducer summary reads the frequent small events from bytes as parsing does", () => {
  const analysis = assertSameAsParsed(lines(
    event(7, {
      type: "session_configured",
      session_id: "t-1",
      model: "gpt-5.2",
      approval_policy: "never",
      permission_profile: { type: "disabled", nested: ['a"}', { deep: [1, 2] }] },
      cwd: "file:///home/demo/a%20b",
      rollout_path: "/tmp/r\u00e9\\x.jsonl",
    }),
    event(7, { type: "task_started", turn_id: "turn-9", model_context_window: 258400 }),
    event(7, {
      type: "exec_command_begin",
      call_id: "call_1",
      command: ["/bin/bash", "-lc", 'echo "hi"\n'],
      cwd: "/w",
      parsed_cmd: [{ type: "unknown", cmd: "echo" }],
    }),
    event(7, { type: "agent_message", message: 'Line one\nline "two" \u2603', phase: null }),
    event(7, { type: "task_complete", last_agent_message: "done \u{1F600}", duration_ms: 5 }),
    toolResult(7, ["first", "second \\ part"]),
  ));
  const record = analysis.requests[0];
  assert.ok(record);
  assert.equal(record.model, "gpt-5.2");
  assert.equal(record.cwd, "/home/demo/a b");
  assert.equal(record.rolloutPath, "/tmp/r\u00e9\\x.jsonl");
  assert.equal(record.turnId, "turn-9");
  assert.equal(record.contextWindow, 258400);
  assert.deepEqual(record.commands.map((command) => command.command), [
    ["/bin/bash", "-lc", 'echo "hi"\n'],
  ]);
  assert.equal(record.finalMessage, "first\nsecond \\ part");
  assert.equal(record.state, "completed");
});

Deno.test("McpReducer summary falls back to parsing on shapes its byte readers do not take", () => {
  assertSameAsParsed(lines(
    event("s", { type: "task_started", model_context_window: -5, turn_id: null }),
    event("s", { type: "agent_message", message: 12 }),
    event("s", { type: "exec_command_begin", call_id: "c", command: ["a", 1], cwd: 3.5 }),
    // A second type key: parsing takes the last one.
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":"s"},"msg":{"type":"agent_message","message":"x","type":"task_complete"},"id":"t"}}',
    // Not JSON at all after a valid start: must stay a text line.
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":"s"},"msg":{"type":"agent_message","message":"x"},"id":"t"}}}',
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":"s"},"msg":{"type":"agent_message","message":"a\tb"},"id":"t"}}',
    toolResult("s", []),
    toolResult(8, ["a"]),
    '{"id":08,"jsonrpc":"2.0","result":{"content":[{"text":"x","type":"text"}]}}',
    '{"id":9,"jsonrpc":"2.0","result":{"content":[{"text":"x","type":"text"}]}}}',
    '{"id":10,"jsonrpc":"2.0","result":{"content":[{"text":"x","type":"image"}]}}',
    '{"id":11,"jsonrpc":"2.0","result":{"content":[{"text":"x","type":"text"},{"text":"y","type":"text"}],"isError":true}}',
  ));
});

Deno.test("McpReducer summary keeps a raw control character out of a string it reads", () => {
  const bytes = lines(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":1},"msg":{"type":"agent_message","message":"a\tb"},"id":"t"}}',
  );
  const analysis = assertSameAsParsed(bytes);
  // JSON forbids a raw tab inside a string: the line is text, not an event.
  assert.equal(analysis.lines.text, 1);
  assert.equal(analysis.requests.length, 0);
});

/** A response in the 0.153 key order (`jsonrpc` first). */
function response(id: unknown, result: unknown): object {
  return { jsonrpc: "2.0", id, result };
}

Deno.test("McpReducer summary reads 0.153 tools/call answers from bytes as parsing does", () => {
  const begin = (id: number | string) =>
    event(id, { type: "task_started", turn_id: `turn-${id}`, model_context_window: 9 });
  const analysis = assertSameAsParsed(lines(
    begin(1),
    response(1, {
      structuredContent: { threadId: "t-9", content: 'Answer "one"' },
      content: [{ type: "text", text: 'Answer "one"' }, { type: "text", text: "more" }],
    }),
    begin(2),
    response(2, {
      isError: true,
      content: [{ type: "text", text: "high demand" }],
      structuredContent: { threadId: "t-2", content: "high demand", extra: [1, { a: 2 }] },
    }),
    begin("3"),
    response("3", { content: [{ type: "image", data: "xx" }, { type: "text", text: "t" }] }),
    begin(4),
    response(4, {
      content: [],
      structuredContent: { threadId: "t-4", content: "from structured" },
    }),
    begin(5),
    response(5, { error: "boom" }),
    begin(6),
    response(6, { content: [{ type: "text", text: "x" }], isError: false, other: 1 }),
    response(0, { protocolVersion: "2025-06-18", serverInfo: { name: "codex", version: "9.9.9" } }),
    response(null, { content: [] }),
    begin(7),
    '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"x"}]},"method":"m"}',
    '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"x"}]}}}',
    '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"x"},]}}',
    '{"jsonrpc":"2.0","id":7,"result":{"structuredContent":{"threadId":"t"} ,"content":[]}}',
  ));
  const byKey = new Map(analysis.requests.map((record) => [record.key, record]));
  assert.equal(byKey.get("1")?.finalMessage, 'Answer "one"\nmore');
  assert.equal(byKey.get("1")?.state, "completed");
  assert.equal(byKey.get("2")?.state, "failed");
  assert.equal(byKey.get('"3"')?.finalMessage, "t");
  assert.equal(byKey.get("4")?.finalMessage, "from structured");
  assert.equal(byKey.get("5")?.state, "failed");
  assert.equal(analysis.codexVersion, "9.9.9");
});

Deno.test("McpReducer starts a new request for an event naming a request it already let go", () => {
  // With nothing held back, request 7 is let go at its result; the next event for 7 (no
  // restart type) must make `7#2`, not land in the request that is gone.
  const bytes = lines(
    event(7, { type: "task_started", turn_id: "turn-1", model_context_window: 1000 }),
    event(7, { type: "agent_message", message: "first" }),
    toolResult(7, ["first"]),
    event(7, { type: "agent_message", message: "late" }),
    event("7", { type: "agent_message", message: "string id" }),
  );
  const released: string[] = [];
  const bounded = analyzeBytes(bytes, {
    keepFinished: 0,
    onRequestDone: (record) => released.push(`${record.key}:${record.finalMessage}`),
  }).analysis;
  assert.deepEqual(released, ["7:first"]);
  assert.deepEqual(
    bounded.requests.map((record) => [record.key, record.state, record.finalMessage]),
    [["7#2", "running", "late"], ['"7"', "running", "string id"]],
  );
  assertSameAsParsed(bytes, { keepFinished: 0 });
});

Deno.test("McpReducer counts a line missing only its final brace as text in every view", () => {
  const complete = JSON.stringify(event(3, { type: "agent_reasoning_section_break" }));
  const bytes = lines(
    event(3, { type: "task_started", turn_id: "t" }),
    complete.slice(0, -1),
    complete.slice(0, -1).replace("break", "break2"),
  );
  for (const detail of ["summary", "full"] as const) {
    const analysis = analyzeBytes(bytes, { detail }).analysis;
    assert.deepEqual(analysis.lines, {
      total: 3,
      json: 1,
      text: 2,
      other: 0,
      incomplete: 0,
      tooLong: 0,
    });
    assert.equal(analysis.eventCounts.agent_reasoning_section_break, undefined);
  }
});

Deno.test("McpReducer counts a torn line of an unknown type as text in every view", () => {
  const torn = '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":4},' +
    '"id":"","msg":{"type":"brand_new_event","text":"cut here}}}';
  const bytes = lines(event(4, { type: "task_started", turn_id: "t" }), torn);
  for (const detail of ["summary", "full"] as const) {
    const analysis = analyzeBytes(bytes, { detail }).analysis;
    assert.deepEqual(analysis.lines, {
      total: 2,
      json: 1,
      text: 1,
      other: 0,
      incomplete: 0,
      tooLong: 0,
    });
    assert.equal(analysis.eventCounts.brand_new_event, undefined);
  }
});

Deno.test("McpReducer summary reads no tool result from a line that is not complete JSON", () => {
  const bytes = lines(
    event(5, { type: "task_started", turn_id: "t" }),
    '{"id":5,"jsonrpc":"2.0","result":{"content":[{"text":"a\u0001b","type":"text"}]}}',
  );
  for (const detail of ["summary", "full"] as const) {
    const analysis = analyzeBytes(bytes, { detail }).analysis;
    assert.equal(analysis.lines.text, 1);
    assert.equal(analysis.requests[0]?.state, "running");
  }
});

/** `bytes` analysed as the file reader does: each line in a line kernel's memory. */
function analyzeInKernel(bytes: Uint8Array, detail: "summary" | "full"): Analysis {
  const analyzer = new Analyzer({ detail });
  const kernel = new LineKernel(bytes.length + 64);
  const { lines } = splitLines(bytes);
  let at = 0;
  lines.forEach((line, index) => {
    kernel.bytes.set(line, at);
    analyzer.pushLineRange(kernel.bytes, at, at + line.length, { line: index + 1, kernel });
    at += line.length + 1;
  });
  return analyzer.finish();
}

Deno.test("McpReducer reads answers checked in the line kernel as it reads them checked in JavaScript", () => {
  const torn = lines(
    event(5, { type: "task_started", turn_id: "t" }),
    '{"id":5,"jsonrpc":"2.0","result":{"content":[{"text":"a\u0001b","type":"text"}]}}',
    '{"jsonrpc":"2.0","id":5,"result":{"content":[{"text":"a\\qb","type":"text"}]}}',
  );
  const samples = [torn, ...CAPTURES.map((path) => readFixture(path))];
  for (const bytes of samples) {
    for (const detail of ["summary", "full"] as const) {
      assert.deepEqual(analyzeInKernel(bytes, detail), analyzeBytes(bytes, { detail }).analysis);
    }
  }
  assert.equal(analyzeInKernel(torn, "summary").lines.text, 2);
});
