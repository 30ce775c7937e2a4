import assert from "node:assert/strict";
import { Command } from "@commander-js/extra-typings";
import { describeCommands } from "../../src/cli/completions.ts";
import { completionScript } from "../../src/ui/completion_scripts.ts";
import { runCli } from "../support/cli.ts";

function installed(shell: string): boolean {
  try {
    return new Deno.Command(shell, { args: ["-c", "exit 0"] }).outputSync().success;
  } catch {
    return false;
  }
}

/** A state folder holding the sessions `alpha` and `beta`. */
async function stateDir(): Promise<string> {
  const dir = await Deno.makeTempDir();
  for (const name of ["alpha", "beta"]) await Deno.mkdir(`${dir}/${name}`);
  return dir;
}

/** Runs `code` in `shell` with the script in a file, and returns its stdout lines. */
async function inShell(shell: string, script: string, code: string, state: string) {
  const file = await Deno.makeTempFile();
  await Deno.writeTextFile(file, script);
  const output = await new Deno.Command(shell, {
    args: ["-c", code.replaceAll("SCRIPT", file)],
    env: { CODEXMON_STATE_DIR: state },
  }).output();
  await Deno.remove(file);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.ok(output.success, stderr);
  assert.equal(stderr, "");
  return new TextDecoder().decode(output.stdout).trim().split("\n");
}

/** What `_codexmon` offers for the words (the last one is being typed), in bash or zsh. */
function bashLike(words: string[]): string {
  const array = words.map((word) => `'${word}'`).join(" ");
  return `source SCRIPT; COMP_WORDS=(${array}); COMP_CWORD=${
    words.length - 1
  }; _codexmon; echo "\${COMPREPLY[*]}"`;
}

const CASES: [string[], string][] = [
  [["codexmon", "parse", "--form"], "--format"],
  [["codexmon", "parse", "--format", ""], "mcp-server app-server exec-json rollout"],
  [["codexmon", "session", "status", "--name", ""], "alpha beta"],
  [["codexmon", "completions", ""], "bash zsh fish"],
];

Deno.test({
  name: "the bash script completes commands, options, option values and session names",
  ignore: !installed("bash"),
  fn: async () => {
    const script = (await runCli(["completions", "bash"])).stdout;
    const state = await stateDir();
    for (const [words, expected] of CASES) {
      assert.deepEqual(
        await inShell("bash", script, bashLike(words), state),
        [expected],
        words.join(" "),
      );
    }
    // Every top-level command is offered, whichever commands the program has today.
    const top = (await inShell("bash", script, bashLike(["codexmon", ""]), state))[0]!.split(" ");
    for (const command of ["parse", "watch", "session", "completions", "mcp"]) {
      assert.ok(top.includes(command), `${command} in ${top.join(" ")}`);
    }
    const session = await inShell("bash", script, bashLike(["codexmon", "session", ""]), state);
    assert.ok(session[0]!.split(" ").includes("start"), session[0]);
  },
});

Deno.test({
  name: "the zsh script completes option values and session names",
  ignore: !installed("zsh"),
  fn: async () => {
    const script = (await runCli(["completions", "zsh"])).stdout;
    const state = await stateDir();
    for (const [words, expected] of CASES.slice(2)) {
      assert.deepEqual(
        await inShell("zsh", script, bashLike(words), state),
        [expected],
        words.join(" "),
      );
    }
  },
});

Deno.test({
  name: "the fish script completes commands, option values and session names",
  ignore: !installed("fish"),
  fn: async () => {
    const script = (await runCli(["completions", "fish"])).stdout;
    const state = await stateDir();
    const complete = async (line: string) =>
      (await inShell("fish", script, `source SCRIPT; complete -C '${line}'`, state))
        .map((row) => row.split("\t")[0]);
    assert.deepEqual(await complete("codexmon pa"), ["parse"]);
    assert.deepEqual((await complete("codexmon parse --format ")).sort(), [
      "app-server",
      "exec-json",
      "mcp-server",
      "rollout",
    ]);
    assert.deepEqual(await complete("codexmon session status --name "), ["alpha", "beta"]);
    assert.deepEqual(await complete("codexmon completions "), ["bash", "fish", "zsh"]);
  },
});

Deno.test({
  name: "a command added to the program later completes without a change to the scripts",
  ignore: !installed("bash"),
  fn: async () => {
    const program = new Command().name("codexmon");
    program.command("parse").option("--json");
    program.command("usage").option("--since <when>").option("--by <key>").argument("[files...]");
    const script = completionScript("bash", describeCommands(program as never), {
      program: "codexmon",
      stateDirEnv: "CODEXMON_STATE_DIR",
      defaultStateDir: ".codexmon",
    });
    const state = await stateDir();
    assert.deepEqual(await inShell("bash", script, bashLike(["codexmon", "u"]), state), ["usage"]);
    assert.deepEqual(
      await inShell("bash", script, bashLike(["codexmon", "usage", "--"]), state),
      ["--since --by --help"],
    );
  },
});
