/**
 * Process identity: a recorded pid counts as the session's only when its start time matches;
 * `status` calls a reused pid dead, and `stop` never signals it, pid 1 or codexmon's own group.
 */

import assert from "node:assert/strict";
import { readMeta, writeMeta } from "../../src/session/metadata.ts";
import { isProcessAlive, processIdentity, readProcStat } from "../../src/session/processes.ts";
import { type SessionPaths, sessionPaths } from "../../src/session/state_dir.ts";
import { plainMeta } from "../support/session_meta.ts";
import { readSessionStatus } from "../../src/session/status.ts";
import { livenessText } from "../../src/ui/status_view.ts";
import { isSafeGroup, stopSession } from "../../src/session/stop.ts";
import { sessionLiveness } from "../../src/session/liveness.ts";

async function sessionWith(
  supervisor: { pid: number; pgid: number; startTicks: number | null },
): Promise<{ root: string; paths: SessionPaths }> {
  const root = await Deno.makeTempDir({ prefix: "codexmon-identity-" });
  const paths = sessionPaths(root, "default");
  await Deno.mkdir(paths.dir, { mode: 0o700 });
  await Deno.writeTextFile(paths.output, "");
  await Deno.writeTextFile(paths.buffer, "");
  const meta = plainMeta({ cwd: root, createdAt: 1_000 });
  meta.supervisor = { ...supervisor, sid: supervisor.pgid };
  await writeMeta(paths, meta);
  return { root, paths };
}

/** A detached `sleep` leading its own process session, like a supervisor whose pid was reused. */
async function withDetachedSleep(fn: (pid: number) => Promise<void>): Promise<void> {
  const child = new Deno.Command("setsid", { args: ["sleep", "60"], stdin: "null" }).spawn();
  try {
    // setsid execs sleep in place (the test is not a group leader): wait for the exec
    for (let tries = 0; readProcStat(child.pid)?.name !== "sleep" && tries < 500; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await fn(child.pid);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // gone
    }
    await child.status;
  }
}

Deno.test("processIdentity tells a live process, a reused pid and a dead one apart", async () => {
  await withDetachedSleep((pid) => {
    const ticks = readProcStat(pid)?.startTicks ?? null;
    assert.equal(typeof ticks, "number");
    assert.equal(processIdentity(pid, ticks), "alive");
    assert.equal(processIdentity(pid, ticks! - 1), "reused");
    assert.equal(processIdentity(pid, null, { cmdlineIncludes: "_supervise" }), "reused");
    assert.equal(processIdentity(pid, null, { cmdlineIncludes: "sleep" }), "alive");
    return Promise.resolve();
  });
  assert.equal(processIdentity(2 ** 22 + 1, null), "dead");
});

Deno.test("status says dead (pid reused) and stop leaves the process alone", async () => {
  await withDetachedSleep(async (pid) => {
    const ticks = readProcStat(pid)!.startTicks!;
    const { root, paths } = await sessionWith({ pid, pgid: pid, startTicks: ticks - 1 });
    try {
      const status = await readSessionStatus(paths, { now: 2_000 });
      assert.equal(status.supervisorState, "reused");
      assert.equal(livenessText(status), "dead (pid reused)");
      const result = await stopSession(paths, { timeoutMs: 1_000 });
      assert.equal(result.found, 0);
      assert.ok(isProcessAlive(pid, ticks), "the unrelated process still runs");
      assert.equal(result.exit?.signal, null, "stop records no signal it did not send");
      assert.match(result.exit?.reason ?? "", /how Codex ended is not known/);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
});

Deno.test("stop never signals pid 1 or codexmon's own process group", async () => {
  const own = readProcStat(Deno.pid)!;
  assert.equal(isSafeGroup(1), false);
  assert.equal(isSafeGroup(0), false);
  assert.equal(isSafeGroup(own.pgid), false);
  for (
    const supervisor of [
      { pid: 1, pgid: 1, startTicks: null },
      { pid: 1, pgid: 1, startTicks: readProcStat(1)?.startTicks ?? null },
      { pid: own.pgid, pgid: own.pgid, startTicks: readProcStat(own.pgid)?.startTicks ?? null },
    ]
  ) {
    const { root, paths } = await sessionWith(supervisor);
    try {
      const result = await stopSession(paths, { timeoutMs: 500 });
      assert.equal(result.found, 0, `nothing of ${JSON.stringify(supervisor)} is signalled`);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  }
  assert.ok(isProcessAlive(Deno.pid), "the test process is alive");
});

Deno.test("a record without a supervisor reads as starting for a minute, then as dead", async () => {
  const { root, paths } = await sessionWith({ pid: 1, pgid: 1, startTicks: null });
  try {
    const meta = (await readMeta(paths))!;
    meta.supervisor = null;
    assert.equal(sessionLiveness(meta, 1_000 + 5_000).supervisor, "starting");
    assert.equal(sessionLiveness(meta, 1_000 + 61_000).supervisor, "dead");
    assert.equal(
      livenessText({ alive: false, exit: null, supervisorState: "starting" }),
      "starting",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
