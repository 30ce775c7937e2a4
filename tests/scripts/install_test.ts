import assert from "node:assert/strict";
import { basename, join } from "node:path";
// The SDK's `./*.js` exports name types it does not ship; @ts-types names the real ones.
// @ts-types="@modelcontextprotocol/sdk/client/index"
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
// @ts-types="@modelcontextprotocol/sdk/client/stdio"
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { install, LAUNCHER_MARK, realDenoBinary } from "../../scripts/install.ts";

const FIXTURE = new URL("../../fixtures/codex-0.47.0/simple.jsonl", import.meta.url).pathname;

async function withPrefix(run: (prefix: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await run(join(dir, "fresh", "prefix"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("install creates the bin folder and a launcher that runs codexmon", async () => {
  await withPrefix(async (prefix) => {
    const result = await install({ prefix, path: `/usr/bin:${prefix}/bin` });
    assert.equal(result.launcher, join(prefix, "bin", "codexmon"));
    assert.equal(result.onPath, true);
    assert.equal(result.deno, await Deno.realPath(Deno.execPath()));
    const script = await Deno.readTextFile(result.launcher);
    assert.ok(script.includes(LAUNCHER_MARK));
    assert.match(script, new RegExp(`^exec ${result.deno} run --no-config `, "m"));
    const output = await new Deno.Command(result.launcher, { args: ["parse", "--json", FIXTURE] })
      .output();
    assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
    assert.match(new TextDecoder().decode(output.stdout), /"type":"summary"/);
    assert.deepEqual(result.loaded.map((file) => basename(file)), [
      "codexmon_mcp.js",
      "codexmon_shared.js",
    ]);
    // mcp loads its own file from beside the installed bundle and answers an MCP client
    const transport = new StdioClientTransport({
      command: result.launcher,
      args: ["mcp", "--state-dir", join(prefix, "state")],
      stderr: "pipe",
    });
    const client = new Client({ name: "install-test", version: "0.1.0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((tool) => tool.name === "codex_status"));
    } finally {
      await client.close();
    }
    const again = await install({ prefix, path: "/usr/bin" });
    assert.equal(again.onPath, false);
  });
});

Deno.test("the launcher's pid is deno's own, so a signal to it stops codexmon", async () => {
  await withPrefix(async (prefix) => {
    const { launcher, deno } = await install({ prefix });
    const child = new Deno.Command(launcher, {
      args: ["watch", FIXTURE],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // The watcher says it is watching on stderr once it runs.
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("watching")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    assert.equal(await Deno.realPath(`/proc/${child.pid}/exe`), deno);
    Deno.kill(child.pid, "SIGTERM");
    const status = await child.status;
    assert.ok(!status.success);
    await reader.cancel();
    await child.stdout.cancel();
  });
});

Deno.test("install never overwrites a codexmon it did not write", async () => {
  await withPrefix(async (prefix) => {
    await Deno.mkdir(join(prefix, "bin"), { recursive: true });
    const mine = join(prefix, "bin", "codexmon");
    await Deno.writeTextFile(mine, "#!/bin/sh\necho mine\n");
    await assert.rejects(install({ prefix }), /a file codexmon did not write is there/);
    assert.equal(await Deno.readTextFile(mine), "#!/bin/sh\necho mine\n");
  });
});

Deno.test("a script in place of deno (the npm Node wrapper) is refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const shim = join(dir, "deno");
    await Deno.writeTextFile(shim, "#!/usr/bin/env node\n");
    await assert.rejects(realDenoBinary(shim), /it is a script, not the deno binary/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a deno from npx's cache is copied next to the bundle, since npm may clean that cache", async () => {
  await withPrefix(async (prefix) => {
    const npx = join(prefix, "..", "_npx", "0123", "node_modules", "deno");
    await Deno.mkdir(npx, { recursive: true });
    await Deno.copyFile(await Deno.realPath(Deno.execPath()), join(npx, "deno"));
    const result = await install({ prefix, deno: join(npx, "deno") });
    assert.equal(result.deno, join(prefix, "lib", "codexmon", "deno"));
    const output = await new Deno.Command(result.launcher, { args: ["--version"] }).output();
    assert.equal(
      new TextDecoder().decode(output.stdout),
      `codexmon 0.1.0 (deno ${Deno.version.deno})\n`,
    );
  });
});

Deno.test("install writes the completion scripts of every shell and keeps a foreign file", async () => {
  await withPrefix(async (prefix) => {
    const foreign = join(prefix, "share", "fish", "vendor_completions.d", "codexmon.fish");
    await Deno.mkdir(join(foreign, ".."), { recursive: true });
    await Deno.writeTextFile(foreign, "# my own fish completions\n");
    const { completions } = await install({ prefix });
    const byShell = Object.fromEntries(completions.map((file) => [file.shell, file]));
    const bash = await Deno.readTextFile(
      join(prefix, "share/bash-completion/completions/codexmon"),
    );
    assert.match(bash, /^# bash completion for codexmon/);
    assert.ok(bash.includes("_codexmon"));
    assert.match(
      await Deno.readTextFile(join(prefix, "share/codexmon/completion.zsh")),
      /zsh completion for codexmon/,
    );
    assert.equal(byShell.fish?.written, false);
    assert.equal(await Deno.readTextFile(foreign), "# my own fish completions\n");
    // A second install replaces its own scripts.
    const again = await install({ prefix });
    assert.ok(again.completions.filter((file) => file.shell !== "fish").every((f) => f.written));
  });
});
