/**
 * The benchmark of `codexmon report` (issue 15): on the generated capture, the report must take
 * at most twice the time of the default summary (`codexmon parse FILE`), stay within the parse
 * memory budget (100 MB peak RSS) and write a page of at most 10 MB. Runs the bundle users
 * install, the summary and the report alternately (so a busy machine skews both alike), and
 * writes the table to stdout and to `bench/REPORT_RESULTS.md`.
 *
 * Usage: `deno task bench:report` or
 * `deno run --allow-all bench/report.ts [--size 1GB] [--file F] [--runs 3] [--seed 1]`
 *
 * @module
 */
import { cachedCaptureFile, parseSize } from "./generate.ts";
import { codexmonFlags, measure, median, type Sample } from "./run.ts";
import { buildShippedBundle, runCount, runScript, scriptProgram } from "./script_main.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DENO = Deno.execPath();
const BUNDLE = "dist/codexmon.js";
/** The targets of the issue. */
const MAX_RATIO = 2;
const MAX_RSS_MB = 100;
const MAX_PAGE_MB = 10;

interface Row {
  name: string;
  samples: Sample[];
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram(
    "bench-report",
    "Time codexmon report against the default summary on one generated capture",
  )
    .option("--size <size>", "size of the generated capture", "1GB")
    .option("--file <file>", "use this capture instead of generating one")
    .option("--runs <n>", "runs of each (the median is reported)", "3")
    .option("--seed <n>", "seed of the generator", "1")
    .option(
      "--results <file>",
      "where to write the Markdown table",
      `${ROOT}bench/REPORT_RESULTS.md`,
    )
    .option("--no-results", "only print the table");
  program.parse(args, { from: "user" });
  const options = program.opts();
  const runs = runCount(options.runs);
  const file = options.file ??
    await cachedCaptureFile(parseSize(options.size), Number(options.seed));
  await buildShippedBundle(ROOT);
  const flags = await codexmonFlags();
  if (flags === undefined) throw new Error("Cannot run the bundle's parse --help");
  const page = await Deno.makeTempFile({ prefix: "codexmon-bench-report-", suffix: ".html" });
  const codexmon = [DENO, "run", ...flags, "--allow-write", BUNDLE];
  const rows: Row[] = [
    { name: "codexmon parse (summary)", samples: [] },
    { name: "codexmon report", samples: [] },
  ];
  const commands = [
    [...codexmon, "parse", file],
    [...codexmon, "report", file, "-o", page, "--force"],
  ];
  const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "")).split(" ").slice(0, 3);
  try {
    for (let run = 0; run < runs; run++) {
      for (const [index, row] of rows.entries()) {
        const sample = await measure(commands[index]!);
        if (![0, 3, 4, 6].includes(sample.code)) {
          throw new Error(`${row.name} exited ${sample.code}: ${sample.stderr.trim()}`);
        }
        row.samples.push(sample);
        console.error(`bench: ${row.name} run ${run + 1}: ${sample.seconds.toFixed(2)} s`);
      }
    }
    const pageBytes = (await Deno.stat(page)).size;
    const text = table(file, rows, pageBytes, { runs, load, flags });
    console.log(text);
    if (typeof options.results === "string") {
      await Deno.writeTextFile(options.results, text);
      await new Deno.Command(DENO, { args: ["fmt", "--quiet", options.results] }).output();
    }
  } finally {
    await Deno.remove(page).catch(() => {});
  }
}

function table(
  file: string,
  rows: Row[],
  pageBytes: number,
  context: { runs: number; load: string[]; flags: string[] },
): string {
  const seconds = rows.map((row) => median(row.samples.map((sample) => sample.seconds)));
  const rss = rows.map((row) => median(row.samples.map((sample) => sample.peakRss)) / 1e6);
  const cpu = rows.map((row) => median(row.samples.map((sample) => sample.cpuSeconds)));
  const ratio = (seconds[1] as number) / (seconds[0] as number);
  const cpuRatio = (cpu[1] as number) / (cpu[0] as number);
  const pageMb = pageBytes / 1e6;
  const mark = (ok: boolean) => ok ? "met" : "NOT met";
  const shown = file.startsWith(ROOT) ? file.slice(ROOT.length) : file;
  return [
    "# Benchmark: `codexmon report` against the default summary",
    "",
    "Written by `deno task bench:report` (`bench/report.ts`).",
    "",
    `- file: \`${shown}\``,
    `- ${context.runs} runs each, alternating; medians; load average ${
      context.load.join(" ")
    } when the run started (other work on the machine skews the timings)`,
    `- codexmon ran as \`deno run ${context.flags.join(" ")} --allow-write dist/codexmon.js\``,
    "",
    "| command | seconds (median) | × summary | CPU seconds (median) | × summary | peak RSS (MB) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((row, index) =>
      `| ${row.name} | ${(seconds[index] as number).toFixed(2)} | ${
        ((seconds[index] as number) / (seconds[0] as number)).toFixed(2)
      } | ${(cpu[index] as number).toFixed(2)} | ${
        ((cpu[index] as number) / (cpu[0] as number)).toFixed(2)
      } | ${(rss[index] as number).toFixed(1)} |`
    ),
    "",
    `Page size: ${pageMb.toFixed(2)} MB.`,
    "",
    "| target | measured | |",
    "| --- | ---: | --- |",
    `| report time at most ${MAX_RATIO}× the summary | ${ratio.toFixed(2)}× | ${
      mark(ratio <= MAX_RATIO)
    } |`,
    `| (the same in CPU time, less skewed by other work) | ${cpuRatio.toFixed(2)}× | ${
      mark(cpuRatio <= MAX_RATIO)
    } |`,
    `| peak RSS under ${MAX_RSS_MB} MB | ${(rss[1] as number).toFixed(1)} MB | ${
      mark((rss[1] as number) < MAX_RSS_MB)
    } |`,
    `| page at most ${MAX_PAGE_MB} MB | ${pageMb.toFixed(2)} MB | ${mark(pageMb <= MAX_PAGE_MB)} |`,
    "",
  ].join("\n");
}

if (import.meta.main) await runScript(cli);
