import assert from "node:assert/strict";
import { UsageError } from "../../src/core/errors.ts";
import {
  listSessionNames,
  resolveStateDir,
  sessionPaths,
  validateSessionName,
} from "../../src/session/state_dir.ts";

const noEnv = () => undefined;

Deno.test("resolveStateDir prefers the flag, then CODEXMON_STATE_DIR, then .codexmon in the cwd", () => {
  const env = (name: string) => name === "CODEXMON_STATE_DIR" ? "/from/env" : undefined;
  assert.equal(resolveStateDir({ flag: "rel", env, cwd: "/work" }), "/work/rel");
  assert.equal(resolveStateDir({ env, cwd: "/work" }), "/from/env");
  assert.equal(resolveStateDir({ env: noEnv, cwd: "/work" }), "/work/.codexmon");
  assert.equal(
    resolveStateDir({ env: (name) => name === "CODEXMON_STATE_DIR" ? "" : undefined, cwd: "/w" }),
    "/w/.codexmon",
  );
});

Deno.test("sessionPaths lays out one folder per session name", () => {
  const paths = sessionPaths("/s", "default");
  assert.equal(paths.dir, "/s/default");
  assert.equal(paths.buffer, "/s/default/buffer.jsonl");
  assert.equal(paths.output, "/s/default/output.json");
  assert.equal(paths.times, "/s/default/output.json.times.jsonl");
  assert.equal(paths.meta, "/s/default/session.json");
});

Deno.test("validateSessionName refuses names that are not a plain folder name", () => {
  for (const bad of ["", "..", "../x", "a/b", ".hidden", "_x", "a b", "x".repeat(65)]) {
    assert.throws(() => validateSessionName(bad), UsageError, bad);
  }
  assert.equal(validateSessionName("review-2.b_c"), "review-2.b_c");
});

Deno.test("listSessionNames lists folders holding a session.json, sorted", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const name of ["zeta", "alpha", "empty"]) await Deno.mkdir(`${dir}/${name}`);
    await Deno.writeTextFile(`${dir}/zeta/session.json`, "{}");
    await Deno.writeTextFile(`${dir}/alpha/session.json`, "{}");
    await Deno.writeTextFile(`${dir}/file`, "");
    assert.deepEqual(await listSessionNames(dir), ["alpha", "zeta"]);
    assert.deepEqual(await listSessionNames(`${dir}/missing`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
