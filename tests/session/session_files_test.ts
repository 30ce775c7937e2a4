/**
 * The session commands that only read and append files, on a session folder built from a real
 * capture (0.47.0 approval-noanswer). The running "supervisor" is this test process itself.
 */

import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { answerApproval, cancelRequest, replyTo, sendPrompt } from "../../src/session/send.ts";
import { newSessionMeta, readMeta, writeMeta } from "../../src/session/metadata.ts";
import { type SessionPaths, sessionPaths } from "../../src/session/state_dir.ts";
import { readSessionStatus } from "../../src/session/status.ts";
import { waitForRequest } from "../../src/session/wait.ts";
import { runByThisProcess } from "../support/session_meta.ts";

const CAPTURE = fileURLToPath(
  new URL("../../fixtures/codex-0.47.0/approval-noanswer.jsonl", import.meta.url),
);
const SESSION_ID = "01a20d89-ade6-7cd0-b1d6-93b87998461d";

// what the capture's driver wrote (approval-noanswer.md)
const BUFFER = [
  '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"codexmon-capture","version":"0.1.0"}}}',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"codex","arguments":{"prompt":"Create a marker file named approved.txt.","cwd":"/home/demo/project","approval-policy":"untrusted","sandbox":"workspace-write"}}}',
  "",
].join("\n");

async function captureSession(
  options: { alive: boolean },
): Promise<{ root: string; paths: SessionPaths }> {
  const root = await Deno.makeTempDir({ prefix: "codexmon-files-" });
  const paths = sessionPaths(root, "default");
  await Deno.mkdir(paths.dir);
  await Deno.writeTextFile(paths.buffer, BUFFER);
  await Deno.copyFile(CAPTURE, paths.output);
  const meta = newSessionMeta({
    name: "default",
    codexPath: "/usr/bin/codex",
    codexArgs: [],
    cwd: root,
    codexVersion: "0.47.0",
    createdAt: 1_000,
  });
  runByThisProcess(meta);
  if (!options.alive) meta.exit = { code: null, signal: "SIGKILL", at: 5_000 };
  meta.nextId = 2;
  await writeMeta(paths, meta);
  return { root, paths };
}

async function bufferTail(paths: SessionPaths): Promise<Record<string, unknown>> {
  const lines = (await Deno.readTextFile(paths.buffer)).trimEnd().split("\n");
  return JSON.parse(lines.at(-1)!);
}

Deno.test("wait reports a pending approval, approve answers it with the elicitation's own id", async () => {
  const { root, paths } = await captureSession({ alive: true });
  try {
    const before = await waitForRequest(paths, 1, { timeoutMs: 5_000 });
    assert.equal(before.state, "awaiting_approval");
    const answer = await answerApproval(paths, 1, "approved");
    assert.equal(answer.elicitationId, 0);
    assert.match(answer.message, /touch approved\.txt/);
    assert.deepEqual(await bufferTail(paths), {
      jsonrpc: "2.0",
      id: 0,
      result: { decision: "approved" },
    });
    await assert.rejects(() => answerApproval(paths, 1, "denied"), /has no pending approval/);
    // answered but Codex has not moved yet: wait keeps waiting until its deadline
    const after = await waitForRequest(paths, 1, { timeoutMs: 300, pollMs: 50 });
    assert.equal(after.state, "timed_out");
    assert.equal((await readMeta(paths))?.answered.length, 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("cancel marks a request cancelled when Codex does not end it within the grace period", async () => {
  const { root, paths } = await captureSession({ alive: true });
  try {
    const result = await cancelRequest(paths, 1, { graceMs: 200 });
    assert.deepEqual(result, { ended: false, state: "awaiting_approval" });
    const last = await bufferTail(paths);
    assert.equal(last.method, "notifications/cancelled");
    assert.equal((last.params as { requestId: number }).requestId, 1);
    assert.deepEqual((await readMeta(paths))?.cancelled.map((record) => record.requestId), [1]);
    const status = await readSessionStatus(paths, { now: Date.now() });
    assert.equal(status.requests[0]?.state, "cancelled");
    assert.equal(status.requests[0]?.markedCancelled, true);
    assert.equal((await waitForRequest(paths, 1, { timeoutMs: 1_000 })).state, "cancelled");
    await assert.rejects(
      () => cancelRequest(paths, 7, { graceMs: 10 }),
      /no tools\/call with that id/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("reply names the 0.47.0 thread conversationId, taken from session_configured", async () => {
  const { root, paths } = await captureSession({ alive: true });
  try {
    const reply = await replyTo(paths, 1, "go on");
    assert.deepEqual(reply, { id: 2, threadId: SESSION_ID });
    assert.deepEqual(await bufferTail(paths), {
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "codex-reply", arguments: { conversationId: SESSION_ID, prompt: "go on" } },
    });
    await assert.rejects(() => replyTo(paths, 9, "x"), /no output yet/);
    assert.equal(await sendPrompt(paths, { prompt: "next" }), 3);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a dead session shows open requests as no_response and refuses new messages", async () => {
  const { root, paths } = await captureSession({ alive: false });
  try {
    const status = await readSessionStatus(paths, { now: 9_000 });
    assert.equal(status.alive, false);
    assert.equal(status.uptimeMs, 4_000);
    assert.equal(status.requests[0]?.state, "no_response");
    assert.equal((await waitForRequest(paths, 1, { timeoutMs: 1_000 })).state, "no_response");
    await assert.rejects(
      () => sendPrompt(paths, { prompt: "x" }),
      /Cannot send: session "default" is not running \(Codex was killed by SIGKILL\)/,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("wait for an id never sent fails at once, naming the session", async () => {
  const { root, paths } = await captureSession({ alive: true });
  try {
    const started = Date.now();
    await assert.rejects(
      () => waitForRequest(paths, 999, { timeoutMs: 30_000 }),
      /^CodexmonError: Cannot wait for request 999: no request with that id was sent in session "default"$/,
    );
    assert.ok(Date.now() - started < 5_000, "it did not wait for the timeout");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("status of a live session counts every output line, even one whose time is not written yet", async () => {
  const { root, paths } = await captureSession({ alive: true });
  try {
    // the supervisor writes a line's time right after the line: here only line 1 has one
    await Deno.writeTextFile(paths.times, '{"line":1,"at":1000}\n');
    const total = (await Deno.readTextFile(paths.output)).split("\n").length - 1;
    const status = await readSessionStatus(paths, { now: 9_000 });
    assert.equal(status.outputLines, total);
    assert.ok(status.requests.length > 0);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
