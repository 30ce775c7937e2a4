/** The Analyzer on crafted inputs (fixtures/crafted/model/README.md says what each is). */

import assert from "node:assert/strict";
import { Analyzer } from "../../../src/core/analyze/analyzer.ts";
import type { Analysis, RequestRecord } from "../../../src/core/model/types.ts";
import { analyzeBytes, analyzeFixture, plainEventCounts, readFixture } from "./_analyze.ts";

const encoder = new TextEncoder();

function request(analysis: Analysis, key: string): RequestRecord {
  const found = analysis.requests.find((item) => item.key === key);
  assert.ok(found, `request ${key} exists`);
  return found;
}

function lines(...values: (string | object)[]): Uint8Array {
  return encoder.encode(
    values.map((value) => typeof value === "string" ? value : JSON.stringify(value)).join("\n") +
      "\n",
  );
}

function event(requestId: number | string, msg: object, threadId?: string): object {
  const meta = threadId === undefined ? { requestId } : { requestId, threadId };
  return { jsonrpc: "2.0", method: "codex/event", params: { _meta: meta, id: "x", msg } };
}

function total(tokens: number): object {
  const usage = {
    input_tokens: tokens,
    cached_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
    total_tokens: tokens,
  };
  return {
    type: "token_count",
    info: { total_token_usage: usage, last_token_usage: usage, model_context_window: 1000 },
  };
}

for (const detail of ["summary", "full"] as const) {
  Deno.test(`Analyzer reads the legacy 0.20 shape once per event and sums its flat token counts (${detail})`, () => {
    const path = "crafted/model/legacy-0.20.jsonl";
    const { analysis } = analyzeFixture(path, { detail });
    assert.equal(analysis.codexVersion, "0.20.0");
    assert.deepEqual(analysis.eventCounts, plainEventCounts(path));
    assert.equal(analysis.eventCounts.token_count, 2);
    assert.equal(analysis.lines.other, 0);
    const record = request(analysis, "1");
    assert.equal(record.state, "completed");
    assert.equal(record.rolloutPath, null);
    assert.deepEqual(record.tokens, {
      input: 2200,
      cachedInput: 1000,
      output: 80,
      reasoningOutput: 20,
      total: 2280,
    });
    assert.deepEqual(record.sessionTokens, record.tokens);
    assert.equal(record.lastTokenUsage?.total, 1230);
    // Reasoning is detail: the summary keeps none.
    const reasoning = detail === "full" ? ["**Plan**\n\nLook around.", "**Act**\n\nRun ls."] : [];
    assert.deepEqual(record.reasoning.map((block) => block.text), reasoning);
    assert.deepEqual(
      record.commands.map((command) => [command.command, command.exitCode, command.durationMs]),
      [
        [["bash", "-lc", "ls"], 0, 5],
      ],
    );
    assert.equal(record.messages.length, 1);
  });

  Deno.test(`Analyzer keeps request 1 and request "1" apart (${detail})`, () => {
    const { analysis } = analyzeFixture("crafted/model/string-ids.jsonl", { detail });
    assert.deepEqual(analysis.requests.map((record) => record.key), ["1", '"1"']);
    const [number, text] = [request(analysis, "1"), request(analysis, '"1"')];
    assert.equal(number.requestId, 1);
    assert.equal(text.requestId, "1");
    assert.notEqual(number.threadId, text.threadId);
    assert.equal(number.state, "completed");
    assert.equal(number.tokens?.total, 110);
    assert.equal(text.state, "awaiting_approval");
    // The elicitation reads "1" for both; its call id names the string request's approval.
    assert.deepEqual(number.approvals, []);
    assert.equal(text.approvals.length, 1);
    assert.equal(text.approvals[0]?.serverRequestId, 0);
    assert.equal(text.approvals[0]?.callId, "call_s");
    assert.deepEqual(text.approvals[0]?.command, ["bash", "-lc", "rm -rf build"]);
  });

  Deno.test(`Analyzer counts unknown event types and keeps going (${detail})`, () => {
    const path = "crafted/model/unknown-types.jsonl";
    const { analysis } = analyzeFixture(path, { detail });
    assert.equal(analysis.eventCounts.hologram_projection_begin, 2);
    assert.equal(analysis.eventCounts.quantum_state, 1);
    assert.deepEqual(analysis.eventCounts, plainEventCounts(path));
    const record = request(analysis, "7");
    assert.deepEqual(record.eventCounts, plainEventCounts(path, "7"));
    assert.equal(record.state, "completed");
    assert.equal(record.finalMessage, "still here");
    assert.equal(record.model, "gpt-9");
    // The unknown server request and the stray JSON object are JSON, but no message codexmon knows.
    assert.equal(analysis.lines.other, 2);
    assert.equal(analysis.lines.json, 10);
    assert.deepEqual(analysis.requests.map((item) => item.key), ["7"]);
  });

  Deno.test(`Analyzer leaves a request open when its server went away as no_response (${detail})`, () => {
    const { analysis } = analyzeFixture("crafted/model/server-gone.jsonl", { detail });
    assert.equal(analysis.serverExited, true);
    assert.equal(request(analysis, "1").state, "completed");
    const open = request(analysis, "2");
    assert.equal(open.state, "no_response");
    assert.deepEqual(open.commands.map((command) => [command.command.at(-1), command.exitCode]), [[
      "sleep 1000",
      null,
    ]]);
    assert.equal(
      analysis.textLines.at(-1)?.text,
      "2026-11-24T12:31:43.248017Z  INFO codex_mcp_server: stdout writer exited (channel closed)",
    );
  });
}

Deno.test("Analyzer merges the deltas of parts that never got a full text, once", () => {
  const { analysis, entries } = analyzeFixture("crafted/model/deltas-only.jsonl", {
    detail: "full",
  });
  const old = request(analysis, "1");
  assert.deepEqual(old.reasoning.map((block) => [block.text, block.line]), [
    ["**First**\n\nPart one.", 9],
    ["**Second**\n\nPart two.", 6],
  ]);
  assert.deepEqual(old.messages.map((message) => message.text), ["Half a mess"]);
  assert.equal(old.finalMessage, "Half a mess");
  assert.equal(old.state, "running");
  const next = request(analysis, "2");
  assert.equal(next.threadId, "0198a000-0000-7000-8000-0000000000ee");
  assert.deepEqual(next.reasoning.map((block) => block.text), ["**Thinking**\n\nAbout it."]);
  assert.deepEqual(next.messages.map((message) => message.text), ["Partial answer"]);
  const texts = entries.filter((entry) => entry.kind === "reasoning" || entry.kind === "message")
    .map((entry) => entry.text);
  assert.deepEqual(texts.toSorted(), [
    "**First**\n\nPart one.",
    "**Second**\n\nPart two.",
    "**Thinking**\n\nAbout it.",
    "Half a mess",
    "Partial answer",
  ]);
});

Deno.test("Analyzer summary merges no deltas and keeps no reasoning", () => {
  const { analysis } = analyzeFixture("crafted/model/deltas-only.jsonl");
  assert.deepEqual(request(analysis, "1").reasoning, []);
  assert.deepEqual(request(analysis, "2").reasoning, []);
  assert.deepEqual(request(analysis, "1").messages, []);
  assert.equal(request(analysis, "1").finalMessage, null);
});

Deno.test("Analyzer counts a torn last line as incomplete and never parses it", () => {
  const whole = readFixture("codex-0.47.0/simple.jsonl");
  // Cut inside the final response line.
  const torn = whole.subarray(0, whole.length - 40);
  const { analysis } = analyzeBytes(torn);
  assert.equal(analysis.lines.incomplete, 1);
  assert.equal(analysis.lines.total, 37);
  assert.equal(analysis.lines.json, 36);
  // task_complete came, the result line is torn: done, but no result text.
  assert.equal(analysis.requests[0]?.state, "completed");
  assert.equal(analysis.requests[0]?.endLine, 36);
});

Deno.test("Analyzer falls back to parsing when an event line has an unusual key order", () => {
  const bytes = lines(
    {
      params: {
        msg: { type: "session_configured", session_id: "s1", model: "m" },
        _meta: { requestId: 3 },
        id: "",
      },
      method: "codex/event",
      jsonrpc: "2.0",
    },
    {
      jsonrpc: "2.0",
      method: "codex/event",
      params: {
        _meta: { requestId: 3 },
        id: "3",
        msg: { type: "agent_message_delta", delta: 'a"b' },
      },
    },
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":"a\\"b"},"id":"3","msg":{"type":"task_started"}}}',
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":03},"id":"3","msg":{"type":"task_started"}}}',
  );
  const { analysis } = analyzeBytes(bytes);
  assert.deepEqual(analysis.requests.map((record) => record.key), ["3", '"a\\"b"']);
  assert.equal(request(analysis, "3").tool, "codex");
  assert.equal(request(analysis, "3").eventCounts.agent_message_delta, 1);
  // A leading zero is invalid JSON: a text line, not an event of request 3.
  assert.equal(analysis.lines.text, 1);
  assert.equal(analysis.lines.json, 3);
});

Deno.test("Analyzer starts a new record when a client reuses an id after its request ended", () => {
  const bytes = lines(
    event(1, { type: "session_configured", session_id: "s1", model: "m" }),
    event(1, { type: "task_started" }),
    { jsonrpc: "2.0", id: 1, result: { content: [{ type: "text", text: "first" }] } },
    event(1, { type: "session_configured", session_id: "s2", model: "m" }),
    event(1, { type: "task_started" }),
  );
  const { analysis } = analyzeBytes(bytes);
  assert.deepEqual(analysis.requests.map((record) => [record.key, record.state, record.threadId]), [
    ["1", "completed", "s1"],
    ["1#2", "running", "s2"],
  ]);
});

Deno.test("Analyzer joins a 0.47 reply by its first token total when several sessions exist", () => {
  const bytes = lines(
    event(1, { type: "session_configured", session_id: "s1", model: "m1" }),
    event(2, { type: "session_configured", session_id: "s2", model: "m2" }),
    event(1, total(100)),
    event(2, total(250)),
    { jsonrpc: "2.0", id: 1, result: { content: [] } },
    { jsonrpc: "2.0", id: 2, result: { content: [] } },
    event(3, { type: "task_started" }),
    event(3, total(250)),
    event(3, { type: "agent_message", message: "hi" }),
    event(3, total(400)),
    event(3, { type: "task_complete", last_agent_message: "hi" }),
  );
  const reply = request(analyzeBytes(bytes).analysis, "3");
  assert.equal(reply.tool, "codex-reply");
  assert.equal(reply.threadId, "s2");
  assert.equal(reply.model, "m2");
  assert.equal(reply.tokens?.total, 150);
  assert.equal(reply.sessionTokens?.total, 400);
});

Deno.test("Analyzer leaves an undecidable 0.47 reply without a thread but still finds its share", () => {
  const bytes = lines(
    event(1, { type: "session_configured", session_id: "s1" }),
    event(2, { type: "session_configured", session_id: "s2" }),
    event(1, total(100)),
    event(2, total(100)),
    event(3, { type: "task_started" }),
    event(3, total(100)),
    event(3, { type: "agent_message", message: "hi" }),
    event(3, total(130)),
  );
  const reply = request(analyzeBytes(bytes).analysis, "3");
  assert.equal(reply.threadId, null);
  assert.equal(reply.tokens?.total, 30);
});

Deno.test("Analyzer fails a request on a JSON-RPC error but makes no record for an unknown method", () => {
  const bytes = lines(
    event(4, { type: "session_configured", session_id: "s4" }),
    { jsonrpc: "2.0", id: 4, error: { code: -32603, message: "internal error" } },
    {
      jsonrpc: "2.0",
      id: 10,
      error: { code: -32601, message: "method not found: does/not/exist" },
    },
  );
  const { analysis } = analyzeBytes(bytes);
  assert.deepEqual(analysis.requests.map((record) => [record.key, record.state]), [[
    "4",
    "failed",
  ]]);
  assert.deepEqual(request(analysis, "4").errors.map((error) => [error.kind, error.message]), [
    ["protocol_error", "internal error (-32603)"],
  ]);
});

Deno.test("Analyzer cancels a request on turn_aborted", () => {
  const { analysis, entries } = analyzeBytes(
    lines(
      event(1, { type: "task_started" }),
      event(1, { type: "turn_aborted", reason: "interrupted" }),
    ),
    { detail: "full" },
  );
  assert.equal(request(analysis, "1").state, "cancelled");
  assert.deepEqual(entries.at(-1), {
    key: "1",
    line: 2,
    time: null,
    kind: "event",
    type: "turn_aborted",
    text: "turn aborted: interrupted",
  });
});

Deno.test("Analyzer turns open requests into no_response when told the server exited", () => {
  const analyzer = new Analyzer();
  analyzer.pushLine(lines(event(1, { type: "task_started" })).subarray(0, -1), { line: 1 });
  assert.equal(analyzer.analysis().requests[0]?.state, "running");
  analyzer.markServerExited();
  assert.equal(analyzer.analysis().requests[0]?.state, "no_response");
  assert.equal(analyzer.analysis().serverExited, true);
});

Deno.test("Analyzer reports which requests changed since the last call", () => {
  const analyzer = new Analyzer();
  const push = (line: number, value: object) =>
    analyzer.pushLine(encoder.encode(JSON.stringify(value)), { line, time: 1000 + line });
  push(1, event(1, { type: "task_started" }));
  push(2, event(2, { type: "task_started" }));
  assert.deepEqual(analyzer.takeChanged(), ["1", "2"]);
  assert.deepEqual(analyzer.takeChanged(), []);
  push(3, event(2, { type: "agent_message_delta", delta: "x" }));
  assert.deepEqual(analyzer.takeChanged(), ["2"]);
  assert.equal(analyzer.analysis().requests[1]?.lastTime, 1003);
});

Deno.test("Analyzer returns records that later lines do not change", () => {
  const analyzer = new Analyzer();
  const bytes = lines(
    event(1, { type: "exec_command_begin", call_id: "c", command: ["ls"], cwd: "/" }),
    event(1, {
      type: "exec_command_end",
      call_id: "c",
      exit_code: 1,
      aggregated_output: "x",
      duration: { secs: 1, nanos: 5e8 },
    }),
  );
  const text = new TextDecoder().decode(bytes).split("\n");
  analyzer.pushLine(encoder.encode(text[0]), { line: 1 });
  const before = analyzer.analysis();
  analyzer.pushLine(encoder.encode(text[1]), { line: 2 });
  const after = analyzer.analysis();
  assert.equal(before.requests[0]?.commands[0]?.exitCode, null);
  assert.equal(after.requests[0]?.commands[0]?.exitCode, 1);
  assert.equal(after.requests[0]?.commands[0]?.durationMs, 1500);
});

Deno.test("Analyzer keeps only the last 50 text lines, ANSI stripped and decoded with replacement", () => {
  const parts: Uint8Array[] = [];
  for (let i = 1; i <= 60; i++) parts.push(encoder.encode(`\x1b[31mline ${i}\x1b[0m\n`));
  parts.push(new Uint8Array([0x62, 0x61, 0x64, 0xff, 0x0a]));
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  const { analysis, entries } = analyzeBytes(bytes, { detail: "full" });
  assert.equal(analysis.lines.text, 61);
  assert.equal(analysis.textLines.length, 50);
  assert.deepEqual(analysis.textLines[0], { line: 12, text: "line 12" });
  assert.deepEqual(analysis.textLines.at(-1), { line: 61, text: "bad\uFFFD" });
  assert.equal(entries.length, 61);
  assert.ok(entries.every((entry) => entry.kind === "text" && entry.key === null));
  assert.equal(analysis.format, "unknown");
});

Deno.test("Analyzer detects the app-server format and hands its lines to the app-server reducer", () => {
  const { analysis } = analyzeFixture("codex-0.169.0/app-server-shell.jsonl");
  assert.equal(analysis.format, "app-server");
  assert.equal(analysis.requests.length, 1);
  assert.equal(analysis.lines.text, 1);
  assert.ok(analysis.lines.other < analysis.lines.json);
});
