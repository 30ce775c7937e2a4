/**
 * Benchmark of `codexmon ls`, `codexmon usage --daily` and ccusage's Codex report
 * (`ccusage-codex daily --offline --json`, npm @ccusage/codex@18.0.11) on the same Codex home,
 * whole process each, best of N runs, with peak memory (max RSS) from `/usr/bin/time` when
 * present. Prints a Markdown table.
 *
 * Usage: `deno run --allow-all bench/ls_usage.ts --home DIR [--home DIR...] [--runs 3]
 * [--codexmon dist/codexmon.js]`
 * (make homes with `bench/generate_home.ts`).
 *
 * @module
 */
import { join } from "node:path";
import { runScript, scriptProgram } from "./script_main.ts";

const ROOT = new URL("..", import.meta.url).pathname;
// The flags main.ts runs with (see its shebang line).
const V8_FLAGS =
  "--v8-flags=--max-semi-space-size=2,--initial-old-space-size=16,--heap-growing-percent=20,--no-maglev";

interface Tool {
  name: string;
  command: (home: string) => string[];
  /** Run once untimed first, so the discovery cache is filled. */
  warm?: boolean;
}

// `--codexmon FILE` runs that file (the bundle, `deno task bundle`) with its own shebang line
// (permissions and V8 flags); by default main.ts runs from source.
let codexmonFile: string | null = null;

function codexmon(args: string[], home: string): string[] {
  const program = codexmonFile === null
    ? ["deno", "run", "--allow-all", V8_FLAGS, join(ROOT, "main.ts")]
    : [codexmonFile];
  return [...program, ...args, "--codex-home", home];
}

const USAGE_ARGS = ["usage", "--daily", "--timezone", "UTC"];

const TOOLS: Tool[] = [
  { name: "codexmon ls --no-cache", command: (home) => codexmon(["ls", "--no-cache"], home) },
  { name: "codexmon ls (cache filled)", command: (home) => codexmon(["ls"], home), warm: true },
  {
    name: "codexmon usage --daily --no-cache",
    command: (home) => codexmon([...USAGE_ARGS, "--no-cache"], home),
  },
  {
    name: "codexmon usage --daily (cache filled)",
    command: (home) => codexmon(USAGE_ARGS, home),
    warm: true,
  },
  {
    name: "ccusage-codex daily --offline --json",
    command: () => ["ccusage-codex", "daily", "--offline", "--json", "--timezone", "UTC"],
  },
];

/** One timed run: wall seconds, CPU seconds (user + system) and peak memory in MB (`null` without /usr/bin/time). */
interface Measure {
  seconds: number;
  cpuSeconds: number | null;
  maxRssMb: number | null;
}

async function hasTimeBinary(): Promise<boolean> {
  try {
    return (await Deno.stat("/usr/bin/time")).isFile;
  } catch {
    return false;
  }
}

async function measure(
  argv: string[],
  env: Record<string, string>,
  useTime: boolean,
): Promise<Measure> {
  const [program, ...args] = useTime ? ["/usr/bin/time", "-f", "%M %U %S", ...argv] : argv;
  const started = performance.now();
  const output = await new Deno.Command(program!, {
    args,
    env: { ...env, NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const stderr = new TextDecoder().decode(output.stderr).trim();
  if (!output.success) throw new Error(`${argv.join(" ")} failed: ${stderr.slice(-500)}`);
  const [kb, user, system] = useTime
    ? (stderr.split("\n").at(-1) ?? "").split(" ").map(Number)
    : [Number.NaN, Number.NaN, Number.NaN];
  return {
    seconds,
    cpuSeconds: Number.isFinite(user) && Number.isFinite(system) ? user! + system! : null,
    maxRssMb: Number.isFinite(kb) ? kb! / 1024 : null,
  };
}

async function homeSize(home: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  async function walk(dir: string): Promise<void> {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile) {
        files += 1;
        bytes += (await Deno.stat(path)).size;
      }
    }
  }
  await walk(join(home, "sessions"));
  return { files, bytes };
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram(
    "ls_usage",
    "Time codexmon ls, codexmon usage and ccusage-codex on Codex homes",
  )
    .requiredOption(
      "--home <dir>",
      "a Codex home (repeatable)",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--runs <n>", "runs per tool and home (the best is shown)", "3")
    .option("--codexmon <file>", "run this codexmon (e.g. dist/codexmon.js) instead of main.ts");
  program.parse(args, { from: "user" });
  const flags = program.opts();
  codexmonFile = flags.codexmon ?? null;
  const useTime = await hasTimeBinary();
  const rows: string[] = [
    "| home | tool | wall, best of " + flags.runs +
    " (s) | CPU user+sys, best of " + flags.runs +
    " (s) | peak memory, most (MB) | vs ccusage (wall) | vs ccusage (CPU) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const home of flags.home) {
    const size = await homeSize(home);
    const label = `${size.files.toLocaleString("en-US")} sessions, ${
      (size.bytes / 1e9).toFixed(2)
    } GB`;
    const results: Measure[] = [];
    // A fresh cache folder per home, removed afterwards: the user's own cache is never touched.
    const cacheDir = await Deno.makeTempDir({ prefix: "codexmon-bench-cache-" });
    const env = { CODEX_HOME: home, CODEXMON_CACHE_DIR: cacheDir };
    try {
      for (const tool of TOOLS) {
        if (tool.warm) await measure(tool.command(home), env, false);
        let best: Measure | null = null;
        for (let run = 0; run < Number(flags.runs); run++) {
          const result = await measure(tool.command(home), env, useTime);
          // Wall and CPU are each the best of the runs (a busy machine slows either one).
          best = best === null ? result : {
            seconds: Math.min(best.seconds, result.seconds),
            cpuSeconds: result.cpuSeconds === null || best.cpuSeconds === null
              ? null
              : Math.min(best.cpuSeconds, result.cpuSeconds),
            maxRssMb: Math.max(best.maxRssMb ?? 0, result.maxRssMb ?? 0) || null,
          };
        }
        results.push(best!);
        console.error(`${label}: ${tool.name}: ${best!.seconds.toFixed(2)} s`);
      }
    } finally {
      await Deno.remove(cacheDir, { recursive: true });
    }
    const ccusage = results[TOOLS.length - 1]!;
    const times = (base: number | null, value: number | null) =>
      base === null || value === null ? "-" : `${(base / value).toFixed(1)}x`;
    TOOLS.forEach((tool, index) => {
      const result = results[index]!;
      rows.push(
        `| ${label} | \`${tool.name}\` | ${result.seconds.toFixed(2)} | ${
          result.cpuSeconds === null ? "-" : result.cpuSeconds.toFixed(2)
        } | ${result.maxRssMb === null ? "-" : result.maxRssMb.toFixed(0)} | ${
          times(ccusage.seconds, result.seconds)
        } | ${times(ccusage.cpuSeconds, result.cpuSeconds)} |`,
      );
    });
  }
  console.log(rows.join("\n"));
}

if (import.meta.main) await runScript(cli);
