/** The shipped bundle: only `codexmon mcp` loads the MCP server's file. */

import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ENTRY_FILE,
  MCP_FILE,
  stubCommanderProcessModules,
  withoutConfig,
} from "../../scripts/bundle.ts";
import { buildBundle } from "../support/bundle.ts";
import { type CliRun, decodedRun } from "../support/cli.ts";

const FIXTURE = new URL("../../fixtures/codex-0.47.0/stuck-loop.jsonl", import.meta.url).pathname;
const MCP_CODE = /registry\.npmjs\.org\/(?:zod|@modelcontextprotocol)\//;

async function withBundle(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await buildBundle(join(dir, ENTRY_FILE));
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

// Runs the entry through its shebang: the permissions and V8 flags users get.
async function run(entry: string, args: string[]): Promise<CliRun> {
  return decodedRun(
    await new Deno.Command(entry, { args, stdin: "null", env: { NO_COLOR: "1" } }).output(),
  );
}

Deno.test("the MCP SDK and zod sit in the MCP file only, not in the files every command loads", async () => {
  await withBundle(async (dir) => {
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
    assert.deepEqual(names, [ENTRY_FILE, MCP_FILE, "codexmon_shared.js"]);
    for (const name of [ENTRY_FILE, "codexmon_shared.js"]) {
      assert.doesNotMatch(await Deno.readTextFile(join(dir, name)), MCP_CODE, name);
    }
    assert.match(await Deno.readTextFile(join(dir, MCP_FILE)), MCP_CODE);
  });
});

Deno.test("the files every command loads import no Node file-system or child-process module", async () => {
  await withBundle(async (dir) => {
    for (const name of [ENTRY_FILE, "codexmon_shared.js"]) {
      const text = await Deno.readTextFile(join(dir, name));
      assert.doesNotMatch(text, /from "node:(?:fs|child_process)"/, name);
    }
    // Commander still parses and reports through the stubbed modules.
    const unknown = await run(join(dir, ENTRY_FILE), ["no-such-command"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'no-such-command'/);
    assert.match(
      (await run(join(dir, ENTRY_FILE), ["parse", "--help"])).stdout,
      /Usage: codexmon parse/,
    );
  });
});

Deno.test("commander's Node imports are stubbed only in its own module, and a changed commander is refused", () => {
  const commander = "// ../npm/registry.npmjs.org/commander/15.1.0/lib/command.js\n";
  const imports = 'import { EventEmitter } from "node:events";\n' +
    'import childProcess from "node:child_process";\nimport fs2 from "node:fs";\n';
  const other = '// ../src/x.ts\nimport fs from "node:fs";\n';
  const text = other + commander + imports + "var x = 1;\n";
  const stubbed = stubCommanderProcessModules(text)!;
  assert.ok(stubbed.startsWith(other), "another module's import stays");
  assert.match(stubbed, /^const childProcess = \{ spawn\(\)/m);
  assert.match(stubbed, /^const fs2 = \{ existsSync: /m);
  assert.match(stubbed, /^import \{ EventEmitter \} from "node:events";$/m);
  assert.equal(stubCommanderProcessModules(other), null);
  assert.throws(
    () => stubCommanderProcessModules(commander + 'import fs from "node:fs";\nvar x;\n'),
    /commander no longer imports "node:child_process"/,
  );
});

Deno.test("parse, report and --version of the bundle run without the MCP file; mcp then fails clearly", async () => {
  await withBundle(async (dir) => {
    await Deno.remove(join(dir, MCP_FILE));
    const entry = join(dir, ENTRY_FILE);
    const parse = await run(entry, ["parse", "--stuck", FIXTURE]);
    assert.equal(parse.code, 3, parse.stderr);
    assert.match(parse.stdout, /repeated command/);
    const report = await run(entry, ["report", "-o", "-", FIXTURE]);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, /^<!DOCTYPE html>/i);
    const version = await run(entry, ["--version"]);
    assert.match(version.stdout, /^codexmon \d+\.\d+\.\d+ /);
    const mcp = await run(entry, ["mcp"]);
    assert.equal(mcp.code, 1);
    assert.equal(mcp.stdout, "");
    assert.equal(
      mcp.stderr,
      `error: Cannot load the MCP server: Module not found "file://${
        join(dir, MCP_FILE)
      }" (it ships beside codexmon.js; reinstall codexmon)\n`,
    );
  });
});

Deno.test("the bundle reads no deno.json: a broken one in its folder does not stop it", async () => {
  await withBundle(async (dir) => {
    await Deno.writeTextFile(join(dir, "deno.json"), '{ "imports": ');
    const parse = await run(join(dir, ENTRY_FILE), ["parse", "--stuck", FIXTURE]);
    assert.equal(parse.code, 3, parse.stderr);
    assert.match(parse.stdout, /repeated command/);
  });
});

Deno.test("withoutConfig adds --no-config to the shebang of main.ts and refuses any other start", () => {
  assert.equal(
    withoutConfig("#!/usr/bin/env -S deno run --allow-read x.js\nvar x;\n"),
    "#!/usr/bin/env -S deno run --no-config --allow-read x.js\nvar x;\n",
  );
  assert.throws(() => withoutConfig("var x;\n"), /does not start with the shebang of main.ts/);
});
