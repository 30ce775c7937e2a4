import assert from "node:assert/strict";
import { join } from "node:path";
import { CodexmonError, UsageError } from "../../src/core/errors.ts";
import { DEFAULT_STUCK_THRESHOLDS } from "../../src/core/config/defaults.ts";
import { candidatePaths, findConfigFile, loadConfig } from "../../src/io/config_file.ts";

async function withDirs(
  run: (dirs: { cwd: string; home: string; xdg: string }) => Promise<void>,
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "codexmon-config-" });
  try {
    const dirs = { cwd: join(root, "project"), home: join(root, "home"), xdg: join(root, "xdg") };
    for (const dir of Object.values(dirs)) await Deno.mkdir(dir, { recursive: true });
    await run(dirs);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function envOf(values: Record<string, string>) {
  return (name: string) => values[name];
}

async function write(path: string, text: string): Promise<void> {
  await Deno.mkdir(join(path, ".."), { recursive: true });
  await Deno.writeTextFile(path, text);
}

Deno.test("loadConfig gives the defaults when no config file exists", async () => {
  await withDirs(async ({ cwd, home }) => {
    const config = await loadConfig({ cwd, env: envOf({ HOME: home }) });
    assert.deepEqual(config, { stuck: { ...DEFAULT_STUCK_THRESHOLDS }, session: {} });
  });
});

Deno.test("loadConfig prefers codexmon.jsonc in the current directory", async () => {
  await withDirs(async ({ cwd, home, xdg }) => {
    await write(join(cwd, "codexmon.jsonc"), '{ "stuck": { "thinkingWarning": 4 } }');
    await write(join(xdg, "codexmon", "codexmon.jsonc"), '{ "stuck": { "thinkingWarning": 5 } }');
    const env = envOf({ HOME: home, XDG_CONFIG_HOME: xdg });
    assert.equal(await findConfigFile({ cwd, env }), join(cwd, "codexmon.jsonc"));
    assert.equal((await loadConfig({ cwd, env })).stuck.thinkingWarning, 4);
  });
});

Deno.test("loadConfig falls back to XDG_CONFIG_HOME, then to ~/.config", async () => {
  await withDirs(async ({ cwd, home, xdg }) => {
    await write(join(xdg, "codexmon", "codexmon.jsonc"), '{ "stuck": { "thinkingWarning": 5 } }');
    await write(
      join(home, ".config", "codexmon", "codexmon.jsonc"),
      '{ "stuck": { "thinkingWarning": 7 } }',
    );
    const withXdg = envOf({ HOME: home, XDG_CONFIG_HOME: xdg });
    assert.equal((await loadConfig({ cwd, env: withXdg })).stuck.thinkingWarning, 5);
    const withoutXdg = envOf({ HOME: home });
    assert.equal((await loadConfig({ cwd, env: withoutXdg })).stuck.thinkingWarning, 7);
    // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
    assert.deepEqual(candidatePaths({ cwd, env: envOf({ HOME: home, XDG_CONFIG_HOME: "rel" }) }), [
      join(cwd, "codexmon.jsonc"),
      join(home, ".config", "codexmon", "codexmon.jsonc"),
    ]);
  });
});

Deno.test("loadConfig reads an explicit path relative to cwd and requires it to exist", async () => {
  await withDirs(async ({ cwd, home }) => {
    await write(join(cwd, "conf", "mine.jsonc"), '{ "stuck": { "retryWarning": 3 } }');
    const env = envOf({ HOME: home });
    assert.equal((await loadConfig({ cwd, env, path: "conf/mine.jsonc" })).stuck.retryWarning, 3);
    await assert.rejects(
      () => loadConfig({ cwd, env, path: "missing.jsonc" }),
      (error: unknown) =>
        error instanceof UsageError &&
        error.message === 'Cannot read config "missing.jsonc": file not found',
    );
  });
});

Deno.test("loadConfig resolves session paths against the config file's directory", async () => {
  await withDirs(async ({ cwd, home }) => {
    const dir = join(home, ".config", "codexmon");
    await write(
      join(dir, "codexmon.jsonc"),
      '{ "session": { "cwd": "../work", "codex": "./bin/codex", "model": "gpt-5.2" } }',
    );
    const other = await Deno.makeTempDir();
    try {
      const config = await loadConfig({ cwd: other, env: envOf({ HOME: home }) });
      assert.equal(config.session.cwd, join(home, ".config", "work"));
      assert.equal(config.session.codex, join(dir, "bin", "codex"));
      assert.equal(config.session.model, "gpt-5.2");
    } finally {
      await Deno.remove(other, { recursive: true });
    }
    await write(join(cwd, "codexmon.jsonc"), '{ "session": { "codex": "codex" } }');
    const bare = await loadConfig({ cwd, env: envOf({ HOME: home }) });
    assert.equal(bare.session.codex, "codex");
  });
});

Deno.test("loadConfig reports a broken file with its path, line and column", async () => {
  await withDirs(async ({ cwd, home }) => {
    const path = join(cwd, "codexmon.jsonc");
    await write(path, '{\n  "stuck": {\n    "silenceWarningSeconds": 120,,\n  }\n}\n');
    await assert.rejects(
      () => loadConfig({ cwd, env: envOf({ HOME: home }) }),
      (error: unknown) =>
        error instanceof UsageError && error instanceof CodexmonError &&
        error.message ===
          `Cannot parse config "${path}": expected a property name in double quotes at line 3, column 34`,
    );
  });
});
