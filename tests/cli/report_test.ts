/**
 * `codexmon report` as a user runs it: where the page goes, that nothing is overwritten
 * without --force, stdout with `-o -`, clear errors for bad input.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { UsageError } from "../../src/core/errors.ts";
import { decodedRun, runCli } from "../support/cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = join(ROOT, "main.ts");
const SIMPLE = join(ROOT, "fixtures/codex-0.47.0/simple.jsonl");
const decoder = new TextDecoder();

async function runIn(cwd: string, args: string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, ...args],
    cwd,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  return decodedRun(output);
}

/** The data a page embeds. */
function pageData(html: string): { files: { requests: { key: string; state: string }[] }[] } {
  const match = html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s);
  assert.ok(match, "the page embeds its data");
  return JSON.parse(match[1] as string);
}

Deno.test("report writes NAME.report.html in the current folder and never replaces it without --force", async () => {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-report-cli-" });
  try {
    const first = await runIn(dir, ["report", SIMPLE]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, "");
    assert.match(first.stderr, /Wrote simple\.report\.html/);
    const path = join(dir, "simple.report.html");
    const html = await Deno.readTextFile(path);
    assert.deepEqual(pageData(html).files[0]?.requests.map((r) => [r.key, r.state]), [
      ["1", "completed"],
    ]);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);

    await Deno.writeTextFile(path, "mine");
    const second = await runIn(dir, ["report", SIMPLE]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /error: Cannot write "simple\.report\.html": file exists/);
    assert.equal(await Deno.readTextFile(path), "mine");

    const forced = await runIn(dir, ["report", SIMPLE, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(await Deno.readTextFile(path), /^<!doctype html>/);
    assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name), ["simple.report.html"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report never writes through a symlink at the output path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-report-cli-" });
  try {
    const target = join(dir, "target.txt");
    const link = join(dir, "out.html");
    await Deno.writeTextFile(target, "keep");
    await Deno.symlink(target, link);
    await assert.rejects(runCli(["report", SIMPLE, "-o", link]), /file exists/);
    assert.equal(await Deno.readTextFile(target), "keep");
    // --force replaces the link itself with the page; its target stays as it was.
    const forced = await runCli(["report", SIMPLE, "-o", link, "--force"]);
    assert.equal(forced.code, 0);
    assert.equal(await Deno.readTextFile(target), "keep");
    assert.ok((await Deno.lstat(link)).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report -o - writes the page to stdout, several files in one page", async () => {
  const other = join(ROOT, "fixtures/codex-0.169.0/app-server-shell.jsonl");
  const run = await runCli(["report", SIMPLE, other, "-o", "-"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^<!doctype html>/);
  const data = pageData(run.stdout);
  assert.equal(data.files.length, 2);
  assert.ok((data.files[1]?.requests.length ?? 0) > 0);
});

Deno.test("report pages need no network: no http(s) reference outside the SVG namespace", async () => {
  const run = await runCli(["report", SIMPLE, "-o", "-"]);
  const references = run.stdout.match(
    /(?:src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import/g,
  );
  assert.equal(references, null);
  assert.doesNotMatch(run.stdout, /<link\b|<script\s+src/);
});

Deno.test("report of a missing file fails with exit 1 and writes nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "codexmon-report-cli-" });
  try {
    const run = await runIn(dir, ["report", join(dir, "missing.jsonl")]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /error: Cannot read ".*missing\.jsonl": file not found/);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report --serve takes one file and no -o", async () => {
  await assert.rejects(runCli(["report", "--serve", SIMPLE, SIMPLE]), UsageError);
  await assert.rejects(runCli(["report", "--serve", SIMPLE, "-o", "x.html"]), UsageError);
});

Deno.test("report takes a session id prefix from the Codex home as its file, as parse does", async () => {
  const home = join(ROOT, "fixtures/crafted/home/");
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN, "report", "01a20db7-9c79", "-o", "-"],
    stdin: "null",
    env: { NO_COLOR: "1", CODEX_HOME: home, CODEXMON_STATE_DIR: "/nonexistent-codexmon-state" },
  }).output();
  assert.equal(output.code, 0, decoder.decode(output.stderr));
  const data = pageData(decoder.decode(output.stdout));
  assert.equal(data.files.length, 1);
  assert.ok((data.files[0]?.requests.length ?? 0) > 0);
});
