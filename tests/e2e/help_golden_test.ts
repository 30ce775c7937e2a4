/**
 * The help texts, reviewed like code: each command's `--help` output (run as users run it)
 * matches its golden text in `fixtures/help/`. After a deliberate change,
 * `UPDATE_GOLDEN=1 deno test --allow-all tests/e2e/help_golden_test.ts` rewrites them.
 */

import { decodedRun } from "../support/cli.ts";
import { assertGolden, transcript } from "../support/golden.ts";

const MAIN = new URL("../../main.ts", import.meta.url);

async function help(command: readonly string[]) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", MAIN.pathname, ...command, "--help"],
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  return decodedRun(output);
}

const HELP: readonly string[][] = [
  [],
  ["parse"],
  ["watch"],
  ["ls"],
  ["usage"],
  ["mcp"],
  ["session"],
  ...[
    "start",
    "send",
    "reply",
    "steer",
    "wait",
    "approve",
    "deny",
    "cancel",
    "status",
    "list",
    "stop",
  ].map((name) => ["session", name]),
];

for (const command of HELP) {
  const name = command.length === 0 ? "codexmon" : command.join("_");
  Deno.test(`the help of ${["codexmon", ...command].join(" ")} matches its golden text`, async () => {
    const run = await help(command);
    await assertGolden(`fixtures/help/${name}.txt`, transcript(run));
  });
}
