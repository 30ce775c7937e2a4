/** The text `--commands` view names each command and its exit status on all four formats. */

import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";

for (
  const [format, file, command, exit] of [
    ["mcp-server", "fixtures/codex-0.153.4/shell.jsonl", "echo hi", "exit 0"],
    ["app-server", "fixtures/codex-0.171.0/app-server-shell.jsonl", "echo hi", "exit 0"],
    [
      "exec-json",
      "fixtures/codex-0.171.0/exec-shell.jsonl",
      "echo hi; ls does-not-exist",
      "exit 2",
    ],
    // 0.169+ rollouts record only the command's end: the view still names the command
    [
      "rollout",
      "fixtures/codex-0.171.0/rollout-exec-shell.jsonl",
      "echo hi; ls does-not-exist",
      "exit 2",
    ],
  ]
) {
  Deno.test(`parse --commands shows the command line and its exit status on ${format} output`, async () => {
    const run = await runCli(["parse", "--commands", file!]);
    assert.equal(run.code, 0, run.stderr);
    const commandAt = run.stdout.indexOf(`$ ${command}`);
    assert.ok(commandAt >= 0, run.stdout);
    assert.ok(run.stdout.indexOf(`-> ${exit}`, commandAt) > commandAt, run.stdout);
  });
}
