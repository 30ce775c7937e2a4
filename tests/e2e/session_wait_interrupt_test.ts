/** Ctrl-C during `session wait` ends the wait with exit 130 and leaves nothing behind. */

import assert from "node:assert/strict";
import { newSessionMeta, writeMeta } from "../../src/session/metadata.ts";
import { readProcStat } from "../../src/session/processes.ts";
import { sessionPaths } from "../../src/session/state_dir.ts";
import { descendantPids, eventually, sessionEntry } from "../support/session_harness.ts";

Deno.test("session wait stops on SIGINT with exit 130 and no child left", async () => {
  const root = await Deno.makeTempDir({ prefix: "codexmon-interrupt-" });
  try {
    // a session whose "supervisor" is this test process: alive, and request 1 never answers
    const paths = sessionPaths(root, "default");
    await Deno.mkdir(paths.dir);
    await Deno.writeTextFile(
      paths.buffer,
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{}}\n',
    );
    await Deno.writeTextFile(paths.output, "");
    const meta = newSessionMeta({
      name: "default",
      codexPath: "/bin/true",
      codexArgs: [],
      cwd: root,
      codexVersion: "0.47.0",
      createdAt: 0,
    });
    const startTicks = readProcStat(Deno.pid)?.startTicks ?? null;
    meta.supervisor = { pid: Deno.pid, pgid: Deno.pid, sid: Deno.pid, startTicks };
    meta.codexPid = Deno.pid;
    await writeMeta(paths, meta);
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", sessionEntry(), "session", "wait", "1", "--state-dir", root],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const output = child.output();
    // the wait is ready for Ctrl-C once it catches SIGINT (bit 2 of SigCgt in /proc/PID/status)
    await eventually(() => {
      const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
      const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1] ?? "0";
      return (BigInt(`0x${caught}`) & 2n) !== 0n ? true : undefined;
    }, { message: "wait catches SIGINT" });
    child.kill("SIGINT");
    const result = await output;
    assert.equal(result.code, 130);
    assert.match(
      new TextDecoder().decode(result.stderr),
      /stopped waiting for request 1 \(interrupted\)/,
    );
    assert.deepEqual(descendantPids(child.pid), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
