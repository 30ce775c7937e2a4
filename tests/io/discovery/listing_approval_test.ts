/**
 * `ls` and `parse` agree on which Codex events leave a session awaiting the user's answer: every
 * approval-like event the rollout reducer counts makes a live session `awaiting-approval`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { readRolloutFacts } from "../../../src/io/discovery/rollout_reader.ts";
import { summarizeRollout } from "../../../src/core/usage/session_summary.ts";
import { DEFAULT_PRICE_TABLE } from "../../../src/core/pricing/price_table.ts";
import { analyzeLines } from "../../core/formats/app_server/_turns.ts";

const ROLLOUT = new URL(
  "../../../fixtures/codex-0.169.0/rollout-multi-turn.jsonl",
  import.meta.url,
);
const TURN_ID = "01a20db7-7e66-7d71-b00f-71a931994959";

/** The payloads of the five events Codex sends when it waits for the user (protocol shapes). */
const ASKS: readonly Record<string, unknown>[] = [
  {
    type: "exec_approval_request",
    call_id: "call_1",
    turn_id: TURN_ID,
    command: ["rm", "-rf", "build"],
    cwd: "/home/demo/project",
    reason: "clean the build",
  },
  {
    type: "apply_patch_approval_request",
    call_id: "call_2",
    turn_id: TURN_ID,
    changes: { "/home/demo/project/a.txt": { add: { content: "hi\n" } } },
    reason: null,
  },
  {
    type: "request_permissions",
    call_id: "call_3",
    turn_id: TURN_ID,
    reason: "write outside the workspace",
    permissions: { file_system: { write: ["/tmp/out"] } },
  },
  {
    type: "request_user_input",
    call_id: "call_4",
    turn_id: TURN_ID,
    questions: [{ id: "q1", header: "File", question: "Which file?", options: null }],
  },
  {
    type: "elicitation_request",
    server_name: "docs",
    id: 7,
    message: "Allow the docs server to read the project?",
  },
];

/** The real rollout up to the second turn's start (the turn is open), then `payload`. */
async function rolloutAsking(payload: Record<string, unknown>): Promise<string[]> {
  const lines = (await Deno.readTextFile(ROLLOUT)).trimEnd().split("\n").slice(0, 22);
  assert.match(lines.at(-1)!, /"type":"task_started"/);
  const timestamp = "2026-11-24T13:20:58.990Z";
  return [...lines, JSON.stringify({ timestamp, type: "event_msg", payload })];
}

for (const payload of ASKS) {
  Deno.test(`ls and parse both see a live session awaiting the user after ${payload.type}`, async () => {
    const lines = await rolloutAsking(payload);
    const parsed = analyzeLines(lines, { detail: "summary", finish: false });
    assert.equal(parsed.requests.at(-1)?.state, "awaiting_approval");

    const dir = await Deno.makeTempDir();
    try {
      const path = join(dir, "rollout.jsonl");
      await Deno.writeTextFile(path, `${lines.join("\n")}\n`);
      const read = await readRolloutFacts(path);
      assert.equal(read.kind, "facts");
      if (read.kind !== "facts") return;
      const row = summarizeRollout(read, {
        path,
        size: read.size,
        mtime: read.mtime,
        live: true,
        wholeFile: read.wholeFile,
        prices: DEFAULT_PRICE_TABLE,
      });
      assert.equal(row.state, "awaiting-approval");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
