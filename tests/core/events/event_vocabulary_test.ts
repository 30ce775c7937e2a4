/**
 * The Codex event vocabulary is one: an mcp-server `codex/event` and a rollout `event_msg` with
 * the same payload, and the byte reader and the parser of the same line, must mean the same.
 */

import assert from "node:assert/strict";
import type { Entry, RequestRecord } from "../../../src/core/model/types.ts";
import { analyzeLines } from "../formats/app_server/_turns.ts";

const THREAD = "01a20db7-7d9a-7eb1-8a4f-9310b44771ec";

/** `msgs` as mcp-server events of request 1 (0.153 shape), after a task_started. */
function mcpServerLines(msgs: readonly object[]): string[] {
  return [{ type: "task_started", turn_id: "turn-1" }, ...msgs].map((msg) =>
    JSON.stringify({
      jsonrpc: "2.0",
      method: "codex/event",
      params: { _meta: { requestId: 1, threadId: THREAD }, msg, id: "turn-1" },
    })
  );
}

/** `msgs` as rollout `event_msg` lines of one turn. */
function rolloutLines(msgs: readonly object[]): string[] {
  const timestamp = "2026-11-24T13:20:58.805Z";
  return [
    { timestamp, type: "session_meta", payload: { id: THREAD, cli_version: "0.169.0" } },
    { timestamp, type: "event_msg", payload: { type: "task_started", turn_id: "turn-1" } },
    ...msgs.map((payload) => ({ timestamp, type: "event_msg", payload })),
  ].map((line) => JSON.stringify(line));
}

/** The only request of the analysis of `lines`, and the entries of the given kind. */
function analyse(
  lines: readonly string[],
  detail: "summary" | "full",
): { request: RequestRecord; entries: Entry[] } {
  const entries: Entry[] = [];
  const analysis = analyzeLines(lines, { detail, ...(detail === "full" ? { entries } : {}) });
  assert.equal(analysis.requests.length, 1);
  return { request: analysis.requests[0]!, entries };
}

/** The same line with a space in front: JSON allows it, no byte reader takes it. */
function parsedOnly(lines: readonly string[]): string[] {
  return lines.map((line) => ` ${line}`);
}

Deno.test("a patch_apply_end without success ends the patch with an unknown outcome in every format", () => {
  const msgs = [
    { type: "patch_apply_begin", call_id: "p1", changes: { "a.txt": {} } },
    { type: "patch_apply_end", call_id: "p1", stdout: "", stderr: "" },
  ];
  for (const lines of [mcpServerLines(msgs), rolloutLines(msgs)]) {
    const { request, entries } = analyse(lines, "full");
    assert.deepEqual(
      request.patches.map((patch) => [patch.callId, patch.files, patch.success, patch.endLine]),
      [["p1", ["a.txt"], null, lines.length]],
    );
    assert.deepEqual(
      entries.filter((entry) => entry.kind === "patch").map((entry) => entry.text),
      ["patch: a.txt", "patch ended"],
    );
  }
});

Deno.test("a token usage without input_tokens or total_tokens counts what it has, read from bytes or parsed", () => {
  const usage = { output_tokens: 5 };
  const msgs = [{
    type: "token_count",
    info: { total_token_usage: usage, last_token_usage: usage, model_context_window: null },
  }];
  const expected = { input: 0, cachedInput: 0, output: 5, reasoningOutput: 0, total: 5 };
  const lines = mcpServerLines(msgs);
  for (const each of [lines, parsedOnly(lines), rolloutLines(msgs)]) {
    assert.deepEqual(analyse(each, "summary").request.sessionTokens, expected);
  }
});

Deno.test("a token usage with no token field at all counts as no usage, read from bytes or parsed", () => {
  const usage = { cache_write_input_tokens: 7 };
  const msgs = [{
    type: "token_count",
    info: { total_token_usage: usage, last_token_usage: usage, model_context_window: null },
  }];
  const lines = mcpServerLines(msgs);
  for (const each of [lines, parsedOnly(lines), rolloutLines(msgs)]) {
    assert.equal(analyse(each, "summary").request.sessionTokens, null);
  }
});

Deno.test("the same Codex events give the same commands, patches, approvals, texts and errors in a rollout as from mcp-server", () => {
  const msgs = [
    { type: "user_message", message: "list the files" },
    { type: "exec_approval_request", call_id: "c1", command: ["ls", "-a"], reason: "reads" },
    { type: "exec_command_begin", call_id: "c1", command: ["ls", "-a"], cwd: "/tmp/project" },
    { type: "exec_command_end", call_id: "c1", exit_code: 0, aggregated_output: "a.txt\n" },
    { type: "apply_patch_approval_request", call_id: "p1", changes: { "a.txt": {} } },
    { type: "patch_apply_begin", call_id: "p1", changes: { "a.txt": {} } },
    { type: "patch_apply_end", call_id: "p1", success: true },
    { type: "thread_settings_applied" },
    { type: "agent_reasoning", text: "**Plan** list, then answer" },
    { type: "stream_error", message: "Reconnecting... 1/5", additional_details: "timeout" },
    { type: "agent_message", message: "a.txt is there" },
    { type: "request_user_input", message: "which file?" },
    { type: "error", message: "unexpected status 500" },
  ];
  const views = [mcpServerLines(msgs), rolloutLines(msgs)].map((lines) => {
    const { request, entries } = analyse(lines, "full");
    return {
      prompt: request.prompt?.text,
      commands: request.commands.map((command) => [
        command.callId,
        command.command,
        command.cwd,
        command.exitCode,
        command.output,
      ]),
      patches: request.patches.map((patch) => [patch.callId, patch.files, patch.success]),
      approvals: request.approvals.map((approval) => [
        approval.kind,
        approval.callId,
        approval.command,
        approval.message,
      ]),
      reasoning: request.reasoning.map((block) => block.text),
      messages: request.messages.map((message) => message.text),
      errors: request.errors.map((error) => [error.kind, error.message, error.attempt ?? null]),
      state: request.state,
      entries: entries.filter((entry) => entry.key !== null)
        .map((entry) => [entry.kind, entry.text]),
    };
  });
  assert.deepEqual(views[1], views[0]);
  assert.equal(views[0]?.state, "failed");
  assert.deepEqual(views[0]?.approvals.map((approval) => approval[3]), [
    "ls -a (reads)",
    "a.txt",
    "which file?",
  ]);
});

Deno.test("a rollout keeps a text it records twice, as its item and as its event, once", () => {
  const msgs = [
    {
      type: "item_completed",
      item: { type: "AgentMessage", id: "m1", content: [{ type: "Text", text: "done" }] },
    },
    { type: "agent_message", message: "done" },
    { type: "item_completed", item: { type: "Reasoning", id: "r1", summary_text: ["plan"] } },
    { type: "agent_reasoning", text: "plan" },
  ];
  const { request } = analyse(rolloutLines(msgs), "full");
  assert.deepEqual(request.messages.map((message) => message.text), ["done"]);
  assert.deepEqual(request.reasoning.map((block) => block.text), ["plan"]);
  // mcp-server's item_completed only completes streamed text: the events carry the texts
  const live = analyse(mcpServerLines(msgs), "full").request;
  assert.deepEqual(live.messages.map((message) => message.text), ["done"]);
  assert.deepEqual(live.reasoning.map((block) => block.text), ["plan"]);
});
