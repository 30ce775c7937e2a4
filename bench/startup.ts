/**
 * Start-up, whole process (issue 18: `--last 100` at most 60 ms): an empty `deno run` (Deno's
 * own floor), `codexmon --version` and `codexmon parse --last 100 FILE`, run as users run the
 * bundle (`dist/codexmon.js` with its shebang's flags), in interleaved rounds so a busy machine
 * weighs on all three alike. Prints the best and median wall and CPU milliseconds of each.
 * CPU (user + system, from bash's `time`) is the steadier figure on a shared machine.
 *
 * Usage: `deno run --allow-all bench/startup.ts [--runs 15] [--file F] [--bundle dist/codexmon.js]`
 * (without `--file`: the 1 GB capture of `deno task bench` when it exists, else a 20 MB one
 * generated into bench/data; `--last 100` reads only the end of the file either way)
 *
 * @module
 */
import { GENERATOR_REVISION, writeCaptureFile } from "./generate.ts";
import { runScript, scriptProgram } from "./script_main.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DATA_DIR = `${ROOT}bench/data`;

/** Best and median of one command's runs, in milliseconds. */
export interface StartupFigures {
  name: string;
  wall: { best: number; median: number };
  cpu: { best: number; median: number };
}

/** The `deno run` flags of a bundle's shebang (`#!/usr/bin/env -S deno run FLAGS`). */
export function shebangFlags(firstLine: string): string[] {
  const match = /^#!\S*env -S deno run (.*)$/.exec(firstLine);
  if (match === null) throw new Error(`Cannot read the bundle's shebang: ${firstLine}`);
  return match[1]!.split(" ").filter((flag) => flag !== "");
}

/** Best and median of `values`. */
export function bestAndMedian(values: readonly number[]): { best: number; median: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { best: sorted[0]!, median };
}

// One run under bash's `time`: wall and user + system CPU in ms.
async function timed(command: string[]): Promise<{ wall: number; cpu: number }> {
  const output = await new Deno.Command("bash", {
    args: [
      "-c",
      'TIMEFORMAT="%3R %3U %3S"; { time "$@" >/dev/null 2>&1; } 2>&1',
      "bash",
      ...command,
    ],
    stdin: "null",
  }).output();
  const [wall, user, system] = new TextDecoder().decode(output.stdout).trim().split(/\s+/)
    .map(Number);
  if (!output.success || wall === undefined || user === undefined || system === undefined) {
    throw new Error(`Cannot time "${command.join(" ")}"`);
  }
  return { wall: wall * 1000, cpu: (user + system) * 1000 };
}

/** Runs each command `runs` times, round by round, and returns its figures. */
export async function measureStartup(
  commands: readonly { name: string; command: string[] }[],
  runs: number,
): Promise<StartupFigures[]> {
  const walls = commands.map(() => [] as number[]);
  const cpus = commands.map(() => [] as number[]);
  // One unmeasured round: Deno writes its code cache on the first run of a file.
  for (const { command } of commands) await timed(command);
  for (let round = 0; round < runs; round++) {
    for (const [index, { command }] of commands.entries()) {
      const { wall, cpu } = await timed(command);
      walls[index]!.push(wall);
      cpus[index]!.push(cpu);
    }
  }
  return commands.map(({ name }, index) => ({
    name,
    wall: bestAndMedian(walls[index]!),
    cpu: bestAndMedian(cpus[index]!),
  }));
}

async function defaultCapture(): Promise<string> {
  const big = `${DATA_DIR}/capture-g${GENERATOR_REVISION}-seed1-1000000000.jsonl`;
  if (await Deno.stat(big).then(() => true, () => false)) return big;
  const small = `${DATA_DIR}/capture-g${GENERATOR_REVISION}-seed1-20000000.jsonl`;
  if (await Deno.stat(small).then(() => true, () => false)) return small;
  await Deno.mkdir(DATA_DIR, { recursive: true });
  await writeCaptureFile(`${small}.partial`, { size: 20_000_000, seed: 1 });
  await Deno.rename(`${small}.partial`, small);
  return small;
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram("startup", "whole-process start-up of codexmon")
    .option("--runs <n>", "runs of each command", "15")
    .option("--file <path>", "the capture for parse --last 100")
    .option("--bundle <path>", "the bundle's entry", `${ROOT}dist/codexmon.js`)
    .parse(args, { from: "user" });
  const options = program.opts();
  const runs = Number(options.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) {
    throw new Error(`Cannot run "${options.runs}" times`);
  }
  const file = options.file ?? await defaultCapture();
  const bundle = options.bundle;
  const flags = shebangFlags((await Deno.readTextFile(bundle)).split("\n", 1)[0]!);
  const empty = await Deno.makeTempFile({ suffix: ".js" });
  try {
    const deno = Deno.execPath();
    const figures = await measureStartup([
      { name: "empty `deno run` (same flags)", command: [deno, "run", ...flags, empty] },
      { name: "codexmon --version", command: [deno, "run", ...flags, bundle, "--version"] },
      {
        name: "codexmon parse --last 100",
        command: [deno, "run", ...flags, bundle, "parse", "--last", "100", file],
      },
    ], runs);
    console.log(`${runs} runs each, ms (best / median); file: ${file}`);
    console.log("| command | wall best | wall median | CPU best | CPU median |");
    console.log("| --- | ---: | ---: | ---: | ---: |");
    for (const { name, wall, cpu } of figures) {
      const cells = [wall.best, wall.median, cpu.best, cpu.median].map((ms) => ms.toFixed(0));
      console.log(`| ${name} | ${cells.join(" | ")} |`);
    }
  } finally {
    await Deno.remove(empty);
  }
}

if (import.meta.main) await runScript(cli);
