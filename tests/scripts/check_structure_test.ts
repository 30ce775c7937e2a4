import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { checkStructure, importSpecifiers } from "../../scripts/check_structure.ts";

const REPOSITORY = new URL("../../", import.meta.url).pathname;

/** A throwaway repository made of `files` (path to text), with a complete `test:unit` task. */
function tree(files: Record<string, string>): string {
  const root = Deno.makeTempDirSync({ prefix: "codexmon_structure_" });
  const all: Record<string, string> = {
    "main.ts": "",
    "deno.json": JSON.stringify({ tasks: { "test:unit": "deno test tests/core" } }),
    "tests/core/a_test.ts": "",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    Deno.mkdirSync(join(root, dirname(path)), { recursive: true });
    Deno.writeTextFileSync(join(root, path), text);
  }
  return root;
}

Deno.test("the repository's own layout passes the structure check", () => {
  assert.deepEqual(checkStructure(REPOSITORY), []);
});

Deno.test("a sound tree of faces passes", () => {
  const root = tree({
    "src/core/model/types.ts": "export type A = number;\n",
    "src/core/model/mod.ts": 'export * from "./types.ts";\n',
    "src/core/request/state.ts": 'import type { A } from "../model/mod.ts";\nexport let a: A;\n',
    "src/core/request/mod.ts": 'export * from "./state.ts";\n',
    "src/cli/parse.ts": 'import { a } from "../core/request/mod.ts";\n',
  });
  assert.deepEqual(checkStructure(root), []);
});

Deno.test("a folder cycle is reported with every folder in it", () => {
  const root = tree({
    "src/ui/mod.ts": 'import "../watch/mod.ts";\n',
    "src/watch/mod.ts": 'import "../ui/mod.ts";\n',
  });
  assert.deepEqual(checkStructure(root), [
    "Folders import each other in a cycle: src/ui, src/watch",
  ]);
});

Deno.test("core code that reads files, the clock or imports an edge folder is reported", () => {
  const root = tree({
    "src/core/model/read.ts": [
      'import { join } from "node:path";',
      'import { x } from "../../io/mod.ts";',
      "// Deno.readFile in a comment is fine",
      "export const text = Deno.readTextFileSync(join(x, Date.now().toString()));",
    ].join("\n"),
    "src/io/mod.ts": "export const x = 1;\n",
  });
  assert.deepEqual(checkStructure(root), [
    "src/core/model/read.ts is pure core but uses Deno.*",
    "src/core/model/read.ts is pure core but reads the clock",
    'src/core/model/read.ts is pure core but imports "node:path"',
    'src/core/model/read.ts is pure core but imports "src/io/mod.ts"',
  ]);
});

Deno.test("an import past a face, into one's own face, or of a faceless core folder is reported", () => {
  const root = tree({
    "src/core/model/types.ts": "export type A = number;\n",
    "src/core/model/mod.ts": 'export * from "./types.ts";\n',
    "src/core/model/other.ts": 'import type { A } from "./mod.ts";\n',
    "src/core/stuck/detect.ts": "export const d = 1;\n",
    "src/cli/parse.ts": 'import type { A } from "../core/model/types.ts";\n' +
      'import { d } from "../core/stuck/detect.ts";\n',
  });
  assert.deepEqual(checkStructure(root), [
    'src/cli/parse.ts reaches past "src/core/model/mod.ts" to "src/core/model/types.ts"',
    'src/core/model/other.ts imports its own folder\'s face "src/core/model/mod.ts"',
    "src/core/stuck is imported by other folders but has no mod.ts face",
  ]);
});

Deno.test("a subfolder's own face is public, and an edge folder others use needs a face", () => {
  const root = tree({
    "src/io/mod.ts": 'export * from "./file.ts";\n',
    "src/io/file.ts": "export const x = 1;\n",
    "src/io/discovery/mod.ts": 'export * from "./list.ts";\n',
    "src/io/discovery/list.ts": "export const list = 1;\n",
    "src/ui/table.ts": "export const table = 1;\n",
    "src/cli/ls.ts": 'import { list } from "../io/discovery/mod.ts";\n' +
      'import { x } from "../io/mod.ts";\n' +
      'import { table } from "../ui/table.ts";\n' +
      'import { other } from "../io/discovery/list.ts";\n',
  });
  assert.deepEqual(checkStructure(root), [
    'src/cli/ls.ts reaches past "src/io/discovery/mod.ts" to "src/io/discovery/list.ts"',
    "src/ui is imported by other folders but has no mod.ts face",
  ]);
});

Deno.test("a test folder left out of the test:unit task is reported", () => {
  const root = tree({
    "src/ui/board.ts": "",
    "tests/ui/board_test.ts": "",
    "tests/e2e/cli_test.ts": "",
  });
  assert.deepEqual(checkStructure(root), ['The "test:unit" task leaves out tests/ui']);
});

Deno.test("importSpecifiers reads multi-line, type-only, bare and dynamic imports but not strings", () => {
  const text = [
    "import {",
    "  a,",
    "  type B,",
    '} from "./a.ts";',
    'import type { C } from "../c.ts";',
    'export { d } from "./d.ts";',
    'import "./side.ts";',
    'import wabt from "wabt";',
    'const e = await import("./e.ts");',
    'export const text = "import x from y";',
    '/** import { f } from "./f.ts"; */',
  ].join("\n");
  assert.deepEqual(importSpecifiers(text), [
    "./a.ts",
    "../c.ts",
    "./d.ts",
    "./side.ts",
    "wabt",
    "./e.ts",
  ]);
});
