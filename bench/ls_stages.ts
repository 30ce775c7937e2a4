/**
 * The floor of `codexmon ls` and `codexmon usage` on a Codex home, stage by stage: each stage
 * runs in its own process under the permissions and V8 flags the shipped bundle runs with,
 * and each adds one step to the one before, so the differences are what a step costs:
 *
 * - `start`: a Deno process that does nothing;
 * - `walk`: + the folder walk that finds the rollouts;
 * - `open`: + open, stat (by path, as the readers do) and close each file;
 * - `read`: + read the bytes `ls` reads (a small file whole, else the first 40 KB and the last
 *   32 KB) without looking at them;
 * - `facts`: + what `ls` makes of them (head and tail facts, no row, no output);
 * - `read-all`: the walk + every byte of every file read (what `usage` must read);
 * - `usage-pass`: + the usage pass (line kinds, parsed token counts), without the report.
 *
 * CPU seconds (user + system) from `/usr/bin/time`, best of N runs.
 *
 * Usage: `deno run --allow-all bench/ls_stages.ts --home DIR [--runs 3]`
 *
 * @module
 */
import { runScript, scriptProgram } from "./script_main.ts";
import { findJsonlFiles, sessionsDir } from "../src/io/discovery/find_files.ts";
import {
  readRolloutFacts,
  statOpened,
  WHOLE_FILE_BYTES,
} from "../src/io/discovery/rollout_reader.ts";
import { readUsageSlices } from "../src/io/discovery/usage_reader.ts";

// main.ts's shebang: the permissions (Deno checks each path it opens under them) and V8 flags.
const SHIPPED = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-env",
  "--allow-net=127.0.0.1",
  "--v8-flags=--max-semi-space-size=2,--initial-old-space-size=16,--heap-growing-percent=20,--no-maglev",
];

const STAGES = ["start", "walk", "open", "read", "facts", "read-all", "usage-pass"] as const;
type Stage = typeof STAGES[number];

/** Runs one stage in this process (the child side). */
async function runStage(stage: Stage, home: string): Promise<void> {
  if (stage === "start") return;
  const { files } = await findJsonlFiles(sessionsDir(home));
  if (stage === "walk") return;
  if (stage === "facts") {
    for (const path of files) await readRolloutFacts(path, { knownFile: true });
    return;
  }
  if (stage === "usage-pass") {
    for (const path of files) readUsageSlices(path, { bucketOf: () => "", knownFile: true });
    return;
  }
  const buffer = new Uint8Array(stage === "read-all" ? 1024 * 1024 : WHOLE_FILE_BYTES);
  for (const path of files) {
    using file = Deno.openSync(path, { read: true });
    // As the readers take it: by path (a stat of the open file costs Deno another path check).
    const size = statOpened(path).size;
    if (stage === "open") continue;
    if (stage === "read-all") {
      while ((file.readSync(buffer) ?? 0) > 0) {
        // every byte once
      }
    } else if (size <= WHOLE_FILE_BYTES) {
      file.readSync(buffer.subarray(0, size));
    } else {
      file.readSync(buffer.subarray(0, 40 * 1024));
      file.seekSync(size - 32 * 1024, Deno.SeekMode.Start);
      file.readSync(buffer.subarray(0, 32 * 1024));
    }
  }
}

async function cpuSeconds(stage: Stage, home: string): Promise<number> {
  const output = await new Deno.Command("/usr/bin/time", {
    args: [
      "-f",
      "%U %S",
      Deno.execPath(),
      "run",
      ...SHIPPED,
      new URL(import.meta.url).pathname,
      "--stage",
      stage,
      "--home",
      home,
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr).trim();
  if (!output.success) throw new Error(`Cannot run stage "${stage}": ${stderr.slice(-300)}`);
  const [user, system] = (stderr.split("\n").at(-1) ?? "").split(" ").map(Number);
  return user! + system!;
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram("ls_stages", "CPU floor of ls and usage, stage by stage")
    .requiredOption("--home <dir>", "a Codex home")
    .option("--runs <n>", "runs per stage (the best is shown)", "3")
    .option("--stage <name>", "run one stage in this process (used by the parent)");
  program.parse(args, { from: "user" });
  const flags = program.opts();
  if (flags.stage !== undefined) {
    if (!STAGES.includes(flags.stage as Stage)) throw new Error(`Unknown stage "${flags.stage}"`);
    return await runStage(flags.stage as Stage, flags.home);
  }
  const rows = ["| stage | CPU s, best of " + flags.runs + " | step s |", "| --- | ---: | ---: |"];
  let previous = 0;
  for (const stage of STAGES) {
    let best = Infinity;
    for (let run = 0; run < Number(flags.runs); run++) {
      best = Math.min(best, await cpuSeconds(stage, flags.home));
    }
    const base = stage === "read-all" ? rowsBest.get("walk")! : previous;
    rowsBest.set(stage, best);
    rows.push(`| \`${stage}\` | ${best.toFixed(2)} | ${(best - base).toFixed(2)} |`);
    previous = best;
    console.error(`${stage}: ${best.toFixed(2)} s`);
  }
  console.log(rows.join("\n"));
}

const rowsBest = new Map<string, number>();

if (import.meta.main) await runScript(cli);
