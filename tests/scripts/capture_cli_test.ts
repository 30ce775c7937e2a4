/**
 * `deno task capture` on bad input, against a fake `codex` in a cache of its own (no npm, no
 * real Codex): each failure is one clear line, a non-zero exit, no fixtures folder and no
 * process left behind.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { runScript } from "../support/run_script.ts";

const CAPTURE = new URL("../../scripts/capture.ts", import.meta.url).pathname;
const VERSION = "9.9.9";

/**
 * A fake Codex `VERSION` whose `--help` lists `commands` and whose servers hang as a process
 * named `marker`.
 */
async function fakeCodex(
  cache: string,
  fake: { commands: string[]; marker: string },
): Promise<void> {
  const { commands, marker } = fake;
  const bin = join(cache, VERSION, "node_modules", ".bin");
  await Deno.mkdir(bin, { recursive: true });
  const help = ["Codex CLI", "", "Commands:", ...commands.map((name) => `  ${name}  does things`)];
  const script = `#!/bin/bash
case "$1" in
  --version) echo "codex-cli ${VERSION}" ;;
  --help) printf '%s\\n' ${help.map((line) => `'${line}'`).join(" ")} ;;
  debug) exit 1 ;;
  *) exec -a ${marker} sleep 600 ;;
esac
`;
  await Deno.writeTextFile(join(bin, "codex"), script, { mode: 0o755 });
}

async function capture(cache: string, args: string[]) {
  const run = await runScript(CAPTURE, [VERSION, ...args], {
    env: { CODEXMON_CODEX_CACHE: cache },
  });
  return { ...run, lastLine: run.stderr.trimEnd().split("\n").at(-1) ?? "" };
}

/** Processes whose command line starts with `marker`. */
function processesNamed(marker: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const cmdline = Deno.readTextFileSync(`/proc/${entry.name}/cmdline`);
      if (cmdline.startsWith(marker)) found.push(entry.name);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function withCache(test: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-capture-test-" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("capture stops a scenario that hangs at its time bound, kills Codex and leaves no folder", async () => {
  await withCache(async (dir) => {
    const marker = `codexmon-fake-codex-${crypto.randomUUID()}`;
    await fakeCodex(join(dir, "cache"), { commands: ["exec", "app-server"], marker });
    const out = join(dir, "fixtures", `codex-${VERSION}`);
    const run = await capture(join(dir, "cache"), ["--out", out, "--timeout", "2"]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.lastLine,
      'error: Scenario "app-server-shell" failed: Timed out waiting for the initialize result',
    );
    assert.deepEqual([...Deno.readDirSync(join(dir, "fixtures"))], []);
    assert.deepEqual(processesNamed(marker), []);
  });
});

Deno.test("capture refuses a release whose codex --help lists no known surface", async () => {
  await withCache(async (dir) => {
    await fakeCodex(join(dir, "cache"), { commands: ["exec", "login"], marker: "unused" });
    const out = join(dir, "out");
    const run = await capture(join(dir, "cache"), ["--out", out]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `error: Cannot capture Codex ${VERSION}: its codex --help lists none of the known surfaces (mcp-server, app-server)\n`,
    );
    assert.equal(await Deno.stat(out).then(() => true, () => false), false);
  });
});

Deno.test("capture says so when the mock's port is in use and keeps what the folder held", async () => {
  await withCache(async (dir) => {
    await fakeCodex(join(dir, "cache"), { commands: ["exec", "app-server"], marker: "unused" });
    const out = join(dir, "out");
    await Deno.mkdir(out);
    await Deno.writeTextFile(join(out, "notes.md"), "mine");
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const port = (listener.addr as Deno.NetAddr).port;
      const run = await capture(join(dir, "cache"), ["--out", out, "--port", String(port)]);
      assert.equal(run.code, 1);
      assert.equal(
        run.lastLine,
        `error: Cannot start the mock Responses API: port ${port} is in use`,
      );
    } finally {
      listener.close();
    }
    assert.deepEqual([...Deno.readDirSync(out)].map((entry) => entry.name), ["notes.md"]);
    assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), [
      "cache",
      "out",
    ]);
  });
});

Deno.test("capture rejects an unknown scenario with the names the release has", async () => {
  await withCache(async (dir) => {
    await fakeCodex(join(dir, "cache"), {
      commands: ["mcp-server", "app-server"],
      marker: "unused",
    });
    const run = await capture(join(dir, "cache"), ["--out", join(dir, "out"), "nope"]);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `error: Unknown scenario "nope" for Codex ${VERSION}: expected simple, shell, multi-turn, approval-noanswer, http-500\n`,
    );
  });
});
