/** The bundle's stand-ins for Node built-ins give what Deno's `node:` modules give. */

import assert from "node:assert/strict";
import * as path from "node:path";
import { fileURLToPath as nodeFileURLToPath } from "node:url";
import { stripVTControlCharacters as nodeStrip } from "node:util";
import { EventEmitter as NodeEventEmitter } from "node:events";
import * as shims from "../../scripts/node_shims.ts";

// Every path of up to four parts from pieces that exercise roots, dots, doubled and trailing
// slashes and extensions.
const PIECES = ["", "/", "//", "a", "b.c", ".", "..", "...", ".d", "e.", "a/", "/x/", "f.g.h"];

function* paths(): Generator<string> {
  for (const a of PIECES) {
    for (const b of PIECES) {
      yield a + b;
      for (const c of PIECES) {
        yield a + b + c;
        for (const d of ["", "/", "..", "z.js", "//"]) yield a + b + c + d;
      }
    }
  }
}

Deno.test("the path functions agree with node:path on thousands of awkward paths", () => {
  let checked = 0;
  for (const item of paths()) {
    assert.equal(shims.normalize(item), path.normalize(item), `normalize(${item})`);
    assert.equal(shims.dirname(item), path.dirname(item), `dirname(${item})`);
    assert.equal(shims.basename(item), path.basename(item), `basename(${item})`);
    assert.equal(shims.extname(item), path.extname(item), `extname(${item})`);
    assert.equal(shims.isAbsolute(item), path.isAbsolute(item), `isAbsolute(${item})`);
    assert.equal(shims.resolve(item), path.resolve(item), `resolve(${item})`);
    assert.equal(shims.resolve("/r", item), path.resolve("/r", item), `resolve(/r, ${item})`);
    assert.equal(shims.join(item, "q"), path.join(item, "q"), `join(${item}, q)`);
    assert.equal(shims.join("p", item), path.join("p", item), `join(p, ${item})`);
    for (const suffix of [".c", "c", ".js", item]) {
      assert.equal(
        shims.basename(item, suffix),
        path.basename(item, suffix),
        `basename(${item}, ${suffix})`,
      );
    }
    checked += 1;
  }
  assert.ok(checked > 10_000, `${checked} paths`);
  assert.equal(shims.join(), path.join());
  assert.equal(shims.resolve(), path.resolve());
  assert.equal(shims.sep, path.sep);
  assert.equal(shims.delimiter, path.delimiter);
  // The default import commander uses is the same functions as the named ones.
  for (const [name, value] of Object.entries(shims.nodePath)) {
    assert.equal(value, shims[name as keyof typeof shims], name);
  }
  assert.throws(() => shims.join("a", 1 as unknown as string), TypeError);
});

Deno.test("fileURLToPath decodes like node:url and refuses what it refuses", () => {
  for (const url of ["file:///a/b%20c.js", "file:///%C3%A9/x", "file:///", "file:///a/%3F"]) {
    assert.equal(shims.fileURLToPath(url), nodeFileURLToPath(url), url);
    assert.equal(shims.fileURLToPath(new URL(url)), nodeFileURLToPath(new URL(url)), url);
  }
  for (const url of ["http://x/a", "file://host/a", "file:///a%2Fb", "file:///a%2fb"]) {
    assert.throws(() => nodeFileURLToPath(url), url);
    assert.throws(() => shims.fileURLToPath(url), TypeError, url);
  }
});

Deno.test("stripVTControlCharacters removes the sequences node:util removes", () => {
  const samples = [
    "plain",
    "\x1b[1mbold\x1b[22m",
    "\x1b[38;5;196mred\x1b[0m and \x1b[4munder\x1b[24m",
    "\x1b]8;;https://example.com\x07link\x1b]8;;\x07",
    "\x1b]0;title\x1b\\after",
    "\x9b31mcsi\x9b0m",
    "\x1b[2J\x1b[1;1Hcleared",
    "lone \x1b escape",
    "\x1b[?25lhidden\x1b[?25h",
  ];
  // Every escape prefix with every final character, to cover the whole pattern.
  for (const prefix of ["\x1b[", "\x1b[1;2", "\x9b", "\x1b(", "\x1b#"]) {
    for (let code = 0x20; code < 0x7f; code++) {
      samples.push(`x${prefix}${String.fromCharCode(code)}y`);
    }
  }
  for (const sample of samples) {
    assert.equal(shims.stripVTControlCharacters(sample), nodeStrip(sample), JSON.stringify(sample));
  }
});

Deno.test("EventEmitter calls listeners as Node's does: in order, on a copy, with this", () => {
  for (const Emitter of [NodeEventEmitter, shims.EventEmitter]) {
    const emitter = new Emitter();
    const calls: string[] = [];
    const second = function (this: unknown, value: unknown) {
      calls.push(`second ${value} ${this === emitter}`);
    };
    emitter.on("x", (value: unknown) => {
      calls.push(`first ${value}`);
      emitter.on("x", () => calls.push("added while emitting"));
    });
    emitter.on("x", second);
    emitter.once("y", () => calls.push("once"));
    assert.equal(emitter.emit("x", 1), true);
    assert.equal(emitter.emit("y"), true);
    assert.equal(emitter.emit("y"), false);
    assert.equal(emitter.emit("z"), false);
    assert.equal(emitter.listenerCount("x"), 3);
    emitter.off("x", second);
    assert.equal(emitter.listenerCount("x"), 2);
    assert.throws(() => emitter.emit("error", new Error("boom")), /boom/);
    assert.deepEqual(calls, ["first 1", "second 1 true", "once"], Emitter.name);
  }
});

Deno.test("the process stand-in reports arguments, platform and stream state as Deno does", () => {
  const process = shims.nodeProcess;
  assert.deepEqual(process.argv.slice(2), Deno.args);
  assert.equal(process.platform, Deno.build.os === "windows" ? "win32" : Deno.build.os);
  assert.equal(process.exitCode, undefined);
  assert.equal(process.stdout.isTTY, Deno.stdout.isTerminal());
  assert.equal(process.stderr.isTTY, Deno.stderr.isTerminal());
  if (!Deno.stdout.isTerminal()) assert.equal(process.stdout.columns, undefined);
  assert.equal(process.env.PATH, Deno.env.get("PATH"));
});
