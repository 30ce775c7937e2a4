/**
 * `reply`, `approve`, `deny`, `cancel` and `steer` take every id the tables show, through the
 * resolver `session wait` uses, on session folders built from real app-server captures (0.169.0).
 * The running "supervisor" is this test process itself.
 */

import assert from "node:assert/strict";
import { CodexmonError, UsageError } from "../../src/core/errors.ts";
import { answerApproval, cancelRequest, replyTo, steerRequest } from "../../src/session/send.ts";
import { newSessionMeta, writeMeta } from "../../src/session/metadata.ts";
import { type SessionPaths, sessionPaths } from "../../src/session/state_dir.ts";
import { runByThisProcess } from "../support/session_meta.ts";

const FIXTURES = new URL("../../fixtures/codex-0.169.0/", import.meta.url);

interface Capture {
  name: string;
  /** Output lines to keep (the capture up to the moment the test plays). */
  lines?: number;
  /** What the capture's driver wrote, from its `.md`. */
  buffer: string[];
}

const APPROVAL: Capture = {
  name: "app-server-approval",
  // up to the first approval request, before the driver answered it
  lines: 15,
  buffer: [
    '{"id":0,"method":"initialize","params":{"clientInfo":{"name":"codexmon-capture","title":"codexmon capture","version":"0.1.0"}}}',
    '{"method":"initialized"}',
    '{"id":1,"method":"thread/start","params":{"cwd":"/home/demo/project","approvalPolicy":"on-request","sandbox":"workspace-write"}}',
    '{"id":2,"method":"turn/start","params":{"threadId":"01a20db7-8c45-7d43-aa43-77a555266ce8","input":[{"type":"text","text":"Create two marker files.","text_elements":[]}]}}',
  ],
};
const APPROVAL_TURN = "01a20db7-8c5d-74b1-b56a-1b350e892975";

const MULTI_TURN: Capture = {
  name: "app-server-multi-turn",
  buffer: [
    '{"id":0,"method":"initialize","params":{"clientInfo":{"name":"codexmon-capture","title":"codexmon capture","version":"0.1.0"}}}',
    '{"method":"initialized"}',
    '{"id":1,"method":"thread/start","params":{"cwd":"/home/demo/project"}}',
    '{"id":2,"method":"turn/start","params":{"threadId":"01a20db7-7d9a-7eb1-8a4f-9310b44771ec","input":[{"type":"text","text":"Say hi with the shell.","text_elements":[]}]}}',
    '{"id":3,"method":"turn/start","params":{"threadId":"01a20db7-7d9a-7eb1-8a4f-9310b44771ec","input":[{"type":"text","text":"And now in French?","text_elements":[]}]}}',
  ],
};

async function captureSession(capture: Capture): Promise<{ root: string; paths: SessionPaths }> {
  const root = await Deno.makeTempDir({ prefix: "codexmon-ids-" });
  const paths = sessionPaths(root, "default");
  await Deno.mkdir(paths.dir);
  await Deno.writeTextFile(paths.buffer, capture.buffer.join("\n") + "\n");
  const output = await Deno.readTextFile(new URL(`${capture.name}.jsonl`, FIXTURES));
  const lines = output.split("\n").slice(0, capture.lines ?? Infinity);
  await Deno.writeTextFile(paths.output, lines.join("\n").replace(/\n?$/, "\n"));
  const meta = newSessionMeta({
    name: "default",
    codexPath: "/usr/bin/codex",
    codexArgs: [],
    cwd: root,
    codexVersion: "0.169.0",
    createdAt: 1_000,
    backend: "app-server",
  });
  runByThisProcess(meta);
  meta.nextId = 4;
  await writeMeta(paths, meta);
  return { root, paths };
}

async function withSession(capture: Capture, body: (paths: SessionPaths) => Promise<void>) {
  const { root, paths } = await captureSession(capture);
  try {
    await body(paths);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function bufferTail(paths: SessionPaths): Promise<Record<string, unknown>> {
  const lines = (await Deno.readTextFile(paths.buffer)).trimEnd().split("\n");
  return JSON.parse(lines.at(-1)!);
}

for (const typed of [APPROVAL_TURN, "01a20db7-8c5d", "892975", "2"]) {
  Deno.test(`approve answers the pending approval of the turn typed as "${typed}"`, async () => {
    await withSession(APPROVAL, async (paths) => {
      const answer = await answerApproval(paths, typed, "approved");
      assert.equal(answer.elicitationId, 0);
      assert.match(answer.message, /touch approved\.txt/);
      assert.equal((await bufferTail(paths)).id, 0);
    });
  });
}

Deno.test("deny takes the turn id as well", async () => {
  await withSession(APPROVAL, async (paths) => {
    const answer = await answerApproval(paths, APPROVAL_TURN, "denied");
    assert.equal(answer.elicitationId, 0);
  });
});

Deno.test("reply continues the thread of the turn named by a unique prefix of its turn id", async () => {
  await withSession(MULTI_TURN, async (paths) => {
    const second = "01a20db7-7e66";
    const result = await replyTo(paths, second, "Once more");
    assert.equal(result.threadId, "01a20db7-7d9a-7eb1-8a4f-9310b44771ec");
    assert.equal((await bufferTail(paths)).method, "turn/start");
  });
});

Deno.test("an ambiguous prefix is a usage error listing both turns, for every command", async () => {
  await withSession(MULTI_TURN, async (paths) => {
    const commands = [
      () => replyTo(paths, "01a20db7", "hi"),
      () => answerApproval(paths, "01a20db7", "approved"),
      () => answerApproval(paths, "01a20db7", "denied"),
      () => cancelRequest(paths, "01a20db7", { graceMs: 0 }),
      () => steerRequest(paths, "01a20db7", "hi"),
    ];
    for (const command of commands) {
      await assert.rejects(command, (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.exitCode, 2);
        assert.match(
          error.message,
          /^Cannot choose a request for "01a20db7": it matches 2 requests: 2, 3$/,
        );
        return true;
      });
    }
  });
});

Deno.test("an unknown id is not found (exit 1) for every command", async () => {
  await withSession(MULTI_TURN, async (paths) => {
    const commands = [
      () => replyTo(paths, 9, "hi"),
      () => answerApproval(paths, 9, "approved"),
      () => cancelRequest(paths, 9, { graceMs: 0 }),
      () => steerRequest(paths, "nosuch-turn", "hi"),
    ];
    for (const command of commands) {
      await assert.rejects(command, (error: unknown) => {
        assert.ok(error instanceof CodexmonError && !(error instanceof UsageError), String(error));
        assert.equal(error.exitCode, 1);
        return true;
      });
    }
  });
});

Deno.test("steer and cancel resolve a turn id to its turn/start request", async () => {
  await withSession(MULTI_TURN, async (paths) => {
    const turns = (await Deno.readTextFile(new URL("app-server-multi-turn.jsonl", FIXTURES)))
      .match(/"turn":\{"id":"([^"]+)"/g)!;
    const second = turns.at(-1)!.split('"').at(-2)!;
    await assert.rejects(
      () => steerRequest(paths, second, "faster"),
      /^CodexmonError: Cannot steer request 3: it is not running \(state completed\)$/,
    );
    const cancelled = await cancelRequest(paths, second, { graceMs: 0 });
    assert.equal(cancelled.ended, true);
    assert.equal(cancelled.state, "completed");
  });
});
