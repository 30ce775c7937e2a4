import assert from "node:assert/strict";
import { Analyzer } from "../../../../src/core/analyze/analyzer.ts";
import type { Entry } from "../../../../src/core/model/types.ts";
import { detectStuck } from "../../../../src/core/stuck/mod.ts";
import { analyzeFixture, analyzeLines, fixtureJson, fixtureLines, requestOf } from "./_turns.ts";
import { APP_SERVER_CODEX_VERSIONS } from "../../../support/codex.ts";

/** The params of every notification `method` in a capture. */
function notifications(path: string, method: string): Record<string, unknown>[] {
  return fixtureJson(path).filter((line) => line.method === method && !("id" in line))
    .map((line) => line.params as Record<string, unknown>);
}

for (const version of APP_SERVER_CODEX_VERSIONS) {
  const DIR = `codex-${version}`;

  Deno.test(`app-server output is detected and names Codex ${version} from the initialize reply`, () => {
    const analysis = analyzeFixture(`${DIR}/app-server-shell.jsonl`);
    assert.equal(analysis.format, "app-server");
    assert.equal(analysis.codexVersion, version);
    // stderr warnings (bubblewrap, PATH aliases) vary with the release
    const textLines = fixtureLines(`${DIR}/app-server-shell.jsonl`).filter((line) =>
      !line.startsWith("{")
    );
    assert.equal(analysis.lines.text, textLines.length);
    assert.ok(textLines.length > 0);
    assert.equal(analysis.lines.other, 0);
  });

  Deno.test(`app-server turns are keyed by their turn/start id and grouped by thread and turn (Codex ${version})`, () => {
    const path = `${DIR}/app-server-multi-turn.jsonl`;
    const analysis = analyzeFixture(path);
    const started = notifications(path, "turn/started");
    assert.equal(started.length, 2);
    assert.deepEqual(analysis.requests.map((request) => request.key), ["2", "3"]);
    const [first, second] = [requestOf(analysis, "2"), requestOf(analysis, "3")];
    const threadId = (started[0] as { threadId: string }).threadId;
    assert.equal(first.threadId, threadId);
    assert.equal(second.threadId, threadId);
    assert.equal(first.turnId, (started[0] as { turn: { id: string } }).turn.id);
    assert.equal(second.turnId, (started[1] as { turn: { id: string } }).turn.id);
    assert.equal(first.tool, "codex");
    assert.equal(second.tool, "codex-reply");
    assert.equal(first.model, "gpt-5.5");
    assert.equal(first.cwd, "/home/demo/project");
    assert.equal(first.state, "completed");
    assert.equal(second.state, "completed");
  });

  Deno.test(`app-server reasoning, commands and messages come from completed items (Codex ${version})`, () => {
    const analysis = analyzeFixture(`${DIR}/app-server-multi-turn.jsonl`);
    const first = requestOf(analysis, "2");
    assert.deepEqual(first.reasoning.map((block) => block.text), [
      "**Plan**\n\nRun echo, then answer.",
    ]);
    assert.equal(first.commands.length, 1);
    const command = first.commands[0];
    assert.deepEqual(command?.command, ["/bin/bash", "-lc", "echo hi"]);
    assert.equal(command?.exitCode, 0);
    assert.equal(command?.output, "hi\n");
    assert.equal(first.finalMessage, "The shell said: hi");
    assert.equal(requestOf(analysis, "3").finalMessage, "Second answer: And now in French?");
  });

  Deno.test(`app-server tokens: a turn's own share is its thread total minus the total before it (Codex ${version})`, () => {
    const path = `${DIR}/app-server-multi-turn.jsonl`;
    const updates = notifications(path, "thread/tokenUsage/updated").map((params) =>
      params as { turnId: string; tokenUsage: { total: { totalTokens: number } } }
    );
    const analysis = analyzeFixture(path);
    const first = requestOf(analysis, "2");
    const second = requestOf(analysis, "3");
    const lastOf = (turnId: string | null) =>
      updates.filter((update) => update.turnId === turnId).at(-1)?.tokenUsage.total.totalTokens;
    assert.equal(first.sessionTokens?.total, lastOf(first.turnId));
    assert.equal(second.sessionTokens?.total, lastOf(second.turnId));
    assert.equal(first.tokens?.total, 5335);
    assert.equal(second.tokens?.total, (lastOf(second.turnId) ?? 0) - (lastOf(first.turnId) ?? 0));
    assert.equal(first.tokens?.cachedInput, 2048);
    assert.equal(first.tokens?.reasoningOutput, 80);
    assert.equal(first.lastTokenUsage?.total, 2845);
    assert.equal(first.contextWindow, 258400);
  });

  Deno.test(`app-server approvals are server requests, resolved by serverRequest/resolved (Codex ${version})`, () => {
    const path = `${DIR}/app-server-approval.jsonl`;
    const analysis = analyzeFixture(path);
    const turn = requestOf(analysis, "2");
    assert.equal(turn.approvals.length, 2);
    const requests = fixtureJson(path).filter((line) =>
      line.method === "item/commandExecution/requestApproval"
    );
    assert.deepEqual(turn.approvals.map((approval) => approval.serverRequestId), [
      requests[0]?.id,
      requests[1]?.id,
    ]);
    assert.equal(turn.approvals[0]?.kind, "exec");
    assert.deepEqual(turn.approvals[0]?.command, ["/bin/bash", "-lc", "touch approved.txt"]);
    assert.equal(turn.approvals[0]?.message, "touch approved.txt (Create a marker file)");
    assert.ok(turn.approvals.every((approval) => approval.resolved));
    // the declined command ends without an exit code
    assert.deepEqual(turn.commands.map((command) => command.exitCode), [0, null]);
    assert.equal(turn.state, "completed");
  });

  Deno.test(`an app-server approval without an answer leaves the turn awaiting approval (Codex ${version})`, () => {
    const lines = fixtureLines(`${DIR}/app-server-approval.jsonl`);
    const cut = lines.findIndex((line) => line.includes('"item/commandExecution/requestApproval"'));
    const analysis = analyzeLines(lines.slice(0, cut + 1), { finish: false });
    const turn = requestOf(analysis, "2");
    assert.equal(turn.state, "awaiting_approval");
    const findings = detectStuck(analysis, { now: Date.now() });
    assert.ok(
      findings.some((finding) => finding.kind === "awaiting_approval" && finding.key === "2"),
    );
  });

  Deno.test(`an interrupted app-server turn is cancelled and a steered turn completes (Codex ${version})`, () => {
    const analysis = analyzeFixture(`${DIR}/app-server-steer-interrupt.jsonl`);
    const steered = requestOf(analysis, "2");
    assert.equal(steered.state, "completed");
    assert.equal(steered.finalMessage, "Steered: Also say bye.");
    assert.equal(steered.commands[0]?.output, "slept\n");
    const interrupted = requestOf(analysis, "4");
    assert.equal(interrupted.state, "cancelled");
    assert.equal(interrupted.errors.at(-1)?.kind, "turn_aborted");
    // the steer response (id 3) and the interrupt response (id 5) make no records
    assert.deepEqual(analysis.requests.map((request) => request.key), ["2", "4"]);
  });

  Deno.test(`app-server errors: retries are stream errors, then the turn fails (Codex ${version})`, () => {
    const analysis = analyzeFixture(`${DIR}/app-server-http-500.jsonl`);
    const turn = requestOf(analysis, "2");
    assert.equal(turn.state, "failed");
    assert.deepEqual(turn.errors.map((error) => error.kind), ["stream_error", "error"]);
    assert.equal(turn.errors[0]?.attempt, 1);
    assert.equal(turn.errors[0]?.maxAttempts, 1);
    assert.match(turn.errors[1]?.message ?? "", /experiencing high demand/);
    // the same finding as for the mcp-server capture codex-0.153.4/http-500.jsonl
    const findings = detectStuck(analysis, { now: Date.now() });
    assert.deepEqual(findings.map((finding) => [finding.kind, finding.key]), [
      ["retries_exhausted", "2"],
    ]);
  });

  Deno.test(`app-server notification times (emittedAtMs) are the line times without a side file (Codex ${version})`, () => {
    const path = `${DIR}/app-server-shell.jsonl`;
    const stamps = fixtureJson(path).flatMap((line) => {
      const params = line.params as { turnId?: unknown; turn?: unknown } | undefined;
      const ofTurn = params !== undefined && (typeof params.turnId === "string" || params.turn);
      return typeof line.emittedAtMs === "number" && ofTurn ? [line.emittedAtMs] : [];
    });
    const turn = requestOf(analyzeFixture(path), "2");
    assert.equal(turn.firstTime, stamps[0]);
    assert.equal(turn.lastTime, stamps.at(-1));
  });

  Deno.test(`a turn still open when the server exits gets no response (Codex ${version})`, () => {
    const lines = fixtureLines(`${DIR}/app-server-steer-interrupt.jsonl`);
    const cut = lines.findIndex((line) => line.includes('"status":"interrupted"'));
    const analyzer = new Analyzer();
    lines.slice(0, cut).forEach((line, index) =>
      analyzer.pushLine(new TextEncoder().encode(line), { line: index + 1 })
    );
    assert.equal(requestOf(analyzer.analysis(), "4").state, "running");
    analyzer.markServerExited();
    const analysis = analyzer.finish();
    assert.equal(requestOf(analysis, "4").state, "no_response");
    assert.equal(requestOf(analysis, "2").state, "completed");
    assert.ok(
      detectStuck(analysis, { now: Date.now() }).some((finding) =>
        finding.kind === "no_response" && finding.key === "4"
      ),
    );
  });

  Deno.test(`app-server entries merge deltas and give each item once, in order (Codex ${version})`, () => {
    const entries: Entry[] = [];
    analyzeFixture(`${DIR}/app-server-shell.jsonl`, { entries });
    const kinds = entries.filter((entry) => entry.key === "2").map((entry) => entry.kind);
    assert.deepEqual(kinds.filter((kind) => kind !== "event" && kind !== "tokens"), [
      "reasoning",
      "command",
      "output",
      "message",
    ]);
    assert.equal(entries.find((entry) => entry.kind === "message")?.text, "The shell said: hi");
  });

  Deno.test(`a torn app-server file keeps the streamed text of an unfinished message (Codex ${version})`, () => {
    const lines = fixtureLines(`${DIR}/app-server-shell.jsonl`);
    const cut = lines.findLastIndex((line) => line.includes('"item/agentMessage/delta"'));
    const analysis = analyzeLines(lines.slice(0, cut + 1), { detail: "full" });
    const turn = requestOf(analysis, "2");
    assert.equal(turn.state, "running");
    assert.equal(turn.messages.at(-1)?.text, "The shell said: hi");
  });

  Deno.test(`--format app-server reads lines that alone would not be detected (Codex ${version})`, () => {
    const line = JSON.stringify({
      method: "turn/started",
      params: { threadId: "t", turn: { id: "u", status: "inProgress" } },
    });
    assert.equal(analyzeLines(["{}", line]).format, "app-server");
    const forced = analyzeLines(["{}", line], { format: "app-server" });
    assert.equal(forced.format, "app-server");
    assert.deepEqual(forced.requests.map((request) => request.key), ["t:u"]);
    assert.equal(forced.lines.other, 1);
  });

  Deno.test(`an error answering a client request fails the request with that id (Codex ${version})`, () => {
    const lines = fixtureLines(`${DIR}/app-server-multi-turn.jsonl`).slice(0, 3);
    lines.push('{"id":9,"error":{"code":-32600,"message":"thread not found: 0000"}}');
    lines.push('{"id":10,"error":{"code":-32601,"message":"method not found: nope"}}');
    const analysis = analyzeLines(lines, { format: "app-server" });
    const refused = requestOf(analysis, "9");
    assert.equal(refused.state, "failed");
    assert.deepEqual(refused.errors.map((error) => error.message), ["thread not found: 0000"]);
    assert.ok(!analysis.requests.some((request) => request.key === "10"));
  });
}

/** An app-server notification of turn `u` on thread `t`. */
function turnLine(method: string, params: Record<string, unknown> = {}): string {
  return JSON.stringify({ method, params: { threadId: "t", turnId: "u", ...params } });
}

/**
 * A turn interrupted while texts stream: a message begun before a two-part reasoning item, a
 * second reasoning item that completes, then the end. Lines 2 to 8.
 */
const INTERRUPTED_WHILE_STREAMING = [
  '{"id":1,"result":{"userAgent":"codex_cli_rs/0.169.0 (Linux)"}}',
  turnLine("item/agentMessage/delta", { itemId: "msg_1", delta: "Hel" }),
  turnLine("item/reasoning/summaryTextDelta", { itemId: "rs_1", summaryIndex: 0, delta: "Plan" }),
  turnLine("item/agentMessage/delta", { itemId: "msg_1", delta: "lo" }),
  turnLine("item/reasoning/summaryTextDelta", { itemId: "rs_1", summaryIndex: 1, delta: "Check" }),
  turnLine("item/reasoning/summaryTextDelta", { itemId: "rs_2", summaryIndex: 0, delta: "Oth" }),
  turnLine("item/completed", { item: { type: "reasoning", id: "rs_2", summary: ["Other"] } }),
  turnLine("turn/completed", { turn: { id: "u", status: "interrupted", items: [] } }),
];

Deno.test("an app-server turn's texts left streaming end it in the order their items began, each item at its first line", () => {
  const entries: Entry[] = [];
  const analysis = analyzeLines(INTERRUPTED_WHILE_STREAMING, { entries });
  const turn = requestOf(analysis, "t:u");
  assert.equal(turn.state, "cancelled");
  assert.deepEqual(turn.messages, [{ text: "Hello", line: 2 }]);
  assert.deepEqual(turn.reasoning, [
    { text: "Other", line: 7 },
    { text: "Plan", line: 3 },
    { text: "Check", line: 3 },
  ]);
  const texts = entries.filter((entry) => entry.kind === "message" || entry.kind === "reasoning")
    .map((entry) => [entry.type, entry.text, entry.line]);
  assert.deepEqual(texts, [
    ["reasoning", "Other", 7],
    ["agent_message", "Hello", 2],
    ["reasoning", "Plan", 3],
    ["reasoning", "Check", 3],
  ]);
  assert.equal(entries.at(-1)?.type, "turn_completed");
});

Deno.test("an app-server item that completes is no longer flushed from its deltas", () => {
  const lines = INTERRUPTED_WHILE_STREAMING.slice(0, -1);
  lines.push(
    turnLine("item/completed", { item: { type: "agentMessage", id: "msg_1", text: "Hi" } }),
  );
  lines.push(INTERRUPTED_WHILE_STREAMING.at(-1) as string);
  const turn = requestOf(analyzeLines(lines, { detail: "full" }), "t:u");
  assert.deepEqual(turn.messages.map((message) => message.text), ["Hi"]);
});

Deno.test("app-server deltas are not kept in summary detail", () => {
  const turn = requestOf(analyzeLines(INTERRUPTED_WHILE_STREAMING), "t:u");
  assert.deepEqual(turn.messages, []);
  assert.deepEqual(turn.reasoning.map((block) => block.text), ["Other"]);
});

Deno.test("an app-server text left streaming is kept even when an earlier item said the same (items are matched by id, not text)", () => {
  const lines = [
    INTERRUPTED_WHILE_STREAMING[0] as string,
    turnLine("item/completed", { item: { type: "agentMessage", id: "msg_0", text: "Hi" } }),
    turnLine("item/agentMessage/delta", { itemId: "msg_1", delta: "Hi" }),
    INTERRUPTED_WHILE_STREAMING.at(-1) as string,
  ];
  const turn = requestOf(analyzeLines(lines, { detail: "full" }), "t:u");
  assert.deepEqual(turn.messages, [{ text: "Hi", line: 2 }, { text: "Hi", line: 3 }]);
});
