import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../support/cli.ts";

const HOME = fileURLToPath(new URL("../../fixtures/crafted/home/", import.meta.url));

async function withCacheDir(body: (dir: string, env: Record<string, string>) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    const env = {
      CODEX_HOME: HOME,
      CODEXMON_STATE_DIR: "/nonexistent-codexmon-state",
      CODEXMON_CACHE_DIR: join(dir, "cache"),
    };
    await body(join(dir, "cache"), env);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("ls keeps its cache in a private file and lists the same rows from it", async () => {
  await withCacheDir(async (dir, env) => {
    const first = await runCli(["ls", "--json"], { env });
    assert.equal(first.code, 0, first.stderr);
    const info = await Deno.lstat(join(dir, "discovery.json"));
    assert.equal((info.mode ?? 0) & 0o777, 0o600);
    assert.equal(((await Deno.lstat(dir)).mode ?? 0) & 0o022, 0);
    const second = await runCli(["ls", "--json"], { env });
    const rows = (text: string) => text.split("\n").filter((line) => !line.includes('"listing"'));
    assert.deepEqual(rows(second.stdout), rows(first.stdout));
  });
});

Deno.test("ls --no-cache neither reads nor writes the cache; a linked cache file is refused", async () => {
  await withCacheDir(async (dir, env) => {
    const plain = await runCli(["ls", "--no-cache"], { env });
    assert.equal(plain.code, 0);
    assert.equal(plain.stderr, "");
    await assert.rejects(() => Deno.lstat(join(dir, "discovery.json")), Deno.errors.NotFound);
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
    const target = join(dir, "elsewhere.json");
    await Deno.writeTextFile(target, '{"version":1,"entries":{}}', { mode: 0o600 });
    await Deno.symlink(target, join(dir, "discovery.json"));
    const linked = await runCli(["ls"], { env });
    assert.equal(linked.code, 0);
    assert.match(linked.stderr, /^note: not using the cache ".*discovery\.json": .*symbolic link/);
    assert.equal(linked.stdout, plain.stdout);
    assert.equal(await Deno.readTextFile(target), '{"version":1,"entries":{}}');
  });
});
