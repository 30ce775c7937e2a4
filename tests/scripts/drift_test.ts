import assert from "node:assert/strict";
import { captureFolder, drift } from "../../scripts/drift.ts";
import { readCaptures } from "../../scripts/drift/captures.ts";
import { compareSurface, readsEverything } from "../../scripts/drift/compare.ts";
import { emptyShape, type JsonType } from "../../scripts/drift/shape.ts";
import type { CliRun } from "../support/cli.ts";
import { runScript } from "../support/run_script.ts";
import { neededCheck, removePath, splitPath } from "../../scripts/drift/needed.ts";

const CRAFTED = new URL("../../fixtures/crafted/drift", import.meta.url).pathname;
const DRIFT = new URL("../../scripts/drift.ts", import.meta.url).pathname;

function runDrift(args: string[]): Promise<CliRun> {
  return runScript(DRIFT, args, { permissions: ["--allow-read", "--allow-write"] });
}

Deno.test("drift exits 0 and lists the new notification and field when codexmon reads every new line", async () => {
  const run = await runDrift([`${CRAFTED}/old`, `${CRAFTED}/readable`, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  const report = JSON.parse(run.stdout);
  assert.equal(report.readsEverything, true);
  const [surface] = report.surfaces;
  assert.equal(report.surfaces.length, 1);
  assert.equal(surface.surface, "app-server");
  assert.deepEqual(surface.new, { files: 1, lines: 12, unknownLines: 0 });
  assert.deepEqual(surface.kindsAdded, [{ kind: "method:turn/diff/updated", lines: 1 }]);
  assert.deepEqual(surface.kindsRemoved, []);
  assert.deepEqual(surface.fieldsAdded, [
    {
      kind: "method:turn/completed",
      path: "params.turn.costUsd",
      types: ["number"],
      needed: false,
    },
  ]);
  assert.deepEqual(surface.fieldsRemoved, []);
  assert.deepEqual(surface.typesChanged, []);
});

Deno.test("drift exits 1 when the new captures have a line codexmon cannot read and lose a field it reads", async () => {
  const run = await runDrift([`${CRAFTED}/old`, `${CRAFTED}/breaking`, "--json"]);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.readsEverything, false);
  const [surface] = report.surfaces;
  assert.equal(surface.new.unknownLines, 1);
  assert.deepEqual(surface.kindsAdded, [{ kind: "other", lines: 1 }]);
  assert.deepEqual(surface.fieldsRemoved, [
    {
      kind: "method:item/completed",
      path: "params.item.exitCode",
      types: ["number"],
      needed: true,
    },
  ]);
  assert.deepEqual(surface.fieldsAdded.map((change: { path: string }) => change.path), [
    "params.item.exit_code",
  ]);
});

Deno.test("drift prints Markdown tables that mark the needed field and the unknown lines", async () => {
  const run = await runDrift([`${CRAFTED}/old`, `${CRAFTED}/breaking`]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, /^# Drift of the Codex output formats: .*old → .*breaking$/m);
  assert.match(run.stdout, /^\| app-server \| 1 \| 11 \| 1 \| 12 \| 1 \|$/m);
  assert.match(
    run.stdout,
    /^\| `method:item\/completed` \| `params\.item\.exitCode` \| removed \| number \| \*\*needed\*\* \|$/m,
  );
  assert.match(run.stdout, /codexmon needs work/);
});

Deno.test("drift writes the report to --out and replaces an existing file only with --force", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/drift.md`;
    const first = await runDrift([`${CRAFTED}/old`, `${CRAFTED}/readable`, "--out", out]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, "");
    assert.match(
      await Deno.readTextFile(out),
      /^\| `method:turn\/diff\/updated` \| appeared \| 1 \|$/m,
    );
    await Deno.writeTextFile(out, "mine");
    const again = await runDrift([`${CRAFTED}/old`, `${CRAFTED}/readable`, "--out", out]);
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /^error: Cannot write ".*drift\.md": it exists \(use --force to replace it\)\n$/,
    );
    assert.equal(await Deno.readTextFile(out), "mine");
    const forced = await runDrift([
      `${CRAFTED}/old`,
      `${CRAFTED}/readable`,
      "--out",
      out,
      "--force",
    ]);
    assert.equal(forced.code, 0);
    assert.match(await Deno.readTextFile(out), /codexmon reads every line/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("drift exits 2 with one line when a folder or version has no captures", async () => {
  const run = await runDrift([`${CRAFTED}/old`, "9.9.9"]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    'error: Cannot find the captures "9.9.9": no such folder and no fixtures/codex-9.9.9\n',
  );
  assert.equal(run.stdout, "");
});

Deno.test("codexmon reads every line of the pinned 0.171.0 captures and needs nothing 0.169.0 had", async () => {
  const report = await drift(await captureFolder("0.169.0"), await captureFolder("0.171.0"));
  assert.equal(report.readsEverything, true);
  assert.deepEqual(report.surfaces.map((surface) => surface.surface), [
    "app-server",
    "exec-json",
    "rollout",
  ]);
  for (const surface of report.surfaces) assert.equal(surface.new?.unknownLines, 0);
});

Deno.test("a field is needed only when codexmon's analysis of the old captures changes without it", async () => {
  const captures = (await readCaptures(`${CRAFTED}/old`)).get("app-server")!;
  const isNeeded = neededCheck("app-server", captures.files);
  assert.equal(isNeeded("method:item/completed", "params.item.exitCode"), true);
  assert.equal(isNeeded("response", "result.userAgent"), true);
  assert.equal(isNeeded("method:item/completed", "params.item.processId"), false);
  assert.equal(isNeeded("method:turn/completed", "params.no.such.field"), false);
});

Deno.test("removePath removes a field under arrays and name-less keys everywhere it occurs", () => {
  assert.deepEqual(splitPath("a.b[][].c"), ["a", "b", "[]", "[]", "c"]);
  const value = { a: [{ b: 1, c: 2 }, { b: 3 }], m: { "/x/y": { d: 1 }, "/z": { d: 2, e: 3 } } };
  assert.equal(removePath(value, splitPath("a[].b")), true);
  assert.equal(removePath(value, splitPath("m.*.d")), true);
  assert.deepEqual(value, { a: [{ c: 2 }, {}], m: { "/x/y": {}, "/z": { e: 3 } } });
  assert.equal(removePath(value, splitPath("a[].b")), false);
});

Deno.test("a retyped field is needed only when it gained a type that codexmon's old reading depends on", () => {
  const shape = (types: JsonType[]) => {
    const result = emptyShape();
    result.kinds.set("method:x", 1);
    result.fields.set("method:x", new Map([["params.value", new Set(types)]]));
    return result;
  };
  const always = () => true;
  const narrowed = compareSurface("app-server", {
    old: shape(["null", "object"]),
    new: shape(["object"]),
    isNeeded: always,
  });
  assert.deepEqual(narrowed.typesChanged, [
    {
      kind: "method:x",
      path: "params.value",
      old: ["null", "object"],
      new: ["object"],
      needed: false,
    },
  ]);
  const widened = compareSurface("app-server", {
    old: shape(["number"]),
    new: shape(["string"]),
    isNeeded: always,
  });
  assert.equal(widened.typesChanged[0]?.needed, true);
  assert.equal(readsEverything([widened]), false);
  const unread = compareSurface("app-server", {
    old: shape(["number"]),
    new: shape(["string"]),
    isNeeded: () => false,
  });
  assert.equal(readsEverything([unread]), true);
});
