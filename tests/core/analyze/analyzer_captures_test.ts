/** The Analyzer on every real capture: facts checked against the capture and its `.md`. */

import assert from "node:assert/strict";
import type { Analysis, RequestRecord } from "../../../src/core/model/types.ts";
import {
  analyzeFixture,
  CAPTURES,
  captureTimes,
  parsedLines,
  plainEventCounts,
  plainEvents,
  plainLastTotal,
} from "./_analyze.ts";

function request(analysis: Analysis, key: string): RequestRecord {
  const found = analysis.requests.find((item) => item.key === key);
  assert.ok(found, `request ${key} exists`);
  return found;
}

function argvAndExit(record: RequestRecord): [string[], number | null][] {
  return record.commands.map((command) => [command.command, command.exitCode]);
}

for (const path of CAPTURES) {
  Deno.test(`Analyzer counts every event type of ${path} exactly as a plain count does`, () => {
    const { analysis } = analyzeFixture(path);
    assert.deepEqual(analysis.eventCounts, plainEventCounts(path));
    for (const record of analysis.requests) {
      assert.deepEqual(record.eventCounts, plainEventCounts(path, record.key));
    }
  });

  Deno.test(`Analyzer counts the JSON and text lines of ${path}`, () => {
    const { analysis } = analyzeFixture(path);
    const parsed = parsedLines(path);
    assert.equal(analysis.lines.total, parsed.length);
    assert.equal(analysis.lines.json, parsed.filter((value) => value !== null).length);
    assert.equal(analysis.lines.text, parsed.filter((value) => value === null).length);
    assert.equal(analysis.lines.other, 0);
    assert.equal(analysis.format, "mcp-server");
  });

  Deno.test(`Analyzer reports the last cumulative token total of each request in ${path}`, () => {
    const { analysis } = analyzeFixture(path);
    for (const record of analysis.requests) {
      assert.equal(
        record.sessionTokens?.total ?? null,
        plainLastTotal(path, record.key),
        record.key,
      );
    }
  });

  Deno.test(`Analyzer keeps each reasoning part of ${path} once in full detail`, () => {
    const { analysis, entries } = analyzeFixture(path, { detail: "full" });
    for (const record of analysis.requests) {
      const fullTexts = plainEvents(path).filter((event) =>
        event.requestKey === record.key && event.msg.type === "agent_reasoning"
      ).map((event) => event.msg.text);
      assert.deepEqual(record.reasoning.map((block) => block.text), fullTexts, record.key);
      const reasoningEntries = entries.filter((entry) =>
        entry.key === record.key && entry.kind === "reasoning"
      );
      assert.deepEqual(reasoningEntries.map((entry) => entry.text), fullTexts);
    }
  });

  Deno.test(`Analyzer agrees with itself on states, tokens and commands of ${path} in both details`, () => {
    const summary = analyzeFixture(path).analysis;
    const full = analyzeFixture(path, { detail: "full" }).analysis;
    const facts = (analysis: Analysis) =>
      analysis.requests.map((record) => ({
        key: record.key,
        state: record.state,
        tool: record.tool,
        threadId: record.threadId,
        tokens: record.tokens,
        sessionTokens: record.sessionTokens,
        commands: record.commands,
        finalMessage: record.finalMessage,
        eventCounts: record.eventCounts,
      }));
    assert.deepEqual(facts(summary), facts(full));
    assert.deepEqual(summary.eventCounts, full.eventCounts);
  });
}

Deno.test("Analyzer reads 0.47 simple.jsonl: one completed codex request with two reasoning parts", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/simple.jsonl", { detail: "full" });
  assert.equal(analysis.codexVersion, "0.47.0");
  assert.equal(analysis.requests.length, 1);
  const record = request(analysis, "1");
  assert.equal(record.requestId, 1);
  assert.equal(record.tool, "codex");
  assert.equal(record.state, "completed");
  assert.equal(record.threadId, "01a20d87-2718-7f22-a172-dca3217b2f3c");
  assert.equal(record.model, "gpt-5-codex");
  assert.equal(
    record.rolloutPath,
    "/home/demo/.codex/sessions/2026/11/24/rollout-2026-11-24T12-28-10-01a20d87-2718-7f22-a172-dca3217b2f3c.jsonl",
  );
  assert.equal(
    record.finalMessage,
    "This is a tiny demo project: a README, a notes file and a TypeScript entry point that prints hello.",
  );
  assert.deepEqual(record.reasoning.map((block) => block.text), [
    "**Reading the project**\n\nThe user wants a one-sentence summary of the repository.",
    "**Answering**\n\nI will describe the files briefly.",
  ]);
  assert.deepEqual(record.tokens, {
    input: 2400,
    cachedInput: 0,
    output: 90,
    reasoningOutput: 40,
    total: 2490,
  });
  assert.equal(record.contextWindow, 272000);
  assert.equal(record.firstLine, 2);
  assert.equal(record.endLine, 37);
  assert.equal(record.lastEventType, "task_complete");
});

Deno.test("Analyzer reads 0.153 simple.jsonl without repeating reasoning from item_completed and raw items", () => {
  const { analysis, entries } = analyzeFixture("codex-0.153.4/simple.jsonl", { detail: "full" });
  assert.equal(analysis.codexVersion, "0.153.4");
  const record = request(analysis, "1");
  assert.equal(record.state, "completed");
  assert.equal(record.threadId, "01a20d8a-6d74-73c3-9c5d-0d9ad0c098b6");
  assert.equal(record.turnId, "01a20d8a-6d85-7450-bcf0-f878ed2209c2");
  assert.equal(record.model, "gpt-5.2");
  assert.equal(record.cwd, "/home/demo/project");
  assert.equal(record.contextWindow, 258400);
  assert.equal(record.reasoning.length, 2);
  assert.equal(record.messages.length, 1);
  assert.equal(entries.filter((entry) => entry.kind === "reasoning").length, 2);
  assert.equal(entries.filter((entry) => entry.kind === "message").length, 1);
  assert.deepEqual(analysis.textLines, [{
    line: 1,
    text: "warning: `codex mcp-server` is deprecated and will be removed in a future release.",
  }]);
});

for (const version of ["0.47.0", "0.153.4"]) {
  Deno.test(`Analyzer pairs the commands of ${version} shell.jsonl by call id with exit codes`, () => {
    const { analysis } = analyzeFixture(`codex-${version}/shell.jsonl`);
    const record = request(analysis, "1");
    const shell = version === "0.47.0" ? "bash" : "/bin/bash";
    assert.deepEqual(argvAndExit(record), [
      [[shell, "-lc", "ls -la"], 0],
      [[shell, "-lc", "echo hi"], 0],
      [[shell, "-lc", "ls does-not-exist"], 2],
    ]);
    assert.deepEqual(record.commands.map((command) => command.callId), [
      "call_1_0",
      "call_2_0",
      "call_2_1",
    ]);
    // 0.153 sends the cwd as file:///home/demo/project.
    assert.ok(record.commands.every((command) => command.cwd === "/home/demo/project"));
    assert.equal(record.cwd, "/home/demo/project");
    assert.equal(record.tokens?.total, 8535);
    assert.ok(
      record.commands.every((command) => command.durationMs !== null && command.endLine !== null),
    );
    assert.match(record.commands[2]?.output ?? "", /does-not-exist/);
  });

  Deno.test(`Analyzer joins the codex-reply of ${version} multi-turn.jsonl to its session`, () => {
    const { analysis } = analyzeFixture(`codex-${version}/multi-turn.jsonl`);
    const first = request(analysis, "1");
    const reply = request(analysis, "2");
    assert.equal(first.tool, "codex");
    assert.equal(reply.tool, "codex-reply");
    assert.ok(first.threadId !== null);
    assert.equal(reply.threadId, first.threadId);
    assert.equal(reply.model, first.model);
    assert.equal(first.tokens?.total, 2490);
    // The reply's own share: 6045 at its end minus 2490 before it.
    assert.deepEqual(reply.tokens, {
      input: 3450,
      cachedInput: 2048,
      output: 105,
      reasoningOutput: 40,
      total: 3555,
    });
    assert.equal(reply.sessionTokens?.total, 6045);
    assert.equal(reply.finalMessage, "You asked me to remember 42.");
  });

  Deno.test(`Analyzer keeps the two interleaved requests of ${version} apart`, () => {
    const { analysis } = analyzeFixture(`codex-${version}/interleaved.jsonl`);
    const [a, b] = [request(analysis, "1"), request(analysis, "2")];
    assert.notEqual(a.threadId, b.threadId);
    assert.equal(a.tool, "codex");
    assert.equal(b.tool, "codex");
    assert.deepEqual(a.commands, []);
    assert.deepEqual(b.commands.map((command) => command.command.at(-1)), ["echo from-B"]);
    assert.match(a.finalMessage ?? "", /^Task A result/);
    assert.match(b.finalMessage ?? "", /^Task B result/);
  });

  Deno.test(`Analyzer shows ${version} approval-noanswer.jsonl as awaiting approval`, () => {
    const { analysis } = analyzeFixture(`codex-${version}/approval-noanswer.jsonl`);
    const record = request(analysis, "1");
    assert.equal(record.state, "awaiting_approval");
    assert.equal(record.approvals.length, 1);
    const approval = record.approvals[0];
    assert.equal(approval?.kind, "exec");
    assert.equal(approval?.callId, "call_1_0");
    assert.equal(approval?.serverRequestId, 0);
    assert.equal(approval?.resolved, false);
    assert.equal(approval?.command?.at(-1), "touch approved.txt");
    assert.match(approval?.message ?? "", /^Allow Codex to run/);
    assert.deepEqual(record.commands, []);
  });

  Deno.test(`Analyzer fails ${version} http-500.jsonl after five counted retries`, () => {
    const { analysis } = analyzeFixture(`codex-${version}/http-500.jsonl`);
    const record = request(analysis, "1");
    assert.equal(record.state, "failed");
    const retries = record.errors.filter((error) => error.kind === "stream_error");
    assert.deepEqual(retries.map((error) => [error.attempt, error.maxAttempts]), [
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [5, 5],
    ]);
    const message = "We're currently experiencing high demand, which may cause temporary errors.";
    assert.deepEqual(
      record.errors.filter((error) => error.kind === "error").map((error) => error.message),
      [message],
    );
    assert.deepEqual(
      record.errors.filter((error) => error.kind === "result_error").map((error) => error.message),
      [
        message,
      ],
    );
    assert.equal(record.finalMessage, null);
    assert.equal(record.endLine, version === "0.47.0" ? 10 : 18);
  });

  Deno.test(`Analyzer makes no request of the tools/list response in ${version} no-initialize.jsonl`, () => {
    const { analysis } = analyzeFixture(`codex-${version}/no-initialize.jsonl`);
    assert.deepEqual(analysis.requests.map((record) => record.key), ["2"]);
    assert.equal(analysis.codexVersion, null);
    assert.equal(request(analysis, "2").state, "completed");
    assert.equal(request(analysis, "2").finalMessage, "Answered without initialize.");
  });
}

Deno.test("Analyzer marks the approved command of approval-approved.jsonl as answered", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/approval-approved.jsonl");
  const record = request(analysis, "1");
  assert.equal(record.state, "completed");
  assert.equal(record.approvals.length, 1);
  assert.equal(record.approvals[0]?.resolved, true);
  assert.deepEqual(argvAndExit(record), [[["bash", "-lc", "touch approved.txt"], 0]]);
  assert.equal(record.finalMessage, "Created approved.txt.");
});

Deno.test("Analyzer lists the files and success of the patch in apply-patch.jsonl", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/apply-patch.jsonl");
  const record = request(analysis, "1");
  assert.deepEqual(
    record.patches.map((patch) => [patch.callId, patch.files.toSorted(), patch.success]),
    [
      ["call_1_0", ["/home/demo/project/hello.txt", "/home/demo/project/notes.txt"], true],
    ],
  );
  assert.equal(record.patches[0]?.beginLine, 11);
  assert.equal(record.patches[0]?.endLine, 12);
});

Deno.test("Analyzer keeps the tail of the 228 KB output in big-output.jsonl within 2000 characters", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/big-output.jsonl");
  const record = request(analysis, "1");
  assert.equal(record.commands.length, 3);
  const seq = record.commands[0];
  assert.deepEqual(seq?.command, ["bash", "-lc", "seq 1 40000"]);
  assert.equal(seq?.exitCode, 0);
  assert.ok((seq?.output.length ?? 0) <= 2000);
  assert.ok(seq?.output.endsWith("39999\n40000\n"));
  assert.equal(record.state, "completed");
});

Deno.test("Analyzer fails both requests of http-429.jsonl with their own error texts", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/http-429.jsonl");
  const [first, second] = [request(analysis, "1"), request(analysis, "2")];
  assert.equal(first.state, "failed");
  assert.equal(second.state, "failed");
  assert.equal(first.errors.filter((error) => error.kind === "stream_error").length, 5);
  assert.equal(
    first.errors.find((error) => error.kind === "error")?.message,
    "exceeded retry limit, last status: 429 Too Many Requests",
  );
  assert.match(
    second.errors.find((error) => error.kind === "error")?.message ?? "",
    /^You've hit your usage limit/,
  );
  assert.notEqual(first.threadId, second.threadId);
});

Deno.test("Analyzer fails stall-timeout.jsonl after two idle-timeout retries", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/stall-timeout.jsonl", { detail: "full" });
  const record = request(analysis, "1");
  assert.equal(record.state, "failed");
  assert.deepEqual(record.errors.map((error) => [error.kind, error.attempt ?? null]), [
    ["stream_error", 1],
    ["stream_error", 2],
    ["error", null],
    ["result_error", null],
  ]);
  assert.deepEqual(record.reasoning, []);
  assert.equal(record.tokens, null);
});

Deno.test("Analyzer completes stall.jsonl despite its long silence", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/stall.jsonl");
  assert.equal(request(analysis, "1").state, "completed");
  assert.equal(request(analysis, "1").finalMessage, "Done thinking: the answer is 7.");
});

Deno.test("Analyzer keeps all 30 identical commands of stuck-loop.jsonl", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/stuck-loop.jsonl");
  const record = request(analysis, "1");
  assert.equal(record.commands.length, 30);
  assert.ok(record.commands.every((command) => command.command.join(" ") === "bash -lc echo hi"));
  assert.ok(record.commands.every((command) => command.exitCode === 0));
  assert.equal(new Set(record.commands.map((command) => command.callId)).size, 30);
});

Deno.test("Analyzer turns the failed tool calls of protocol-errors.jsonl into failed requests", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/protocol-errors.jsonl");
  // Id 10 (unknown method) got no answer in 0.47 and id 0 is initialize: no records.
  assert.deepEqual(analysis.requests.map((record) => record.key), ["11", "12", "13", "14", "15"]);
  assert.deepEqual(
    analysis.requests.slice(0, 4).map((record) => [record.state, record.errors[0]?.message]),
    [
      ["failed", "Unknown tool 'codexx'"],
      ["failed", "Failed to parse configuration for Codex tool: missing field `prompt`"],
      [
        "failed",
        "Failed to parse configuration for Codex tool: unknown variant `sometimes`, expected one of `untrusted`, `on-failure`, `on-request`, `never`",
      ],
      ["failed", "Session not found for conversation_id: 00000000-0000-0000-0000-000000000000"],
    ],
  );
  assert.equal(request(analysis, "15").state, "completed");
  assert.equal(request(analysis, "15").finalMessage, "Still alive.");
  assert.equal(analysis.lines.text, 1);
  assert.match(
    analysis.textLines[0]?.text ?? "",
    /ERROR codex_mcp_server: Failed to deserialize JSONRPCMessage/,
  );
  assert.ok(!analysis.textLines[0]?.text.includes("\x1b"));
});

Deno.test("Analyzer sees the server exit in rust-log-info.jsonl but keeps the finished request completed", () => {
  const { analysis } = analyzeFixture("codex-0.47.0/rust-log-info.jsonl");
  assert.equal(analysis.serverExited, true);
  assert.equal(analysis.lines.text, 38);
  assert.equal(analysis.textLines.length, 38);
  assert.equal(request(analysis, "1").state, "completed");
  assert.deepEqual(argvAndExit(request(analysis, "1")), [[["bash", "-lc", "echo hi"], 0]]);
});

Deno.test("Analyzer reads the version from startup-codex-home-in-tmp.jsonl, which has no requests", () => {
  const { analysis } = analyzeFixture("codex-0.153.4/startup-codex-home-in-tmp.jsonl");
  assert.equal(analysis.codexVersion, "0.153.4");
  assert.deepEqual(analysis.requests, []);
  assert.equal(analysis.lines.text, 2);
  assert.match(analysis.textLines[0]?.text ?? "", /^WARNING: proceeding/);
});

Deno.test("Analyzer takes request, command and approval times from the arrival times", () => {
  for (const path of ["codex-0.47.0/approval-approved.jsonl", "codex-0.153.4/shell.jsonl"]) {
    const times = captureTimes(path);
    const { analysis } = analyzeFixture(path, { times: (line) => times.get(line) ?? null });
    const record = request(analysis, "1");
    assert.equal(record.firstTime, times.get(record.firstLine));
    assert.equal(record.lastTime, times.get(record.lastLine));
    for (const command of record.commands) {
      assert.equal(command.beginTime, times.get(command.beginLine));
    }
    for (const approval of record.approvals) assert.equal(approval.time, times.get(approval.line));
  }
});
