/**
 * `codexmon mcp` and the lives of the sessions it starts, with real Codex 0.153.4 and the mock
 * Responses API: a session whose Codex dies, a client that disconnects in the middle of a
 * wait, and SIGTERM. Sessions started here stop with the server unless started with keep.
 */

import assert from "node:assert/strict";
import type { Progress } from "@modelcontextprotocol/sdk/types";
import { requireCodex } from "../support/codex.ts";
import { callTool, connectMcp, isRunning, type McpConnection } from "../support/mcp_harness.ts";
import {
  descendantPids,
  eventually,
  SessionHarness,
  sessionProcessIds,
} from "../support/session_harness.ts";

async function withHarness(run: (harness: SessionHarness) => Promise<void>): Promise<void> {
  const harness = await SessionHarness.create({
    codex: requireCodex("0.153.4"),
    model: "gpt-5.2",
    respond: () => ({ kind: "stall" }),
  });
  try {
    await run(harness);
  } finally {
    await harness.cleanup();
  }
}

async function start(
  mcp: McpConnection,
  harness: SessionHarness,
  session: string,
  keep = false,
): Promise<number> {
  const started = await callTool(mcp, "codex_start", { session, codex: harness.codex, keep });
  assert.equal(started.isError, false, started.text);
  const supervisor = (await harness.meta(session)).supervisor;
  assert.ok(supervisor);
  return supervisor.sid;
}

// Sends a prompt the mock never answers and waits until Codex asked the model.
async function sendStalled(
  mcp: McpConnection,
  harness: SessionHarness,
  session: string,
): Promise<number> {
  const before = harness.mock.requests.length;
  const sent = await callTool(mcp, "codex_send", { session, prompt: "please stall" });
  assert.equal(sent.isError, false, sent.text);
  await harness.mock.waitForRequests(before + 1);
  return sent.data.request;
}

async function alive(harness: SessionHarness, session: string): Promise<boolean> {
  const status = await harness.session("status", "--name", session, "--json");
  return JSON.parse(status.stdout).alive;
}

Deno.test("mcp reports a session whose Codex died: the wait ends with no_response and sends fail", async () => {
  await withHarness(async (harness) => {
    const mcp = await connectMcp(harness);
    try {
      await start(mcp, harness, "doomed");
      const id = await sendStalled(mcp, harness, "doomed");
      const codexPid = (await harness.meta("doomed")).codexPid;
      assert.ok(codexPid !== null);
      for (const target of [...descendantPids(codexPid).reverse(), { pid: codexPid }]) {
        try {
          Deno.kill(target.pid, "SIGKILL");
        } catch {
          // already gone with its parent
        }
      }
      const waited = await callTool(mcp, "codex_wait", {
        session: "doomed",
        request: id,
        timeout_seconds: 50,
      });
      assert.equal(waited.isError, false, waited.text);
      assert.equal(waited.data.state, "no_response");
      assert.match(waited.text, /got no response: Codex exited while it was open/);
      const status = await callTool(mcp, "codex_status", { session: "doomed" });
      assert.equal(status.data.sessions[0].state, "dead (killed by SIGKILL)");
      assert.equal(status.data.sessions[0].requests[0].state, "no_response");
      const sent = await callTool(mcp, "codex_send", { session: "doomed", prompt: "hello" });
      assert.equal(sent.isError, true);
      assert.match(
        sent.text,
        /^Cannot send: session "doomed" is not running \(Codex was killed by SIGKILL\)/,
      );
      const digest = await callTool(mcp, "codex_digest", { session: "doomed", max_chars: 300 });
      assert.match(digest.text, /no_response/);
    } finally {
      await mcp.client.close();
    }
  });
});

Deno.test("mcp stops the sessions it started when the client disconnects mid-wait, but not kept ones", async () => {
  await withHarness(async (harness) => {
    const mcp = await connectMcp(harness);
    const workSid = await start(mcp, harness, "work");
    const keptSid = await start(mcp, harness, "kept", true);
    const id = await sendStalled(mcp, harness, "work");
    const { promise: waiting, resolve: onProgress } = Promise.withResolvers<Progress>();
    const wait = callTool(
      mcp,
      "codex_wait",
      { session: "work", request: id, timeout_seconds: 50 },
      {
        onProgress,
      },
    ).catch((error: Error) => error);
    await waiting;
    await mcp.client.close();
    // the call ends with the connection; the server may still answer, before or after it
    // stopped the session
    const outcome = await wait;
    if (!(outcome instanceof Error)) {
      assert.ok(["still_running", "no_response"].includes(outcome.data.state), outcome.text);
    }
    await eventually(() => (isRunning(mcp.pid) ? undefined : true), {
      message: "the server exits",
      timeoutMs: 10_000,
    });
    assert.match(mcp.stderr(), /stopped session "work" \(stdin closed\)/);
    assert.deepEqual(sessionProcessIds(workSid), []);
    assert.equal(await alive(harness, "work"), false);
    assert.ok(sessionProcessIds(keptSid).length > 0, "the kept session still runs");
    assert.equal(await alive(harness, "kept"), true);
  });
});

Deno.test("mcp stops the sessions it started on SIGTERM", async () => {
  await withHarness(async (harness) => {
    const mcp = await connectMcp(harness);
    try {
      const sid = await start(mcp, harness, "signalled");
      await sendStalled(mcp, harness, "signalled");
      Deno.kill(mcp.pid, "SIGTERM");
      await eventually(() => (isRunning(mcp.pid) ? undefined : true), {
        message: "the server exits",
        timeoutMs: 10_000,
      });
      assert.match(mcp.stderr(), /stopped session "signalled" \(SIGTERM\)/);
      assert.deepEqual(sessionProcessIds(sid), []);
    } finally {
      await mcp.client.close();
    }
  });
});

Deno.test("mcp refuses a default approval policy the running Codex rejects and stops that session", async () => {
  await withHarness(async (harness) => {
    const mcp = await connectMcp(harness);
    try {
      const started = await callTool(mcp, "codex_start", {
        codex: harness.codex,
        approval_policy: "untrusted",
      });
      assert.equal(started.isError, true);
      assert.equal(
        started.text,
        'Invalid approval policy "untrusted": Codex 0.153.4 accepts on-request, never (stopped session "default")',
      );
      const supervisor = (await harness.meta()).supervisor;
      assert.ok(supervisor);
      assert.deepEqual(sessionProcessIds(supervisor.sid), []);
      const badCwd = await callTool(mcp, "codex_start", {
        codex: harness.codex,
        cwd: "/nonexistent/folder",
      });
      assert.equal(badCwd.isError, true);
      assert.match(badCwd.text, /No such cwd '\/nonexistent\/folder'/);
      const sessions = await callTool(mcp, "codex_sessions", {});
      assert.deepEqual(
        sessions.data.sessions
          .filter((row: { kind: string }) => row.kind === "codexmon")
          .map((row: { state: string }) => row.state),
        ["failed"],
      );
    } finally {
      await mcp.client.close();
    }
  });
});
