import assert from "node:assert/strict";
import {
  descendants,
  isProcessAlive,
  listProcesses,
  parseProcStat,
  readProcStat,
  sessionMembers,
} from "../../src/session/processes.ts";
import { sessionProcesses } from "../../src/session/stop.ts";

Deno.test("parseProcStat reads the fields after a name holding spaces and parentheses", () => {
  const text =
    "4242 (codex (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 4 0 93664 3133440 389 18446744073709551615\n";
  assert.deepEqual(parseProcStat(text), {
    pid: 4242,
    state: "S",
    ppid: 1,
    pgid: 4242,
    sid: 4242,
    startTicks: 93664,
    name: "codex (x) y",
  });
  assert.equal(parseProcStat("garbage"), null);
});

Deno.test("process helpers find a detached process session and its children", async () => {
  const child = new Deno.Command("setsid", {
    args: ["sh", "-c", "sleep 60 & sleep 60; wait"],
    stdin: "null",
  }).spawn();
  try {
    const leader = child.pid;
    // wait for both sleeps to exist
    const deadline = Date.now() + 10_000;
    while (descendants(leader).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const stat = readProcStat(leader);
    assert.equal(stat?.sid, leader, "setsid makes the child lead its own session");
    assert.ok(isProcessAlive(leader, stat?.startTicks));
    assert.equal(
      isProcessAlive(leader, (stat?.startTicks ?? 0) + 1),
      false,
      "another start time is another process",
    );
    assert.equal(descendants(leader).filter((process) => process.name === "sleep").length, 2);
    assert.equal(sessionMembers(leader).length, 3);
    assert.equal(sessionProcesses({ pid: leader, startTicks: stat?.startTicks ?? null }).length, 3);
    assert.ok(listProcesses().some((process) => process.pid === Deno.pid));
  } finally {
    for (const process of [...descendants(child.pid), { pid: child.pid }]) {
      try {
        Deno.kill(process.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    await child.status;
  }
  assert.equal(isProcessAlive(child.pid), false);
});
