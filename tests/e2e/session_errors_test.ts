/** `codexmon session start` errors, each with its own message, and nothing left running. */

import assert from "node:assert/strict";
import { join } from "node:path";
import { APP_SERVER_CODEX_VERSIONS, requireCodex } from "../support/codex.ts";
import { SessionHarness, sessionProcessIds } from "../support/session_harness.ts";

async function withHarness(fn: (harness: SessionHarness) => Promise<void>): Promise<void> {
  const harness = await SessionHarness.create({
    codex: "codex",
    respond: () => ({ kind: "stream", items: [{ type: "message", text: "ok" }] }),
  });
  try {
    await fn(harness);
  } finally {
    await harness.cleanup();
  }
}

Deno.test("session start says so when the codex binary does not exist", async () => {
  await withHarness(async (harness) => {
    const run = await harness.session("start", "--codex", join(harness.root, "missing", "codex"));
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^error: Cannot start Codex: ".*missing\/codex" does not exist or is not executable/,
    );
  });
});

for (const version of APP_SERVER_CODEX_VERSIONS) {
  Deno.test(`session start refuses the mcp-server backend on Codex ${version} and points to app-server`, async () => {
    await withHarness(async (harness) => {
      const run = await harness.session(
        "start",
        "--backend",
        "mcp-server",
        "--codex",
        requireCodex(version),
      );
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        new RegExp(
          `Cannot start Codex ${
            version.replaceAll(".", "\\.")
          } .*it has no "mcp-server" \\(removed in 0\\.154\\.0`,
        ),
      );
      assert.match(run.stderr, /--backend app-server/);
    });
  });
}

Deno.test("session start shows the last stderr lines of a Codex that exits at once", async () => {
  await withHarness(async (harness) => {
    const fake = join(harness.root, "fake-codex");
    await Deno.writeTextFile(
      fake,
      '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "codex-cli 0.47.0"; exit 0; fi\necho "fatal: config.toml is broken" >&2\nexit 3\n',
    );
    await Deno.chmod(fake, 0o755);
    const run = await harness.session("start", "--codex", fake);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /Codex exited at once \(exit code 3\):\n {2}fatal: config\.toml is broken/,
    );
    const meta = await harness.meta();
    assert.deepEqual(sessionProcessIds(meta.supervisor!.sid), []);
    const status = await harness.session("status");
    assert.match(status.stdout, /dead \(exit code 3\)/);
  });
});

Deno.test("session commands name the session that does not exist", async () => {
  await withHarness(async (harness) => {
    const run = await harness.session("status", "--name", "nope");
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Cannot find session "nope"/);
    const bad = await harness.session("send", "--name", "../x", "hi");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid session name/);
    const list = await harness.session("list");
    assert.equal(list.stdout.trim(), "no sessions");
  });
});
