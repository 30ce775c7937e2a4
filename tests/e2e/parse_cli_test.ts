/** Runs the real CLI (main.ts and the bundled file) as a subprocess: stdout, stderr, exit codes. */

import { decodedRun } from "../support/cli.ts";
import assert from "node:assert/strict";
import { buildBundle } from "../support/bundle.ts";

const decoder = new TextDecoder();

async function codexmon(
  args: string[],
  options: { entry?: string; permissions?: string[]; stdin?: Uint8Array } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...(options.permissions ?? ["--allow-read"]),
      options.entry ?? "main.ts",
      ...args,
    ],
    stdin: options.stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  });
  const child = command.spawn();
  if (options.stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(options.stdin);
    await writer.close();
  }
  const output = await child.output();
  return decodedRun(output);
}

Deno.test("a missing file is a runtime error with a clear message and exit code 1", async () => {
  const run = await codexmon(["parse", "does/not/exist.json"]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr.trim(), 'error: Cannot read "does/not/exist.json": file not found');
});

Deno.test("an unknown flag is a usage error with exit code 2", async () => {
  const run = await codexmon(["parse", "--bogus", "fixtures/codex-0.47.0/simple.jsonl"]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /unknown option '--bogus'/);
});

Deno.test("a bad flag value is a usage error with exit code 2", async () => {
  const run = await codexmon(["parse", "--types", "nope", "fixtures/codex-0.47.0/simple.jsonl"]);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr.trim(),
    'error: Cannot use "nope" with --types: expected one of reasoning, message, command, output, error, event, tokens, approval, patch, text',
  );
});

Deno.test("stack traces appear only with --verbose", async () => {
  const args = [
    "parse",
    "--stuck",
    "--config",
    "missing.jsonc",
    "fixtures/codex-0.47.0/simple.jsonl",
  ];
  const quiet = await codexmon(args);
  assert.match(quiet.stderr, /^error: Cannot read config "missing.jsonc": file not found\n$/);
  const verbose = await codexmon([...args, "--verbose"]);
  assert.match(verbose.stderr, /\n\s+at /);
});

Deno.test("help lists the exit codes", async () => {
  const run = await codexmon(["--help"]);
  assert.equal(run.code, 0);
  for (const code of ["0", "1", "2", "3", "4", "5", "6"]) {
    assert.match(run.stdout, new RegExp(`^\\s+${code}  `, "m"));
  }
});

Deno.test("help works with --allow-read alone, whatever the environment holds", async () => {
  for (const env of [{}, { CLICOLOR_FORCE: "1" }, { FORCE_COLOR: "1" }]) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "main.ts", "parse", "--help"],
      clearEnv: true,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const label = JSON.stringify(env);
    assert.equal(decoder.decode(output.stderr), "", label);
    assert.equal(output.code, 0, label);
    assert.match(
      decoder.decode(output.stdout),
      /^Usage: codexmon parse \[options\] \[inputs\.\.\.\]/,
      label,
    );
  }
});

Deno.test("piping into a reader that closes early ends quietly", async () => {
  const dir = await Deno.makeTempDir();
  try {
    // Many lines of output: the reader takes one line and goes away.
    const big = `${dir}/big.jsonl`;
    const capture = await Deno.readTextFile("fixtures/codex-0.47.0/stuck-loop.jsonl");
    await Deno.writeTextFile(big, capture.repeat(50));
    const child = new Deno.Command("bash", {
      args: [
        "-c",
        `"${Deno.execPath()}" run --allow-read main.ts parse --json "${big}" | head -n 1`,
      ],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    });
    const output = await child.output();
    assert.equal(output.code, 0);
    assert.equal(decoder.decode(output.stderr), "");
    assert.equal(decoder.decode(output.stdout).split("\n").filter(Boolean).length, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the bundle runs parse end to end", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bundle = `${dir}/codexmon.js`;
    await buildBundle(bundle);
    const firstLine = (await Deno.readTextFile(bundle)).split("\n")[0] ?? "";
    const shebang = (await Deno.readTextFile("main.ts")).split("\n")[0];
    assert.equal(
      firstLine,
      shebang?.replace(" deno run ", " deno run --no-config "),
      "the bundle keeps the shebang of main.ts and reads no deno.json",
    );
    const flags = /^#!\/usr\/bin\/env -S deno run (.*)$/.exec(firstLine)?.[1]?.split(" ") ?? [];
    assert.ok(
      flags.includes("--allow-read") && flags.some((flag) => flag.startsWith("--v8-flags=")),
    );
    // run with the shebang's own flags, so V8 must accept every one of them
    const run = await codexmon(["parse", "--stuck", "fixtures/codex-0.47.0/stuck-loop.jsonl"], {
      entry: bundle,
      permissions: flags,
    });
    assert.equal(run.code, 3);
    assert.match(run.stdout, /repeated command/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the compile and demo tasks pass the V8 flags of the shebang of main.ts", async () => {
  const shebang = (await Deno.readTextFile("main.ts")).split("\n")[0] ?? "";
  const v8Flags = /--v8-flags=\S+/.exec(shebang)?.[0];
  assert.ok(v8Flags, "main.ts has V8 flags in its shebang");
  const { tasks } = JSON.parse(await Deno.readTextFile("deno.json"));
  for (const name of ["compile", "demo"]) {
    assert.ok(tasks[name].split(" ").includes(v8Flags), `${name}: ${tasks[name]}`);
  }
});

Deno.test("parse reads crafted bad input without crashing", async () => {
  for (
    const name of [
      "torn-last-line",
      "crlf",
      "invalid-utf8",
      "ansi-stderr",
      "no-final-newline",
    ]
  ) {
    const run = await codexmon(["parse", `fixtures/crafted/io/${name}.jsonl`]);
    assert.equal(run.code, 0, `${name}: ${run.stderr}`);
    assert.equal(run.stderr, "", name);
  }
  for (const name of ["empty", "stderr-only"]) {
    const run = await codexmon(["parse", `fixtures/crafted/io/${name}.jsonl`]);
    assert.equal(run.code, 7, `${name}: ${run.stderr}`);
    assert.match(run.stderr, /^error: No Codex output in "fixtures\/crafted\/io\/.*": /, name);
  }
  const torn = await codexmon(["parse", "--json", "fixtures/crafted/io/torn-last-line.jsonl"]);
  const summary = JSON.parse(torn.stdout.trim().split("\n").at(-1) ?? "{}");
  assert.equal(summary.incompleteLines, 1);
});

Deno.test("parse - reads stdin like a file, in the table and with --json and --last", async () => {
  const file = "fixtures/codex-0.169.0/rollout-multi-turn.jsonl";
  const stdin = Deno.readFileSync(file);
  const fromFile = await codexmon(["parse", "--json", file]);
  const fromStdin = await codexmon(["parse", "--json", "-"], { stdin });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
  assert.equal(
    fromStdin.stdout,
    fromFile.stdout.replaceAll(`"file":"${file}"`, '"file":"(stdin)"'),
  );
  const table = await codexmon(["parse", "-"], { stdin });
  assert.match(table.stdout, /^2fe262\s+completed/m);
  const last = await codexmon(["parse", "-n", "2", "-j", "-"], { stdin });
  const lastFile = await codexmon(["parse", "-n", "2", "-j", file]);
  assert.equal(last.stdout, lastFile.stdout.replaceAll(`"file":"${file}"`, '"file":"(stdin)"'));
  // A pipe named by its path cannot be read backwards either: it is read forwards.
  const device = await codexmon(["parse", "-n", "2", "-j", "/dev/stdin"], { stdin });
  assert.equal(
    device.stdout,
    lastFile.stdout.replaceAll(`"file":"${file}"`, '"file":"/dev/stdin"'),
  );
});

Deno.test("help of a command exits 0; help of an unknown command says so and exits 2", async () => {
  const parse = await codexmon(["help", "parse"]);
  assert.equal(parse.code, 0);
  assert.match(parse.stdout, /^Usage: codexmon parse /);
  assert.match(
    parse.stdout,
    /\nViews:\n[\s\S]*\nFilters:\n[\s\S]*\nStuck detection:\n[\s\S]*\nOutput:\n/,
  );
  assert.match(parse.stdout, /\nExamples:\n( {2}.*codexmon parse .*\n)+$/);
  const unknown = await codexmon(["help", "nosuch"]);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stdout, "");
  assert.match(unknown.stderr, /^error: Cannot show help for "nosuch": unknown command "nosuch"/);
});

Deno.test("--version names codexmon and the deno that runs it", async () => {
  const run = await codexmon(["--version"]);
  assert.equal(run.code, 0);
  assert.equal(run.stdout, `codexmon 0.1.0 (deno ${Deno.version.deno})\n`);
});

Deno.test("short flags -n, -j, -s and -r mean --last, --json, --stuck and --request-id", async () => {
  const file = "fixtures/codex-0.47.0/stuck-loop.jsonl";
  const short = await codexmon(["parse", "-s", "-j", "-r", "1", file]);
  const long = await codexmon(["parse", "--stuck", "--json", "--request-id", "1", file]);
  assert.equal(short.code, 3);
  assert.equal(short.stdout, long.stdout);
  const last = await codexmon(["parse", "-n", "3", "-j", file]);
  assert.equal(last.stdout, (await codexmon(["parse", "--last", "3", "--json", file])).stdout);
});
