/** Private state: modes whatever the umask, no link followed, no folder of another user trusted. */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  checkPrivateDir,
  currentUid,
  ensurePrivateDir,
  openPrivateFile,
  writePrivateFileAtomic,
} from "../../src/session/private_files.ts";
import { writeMeta } from "../../src/session/metadata.ts";
import { sessionPaths } from "../../src/session/state_dir.ts";
import { plainMeta } from "../support/session_meta.ts";

async function withTemp(fn: (root: string) => Promise<void> | void): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "codexmon-private-" });
  const umask = Deno.umask(0o022);
  try {
    await fn(root);
  } finally {
    Deno.umask(umask);
    await Deno.remove(root, { recursive: true });
  }
}

function mode(path: string): number {
  return (Deno.lstatSync(path).mode ?? 0) & 0o777;
}

Deno.test("ensurePrivateDir creates folders 0700 and openPrivateFile files 0600 under umask 022", () =>
  withTemp((root) => {
    const dir = join(root, "state", "default");
    ensurePrivateDir(join(root, "state"), { what: "state folder" });
    ensurePrivateDir(dir, { what: "session folder" });
    assert.equal(mode(join(root, "state")), 0o700);
    assert.equal(mode(dir), 0o700);
    openPrivateFile(join(dir, "output.json"), { append: true, create: true }).close();
    assert.equal(mode(join(dir, "output.json")), 0o600);
    // a file an older version left world-readable is made private when opened
    Deno.writeTextFileSync(join(dir, "buffer.jsonl"), "");
    Deno.chmodSync(join(dir, "buffer.jsonl"), 0o644);
    openPrivateFile(join(dir, "buffer.jsonl"), { append: true }).close();
    assert.equal(mode(join(dir, "buffer.jsonl")), 0o600);
  }));

Deno.test("openPrivateFile refuses a symbolic link and leaves its target untouched", () =>
  withTemp((root) => {
    const victim = join(root, "victim");
    Deno.writeTextFileSync(victim, "precious\n");
    const link = join(root, "buffer.jsonl");
    Deno.symlinkSync(victim, link);
    for (const create of [false, true]) {
      assert.throws(
        () => openPrivateFile(link, { append: true, create }),
        /Refusing ".*buffer\.jsonl": it is a symbolic link/,
      );
    }
    // a dangling link is not followed either: O_EXCL fails on it
    const dangling = join(root, "output.json");
    Deno.symlinkSync(join(root, "missing"), dangling);
    assert.throws(() => openPrivateFile(dangling, { append: true, create: true }), /symbolic link/);
    assert.throws(() => Deno.lstatSync(join(root, "missing")), Deno.errors.NotFound);
    assert.equal(Deno.readTextFileSync(victim), "precious\n");
    Deno.mkdirSync(join(root, "times"));
    assert.throws(
      () => openPrivateFile(join(root, "times"), { append: true }),
      /not a regular file/,
    );
  }));

Deno.test("checkPrivateDir refuses a folder group or others can write, naming the fix", () =>
  withTemp((root) => {
    const dir = join(root, "shared");
    Deno.mkdirSync(dir);
    Deno.chmodSync(dir, 0o1777);
    assert.throws(
      () => checkPrivateDir(dir, { what: "session folder" }),
      (error: Error) =>
        error.message ===
          `Refusing the session folder "${dir}": group or others can write it (mode 0777); fix it with: chmod 700 ${dir}`,
    );
    Deno.chmodSync(dir, 0o755);
    checkPrivateDir(dir, { what: "session folder" });
  }));

Deno.test("checkPrivateDir refuses a folder another user owns", {
  ignore: currentUid() !== 0,
}, () =>
  withTemp((root) => {
    const dir = join(root, "planted");
    Deno.mkdirSync(dir, { mode: 0o700 });
    Deno.chownSync(dir, 65534, 65534);
    assert.throws(
      () => ensurePrivateDir(dir, { what: "session folder" }),
      /Refusing the session folder ".*planted": it is owned by uid 65534, not by you \(uid 0\); remove it or choose another --state-dir/,
    );
    // a link owned by someone else is refused even when it leads to a good folder
    const good = join(root, "good");
    Deno.mkdirSync(good, { mode: 0o700 });
    const link = join(root, "link");
    Deno.symlinkSync(good, link);
    new Deno.Command("chown", { args: ["-h", "65534:65534", link] }).outputSync();
    assert.throws(
      () => checkPrivateDir(link, { what: "state folder" }),
      /symbolic link owned by uid 65534/,
    );
  }));

Deno.test("writeMeta writes through a fresh random name and never through a planted link", () =>
  withTemp(async (root) => {
    const paths = sessionPaths(root, "default");
    ensurePrivateDir(paths.dir, { what: "session folder" });
    const victim = join(root, "victim");
    Deno.writeTextFileSync(victim, "precious\n");
    Deno.chmodSync(victim, 0o600);
    // the names the old writer used for the next pids
    for (let pid = Deno.pid; pid < Deno.pid + 20; pid += 1) {
      Deno.symlinkSync(victim, `${paths.meta}.${pid}.tmp`);
    }
    const meta = plainMeta({ cwd: root });
    await writeMeta(paths, meta);
    await writeMeta(paths, meta);
    assert.equal(Deno.readTextFileSync(victim), "precious\n");
    assert.equal(mode(paths.meta), 0o600);
    const temporaries = [...Deno.readDirSync(paths.dir)].filter((entry) =>
      entry.name.endsWith(".tmp") && entry.isFile
    );
    assert.deepEqual(temporaries, [], "no temporary file is left behind");
    // a link at the record itself is refused, not written through
    Deno.removeSync(paths.meta);
    Deno.symlinkSync(victim, paths.meta);
    await assert.rejects(() => writePrivateFileAtomic(paths.meta, "{}"), /symbolic link/);
    assert.equal(Deno.readTextFileSync(victim), "precious\n");
  }));
