import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath as fromFileUrl } from "node:url";
import { listSessions, resolveSessionArgument } from "../../../src/io/discovery/mod.ts";
import { readRolloutFacts, WHOLE_FILE_BYTES } from "../../../src/io/discovery/rollout_reader.ts";
import { DEFAULT_PRICE_TABLE } from "../../../src/core/pricing/price_table.ts";
import { UsageError } from "../../../src/core/errors.ts";

const HOME = fromFileUrl(new URL("../../../fixtures/crafted/home/", import.meta.url));
const CAPTURES = fromFileUrl(new URL("../../../fixtures/codex-0.169.0/", import.meta.url));
const OPTIONS = { cwd: Deno.cwd(), prices: DEFAULT_PRICE_TABLE };

/** Runs `body` while a child process holds `path` open (as a live Codex would). */
async function whileHeldOpen(path: string, body: () => Promise<void>): Promise<void> {
  const child = new Deno.Command("sh", {
    args: ["-c", 'exec 3<"$1"; echo ready; exec sleep 30', "sh", path],
    stdout: "piped",
  }).spawn();
  try {
    const reader = child.stdout.getReader();
    await reader.read();
    reader.releaseLock();
    await body();
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await child.stdout.cancel();
  }
}

Deno.test("listSessions lists the real rollouts newest first and every bad file with its state", async () => {
  const listing = await listSessions({ ...OPTIONS, codexHomes: [HOME] });
  const states = listing.sessions.map((
    session,
  ) => [session.id?.slice(0, 13) ?? null, session.state]);
  assert.deepEqual(states.slice(0, 6), [
    ["01a20db7-9c79", "failed"],
    ["01a20db7-8ddb", "interrupted"],
    // Same last activity (a copy of exec-shell): ordered by path.
    ["01a20db7-7f58", "done"],
    ["0badf11e-0000", "done"],
    ["01a20db7-7d9a", "done"],
    // Still being written (torn last line), and no process holds it.
    ["01a20db7-7d9a", "unfinished"],
  ]);
  assert.deepEqual(
    listing.sessions.slice(6).map((session) => session.state).sort(),
    ["empty", "not-a-rollout", "not-a-rollout"],
  );
  assert.equal(listing.missingHomes.length, 0);
  const utf8 = listing.sessions.find((session) => session.id?.startsWith("0badf11e"));
  assert.equal(utf8?.firstPrompt, "Say hi \ufffd\ufffd with the shell.");
});

Deno.test("a missing Codex home is reported, not thrown", async () => {
  const listing = await listSessions({ ...OPTIONS, codexHomes: [join(HOME, "nowhere")] });
  assert.deepEqual(listing.sessions, []);
  assert.deepEqual(listing.missingHomes, [join(HOME, "nowhere")]);
});

Deno.test("a big rollout is read at both ends only: the last total is exact, turns a lower bound", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = (await Deno.readTextFile(join(CAPTURES, "rollout-multi-turn.jsonl")))
      .trimEnd().split("\n");
    const output = "x".repeat(1000);
    const padding = Array.from({ length: 2000 }, (_, index) =>
      JSON.stringify({
        timestamp: "2026-11-24T13:20:58.950Z",
        type: "response_item",
        payload: { type: "function_call_output", call_id: `c${index}`, output },
      }));
    const path = join(dir, "big.jsonl");
    await Deno.writeTextFile(
      path,
      [...lines.slice(0, 21), ...padding, ...lines.slice(21)].join("\n") + "\n",
    );
    assert.ok((await Deno.stat(path)).size > WHOLE_FILE_BYTES * 4);
    const read = await readRolloutFacts(path);
    assert.equal(read.kind, "facts");
    if (read.kind !== "facts") return;
    assert.equal(read.wholeFile, false);
    assert.equal(read.tail.totals?.total, 8455);
    assert.equal(read.head.firstPrompt, "Say hi with the shell.");
    const listing = await listSessions({ ...OPTIONS, codexHomes: [], paths: [path] });
    assert.equal(listing.sessions[0]?.turnsExact, false);
    assert.ok((listing.sessions[0]?.turns ?? 0) >= 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a rollout just over the whole-file size keeps the last token count and model found in its first block", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const text = await Deno.readTextFile(join(CAPTURES, "rollout-multi-turn.jsonl"));
    const whole = await readRolloutFacts(join(CAPTURES, "rollout-multi-turn.jsonl"));
    assert.equal(whole.kind, "facts");
    if (whole.kind !== "facts") return;
    assert.equal(whole.wholeFile, true);
    // One long line after the end: the first block ends inside it, the last blocks hold no other.
    const output = "x".repeat(WHOLE_FILE_BYTES - text.length + 2000);
    const path = join(dir, "just-over.jsonl");
    await Deno.writeTextFile(
      path,
      text + JSON.stringify({
        timestamp: "2026-11-24T13:21:58.950Z",
        type: "response_item",
        payload: { type: "function_call_output", call_id: "pad", output },
      }) + "\n",
    );
    const read = await readRolloutFacts(path);
    assert.equal(read.kind, "facts");
    if (read.kind !== "facts") return;
    assert.equal(read.wholeFile, false);
    assert.equal(read.tail.totals?.total, whole.tail.totals?.total);
    assert.equal(read.tail.model, whole.tail.model);
    assert.equal(read.tail.lastTurn, whole.tail.lastTurn);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the head of a big rollout is its lines within the first 64 KB, however far its first read went", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const lines = (await Deno.readTextFile(join(CAPTURES, "rollout-multi-turn.jsonl")))
      .trimEnd().split("\n");
    const tail = JSON.stringify({
      timestamp: "2026-11-24T13:21:58.950Z",
      type: "response_item",
      payload: { type: "function_call_output", call_id: "end", output: "x".repeat(100_000) },
    });
    // Padding after the session meta pushes the first turn context and prompt (~15 KB after
    // it) to just inside, then just outside, the head.
    for (const [padding, found] of [[20_000, true], [30_000, false]] as const) {
      const pad = JSON.stringify({
        timestamp: "2026-11-24T13:20:58.806Z",
        type: "response_item",
        payload: { type: "function_call_output", call_id: "pad", output: "p".repeat(padding) },
      });
      const path = join(dir, `head-${padding}.jsonl`);
      await Deno.writeTextFile(path, [lines[0], pad, ...lines.slice(1), tail].join("\n") + "\n");
      const read = await readRolloutFacts(path);
      assert.equal(read.kind, "facts");
      if (read.kind !== "facts") continue;
      assert.equal(read.head.firstPrompt !== null, found, `padding ${padding}`);
      assert.equal(read.head.model !== null, found, `padding ${padding}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a rollout held open by a live process is running or idle, and done once it ends", async () => {
  const path = join(
    HOME,
    "sessions/2026/11/24/rollout-2026-11-24T13-20-58-01a20db7-7d9a-7eb1-8a4f-9310b44771ec.jsonl",
  );
  await whileHeldOpen(path, async () => {
    const live = await listSessions({ ...OPTIONS, codexHomes: [], paths: [path] });
    assert.equal(live.liveChecked, true);
    assert.equal(live.sessions[0]?.state, "idle");
  });
  const ended = await listSessions({ ...OPTIONS, codexHomes: [], paths: [path] });
  assert.equal(ended.sessions[0]?.state, "done");
});

Deno.test("a unique id prefix names its rollout; an ambiguous one is a usage error", async () => {
  const options = { codexHomes: [HOME], cwd: Deno.cwd() };
  const found = await resolveSessionArgument("01a20db7-8d", options);
  assert.match(found, /rollout-2026-11-24T13-21-02-01a20db7-8ddb-7c91-a0a9-08e82c2a8ca7\.jsonl$/);
  assert.equal(await resolveSessionArgument("01a20db78ddb", options), found);
  await assert.rejects(() => resolveSessionArgument("01a20db7", options), UsageError);
  // Not an id and not a file: left for the command to report as a missing file.
  assert.equal(await resolveSessionArgument("nothing-here.jsonl", options), "nothing-here.jsonl");
  assert.equal(await resolveSessionArgument("fffff", options), "fffff");
});

Deno.test("a live session with an open turn is running, and stuck once silent for the threshold", async () => {
  const path = join(
    HOME,
    "sessions/2026/11/25/rollout-2026-11-25T09-00-03-0badf11e-0000-7000-8000-000000000004.jsonl",
  );
  // The last line was written at 2026-11-24T13:20:58.952Z.
  const last = Date.parse("2026-11-24T13:20:58.952Z");
  await whileHeldOpen(path, async () => {
    const soon = await listSessions({
      ...OPTIONS,
      codexHomes: [],
      paths: [path],
      now: last + 5_000,
    });
    assert.equal(soon.sessions[0]?.state, "running");
    const later = await listSessions({
      ...OPTIONS,
      codexHomes: [],
      paths: [path],
      now: last + 600_000,
    });
    assert.equal(later.sessions[0]?.state, "stuck");
  });
});
