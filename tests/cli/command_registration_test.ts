/**
 * A run whose first argument names a command defines only that command; what it prints must
 * be what the whole program prints. `--verbose` first makes a run define every command (it
 * changes only how a crash is reported), so each pair below compares the two programs.
 */

import assert from "node:assert/strict";
import { buildProgram } from "../../src/cli/mod.ts";
import { MemorySink } from "../../src/ui/output.ts";

/** What a run printed and returned, or the error it threw (as main.ts would report it). */
async function runCli(args: string[]) {
  const stdout = new MemorySink();
  const stderr = new MemorySink();
  const program = buildProgram({ stdout, stderr, stdoutIsTty: false, stderrIsTty: false, env: {} });
  let result: number | string;
  try {
    result = await program.run(args);
  } catch (error) {
    result = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return { result, stdout: stdout.text(), stderr: stderr.text() };
}

const FIXTURE = new URL("../../fixtures/codex-0.47.0/stuck-loop.jsonl", import.meta.url).pathname;

const RUNS: readonly string[][] = [
  ["parse", "--last", "3", FIXTURE],
  ["parse", "--json", FIXTURE],
  ["parse", "--help"],
  ["parse", "--lst", "3", FIXTURE],
  ["parse", "--last", "x", FIXTURE],
  ["parse", "extra", "/no/such/file.jsonl"],
  ["ls", "--help"],
  ["ls", "--no-such-option"],
  ["usage", "--help"],
  ["watch", "--help"],
  ["report", "--help"],
  ["mcp", "--help"],
  ["session"],
  ["session", "--help"],
  ["session", "nope"],
  ["session", "wait", "--help"],
];

Deno.test("a command named first prints what it prints when every command is defined", async () => {
  for (const args of RUNS) {
    const alone = await runCli(args);
    const all = await runCli(["--verbose", ...args]);
    assert.deepEqual(alone, all, args.join(" "));
  }
});

Deno.test("root help, help, completions and a misspelt command still see every command", async () => {
  const names = ["parse", "ls", "usage", "watch", "session", "report", "completions", "mcp"];
  const root = await runCli(["--help"]);
  for (const name of names) assert.match(root.stdout, new RegExp(`^  ${name}\\b`, "m"), name);
  const help = await runCli(["help", "ls"]);
  assert.equal(help.result, 0);
  assert.match(help.stdout, /Usage: codexmon ls/);
  const completions = await runCli(["completions", "bash"]);
  for (const name of names) assert.ok(completions.stdout.includes(name), name);
  const misspelt = await runCli(["pars"]);
  assert.match(String(misspelt.result), /CommanderError/);
  assert.match(misspelt.stderr, /unknown command 'pars'\n\(Did you mean parse\?\)/);
});
