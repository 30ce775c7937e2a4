import assert from "node:assert/strict";
import { join } from "node:path";
import { findJsonlFiles, sessionsDir } from "../../../src/io/discovery/find_files.ts";

Deno.test("findJsonlFiles finds every .jsonl below a folder, follows no symlink, and names each by its joined path", async () => {
  const home = await Deno.makeTempDir();
  try {
    const sessions = sessionsDir(home);
    const day = join(sessions, "2026", "12", "04");
    await Deno.mkdir(day, { recursive: true });
    await Deno.mkdir(join(sessions, "2026", "11"), { recursive: true });
    for (const name of ["rollout-a.jsonl", "rollout-b.jsonl", "notes.txt"]) {
      await Deno.writeTextFile(join(day, name), "{}\n");
    }
    await Deno.writeTextFile(join(sessions, "top.jsonl"), "{}\n");
    const outside = await Deno.makeTempDir();
    await Deno.writeTextFile(join(outside, "elsewhere.jsonl"), "{}\n");
    await Deno.symlink(outside, join(sessions, "2026", "linked"));
    await Deno.symlink(join(day, "rollout-a.jsonl"), join(sessions, "link.jsonl"));
    const found = await findJsonlFiles(sessions);
    assert.deepEqual(found.files.toSorted(), [
      join(day, "rollout-a.jsonl"),
      join(day, "rollout-b.jsonl"),
      join(sessions, "top.jsonl"),
    ]);
    assert.equal(found.skipped, 0);
    await Deno.remove(outside, { recursive: true });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("findJsonlFiles rejects a missing folder with NotFound", async () => {
  const home = await Deno.makeTempDir();
  try {
    await assert.rejects(findJsonlFiles(join(home, "sessions")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
