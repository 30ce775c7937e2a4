/**
 * The whole-process benchmark of issue 2: `cat`, a jq grouping filter, a python3 grouping script
 * and `codexmon parse` (default summary, `--json`, `--last 100`) on the same generated capture.
 * Reports the median seconds of several runs, MB/s, ratios and each child's peak RSS, checks that
 * codexmon's peak RSS stays flat as the file grows, and writes the table to stdout and to
 * `bench/RESULTS.md`.
 *
 * Usage: `deno task bench` or
 * `deno run --allow-all bench/run.ts [--size 1GB] [--file F] [--runs 3] [--seed 1]`
 *
 * @module
 */
import { UsageError } from "../src/core/errors.ts";
import {
  type GenerateStats,
  GENERATOR_REVISION,
  parseSize,
  SHAPES,
  writeCaptureFile,
} from "./generate.ts";
import { runScript, scriptProgram } from "./script_main.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DATA_DIR = `${ROOT}bench/data`;
const DENO = Deno.execPath();
/** The V8 flags codexmon ships with: those in the shebang of `main.ts` (the bundle keeps it). */
const SHIPPED_V8_FLAGS = Deno.readTextFileSync(`${ROOT}main.ts`).split("\n", 1)[0]!
  .match(/--v8-flags=\S+/g) ?? [];
/** What the benchmark runs as codexmon: the bundle users install (`deno task bundle`). */
const BUNDLE = "dist/codexmon.js";
/** Deno flags to try for the bundle, fewest first; the issue asks for `--allow-read` alone. */
const CODEXMON_FLAG_SETS = [
  ["--allow-read", ...SHIPPED_V8_FLAGS],
  ["--allow-read", "--allow-env", ...SHIPPED_V8_FLAGS],
];
/** Exit codes that report what the file holds (stuck, approval, failed request), not a crash. */
const CODEXMON_OK_CODES = [0, 3, 4, 6];

/** One tool the benchmark runs. */
export interface Tool {
  name: string;
  /**
   * Command and arguments; `FILE` is the capture, `CODEXMON` is `deno run <flags>
   * dist/codexmon.js`, `STAGE` is `deno run <flags> bench/stages.ts` (same flags).
   */
  command: string[];
  codexmon: boolean;
}

/** The tools in table order; the first codexmon entry is the one the ratios compare with. */
export const TOOLS: readonly Tool[] = [
  { name: "cat", command: ["cat", "FILE"], codexmon: false },
  {
    name: "jq (grouping filter)",
    command: ["jq", "-n", "-R", "-c", "-f", "bench/baselines/group.jq", "FILE"],
    codexmon: false,
  },
  {
    name: "python3 (json per line, grouping)",
    command: ["python3", "bench/baselines/group.py", "FILE"],
    codexmon: false,
  },
  {
    name: "codexmon parse (summary)",
    command: ["CODEXMON", "parse", "FILE"],
    codexmon: true,
  },
  {
    name: "codexmon parse --json",
    command: ["CODEXMON", "parse", "FILE", "--json"],
    codexmon: true,
  },
  {
    name: "codexmon parse --last 100",
    command: ["CODEXMON", "parse", "FILE", "--last", "100"],
    codexmon: true,
  },
];

/** The first stages of the summary run alone: how much of its time reading costs. */
export const STAGE_TOOLS: readonly Tool[] = [
  {
    name: "read and split lines",
    command: ["STAGE", "split", "FILE"],
    codexmon: false,
  },
  {
    name: "read, split, read every event header and check it",
    command: ["STAGE", "headers", "FILE"],
    codexmon: false,
  },
];

/** One finished run of a child process. */
export interface Sample {
  seconds: number;
  /** Peak resident set size of the child, in bytes. */
  peakRss: number;
  /** User plus system CPU seconds of the child (NaN without GNU time). */
  cpuSeconds: number;
  code: number;
  stderr: string;
}

/** The median of several runs, or why the tool could not run. */
export interface ToolResult {
  tool: Tool;
  seconds?: number;
  peakRss?: number;
  problem?: string;
}

/** Options for {@linkcode runBenchmark}. */
export interface BenchmarkOptions {
  size: number;
  /** The size as the user wrote it, for the report. */
  sizeText: string;
  seed: number;
  runs: number;
  /** Use this capture instead of generating one. */
  file?: string;
  /** File sizes for the RSS check; the main file's size is added. */
  rssSizes: number[];
  /** Where to write the Markdown report; undefined: stdout only. */
  results?: string;
  /** A copy of `parse-codex-output.py` to time as well (it is not in this repository). */
  script?: string;
  /** The generator's shape (`bench/generate.ts --shape`); default `sessions`. */
  shape?: keyof typeof SHAPES;
  /** Rows not to run (e.g. the slow baselines), by the start of their name. */
  skip?: string[];
}

/** The row of `parse-codex-output.py`, the script people use today, when given its path. */
export const SCRIPT_TOOL_NAME = "parse-codex-output.py (default view)";

/** The tools of a run: {@linkcode TOOLS}, with the script after the python3 baseline. */
export function toolsFor(script: string | undefined): Tool[] {
  if (script === undefined) return [...TOOLS];
  const tool = {
    name: SCRIPT_TOOL_NAME,
    command: ["python3", script, "FILE", "--no-color"],
    codexmon: false,
  };
  const at = TOOLS.findIndex((entry) => entry.name.startsWith("python3")) + 1;
  return [...TOOLS.slice(0, at), tool, ...TOOLS.slice(at)];
}

/** Runs `command` once with stdout discarded; measures wall time and the child's peak RSS. */
export async function measure(command: string[]): Promise<Sample> {
  const rssFile = await Deno.makeTempFile({ prefix: "codexmon-bench-rss-" });
  try {
    const wrapped = HAS_GNU_TIME
      ? ["/usr/bin/time", "-f", "%U %S %M", "-o", rssFile, ...command]
      : ["python3", "-c", PYTHON_RUSAGE, rssFile, ...command];
    const started = performance.now();
    const output = await new Deno.Command(wrapped[0]!, {
      args: wrapped.slice(1),
      cwd: ROOT,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    const seconds = (performance.now() - started) / 1000;
    const fields = ((await Deno.readTextFile(rssFile)).trim().split("\n").at(-1) ?? "").split(" ");
    // both GNU time (%M) and ru_maxrss on Linux count kibibytes
    const peakRss = Number(fields.at(-1)) * 1024;
    const cpuSeconds = fields.length === 3 ? Number(fields[0]) + Number(fields[1]) : NaN;
    return {
      seconds,
      peakRss: Number.isFinite(peakRss) ? peakRss : NaN,
      cpuSeconds,
      code: output.code,
      stderr: new TextDecoder().decode(output.stderr),
    };
  } finally {
    await Deno.remove(rssFile);
  }
}

const HAS_GNU_TIME = await isFile("/usr/bin/time");

/** Fallback when GNU time is missing: run the child, then read RUSAGE_CHILDREN. */
const PYTHON_RUSAGE = [
  "import resource, subprocess, sys",
  "code = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL)",
  "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))",
  "sys.exit(code)",
].join("\n");

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Options for {@linkcode benchTool}. */
export interface BenchToolOptions {
  runs: number;
  /** Deno flags for the bundle (see {@linkcode codexmonFlags}). */
  codexmonFlags?: string[];
}

/** Runs one tool `options.runs` times on `file` and keeps the medians. */
export async function benchTool(
  tool: Tool,
  file: string,
  options: BenchToolOptions,
): Promise<ToolResult> {
  const flags = options.codexmonFlags ?? ["--allow-read"];
  const codexmon = [DENO, "run", ...flags, BUNDLE];
  const stage = [DENO, "run", ...flags, "bench/stages.ts"];
  const command = tool.command.flatMap((part) =>
    part === "FILE" ? [file] : part === "CODEXMON" ? codexmon : part === "STAGE" ? stage : [part]
  );
  const runs = options.runs;
  const okCodes = tool.codexmon ? CODEXMON_OK_CODES : [0];
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    const sample = await measure(command);
    if (!okCodes.includes(sample.code)) {
      const detail = sample.stderr.trim().split("\n")[0] ?? "";
      return { tool, problem: `exit ${sample.code}${detail ? `: ${detail}` : ""}` };
    }
    samples.push(sample);
  }
  return {
    tool,
    seconds: median(samples.map((sample) => sample.seconds)),
    peakRss: median(samples.map((sample) => sample.peakRss)),
  };
}

/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("Cannot take the median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Builds {@linkcode BUNDLE} with `deno task bundle`; false when that fails. */
async function buildBundle(): Promise<boolean> {
  const output = await new Deno.Command(DENO, {
    args: ["task", "--quiet", "bundle"],
    cwd: ROOT,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  return output.success;
}

/**
 * The fewest Deno flags with which the bundle's `parse --help` works, or undefined while
 * `codexmon parse` does not exist yet (the benchmark then runs the baselines only).
 */
export async function codexmonFlags(): Promise<string[] | undefined> {
  for (const flags of CODEXMON_FLAG_SETS) {
    const output = await new Deno.Command(DENO, {
      args: ["run", ...flags, BUNDLE, "parse", "--help"],
      cwd: ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (output.code === 0 && /parse/.test(new TextDecoder().decode(output.stdout))) return flags;
  }
  return undefined;
}

interface Capture {
  path: string;
  bytes: number;
  /** Set when this run generated the file. */
  generated?: { stats: GenerateStats; seconds: number };
}

/** Generates the capture of `size` bytes for `seed` in bench/data, or reuses it. */
async function ensureCapture(
  size: number,
  seed: number,
  shape: keyof typeof SHAPES = "sessions",
): Promise<Capture> {
  await Deno.mkdir(DATA_DIR, { recursive: true });
  const shapePart = shape === "sessions" ? "" : `-${shape}`;
  const path = `${DATA_DIR}/capture-g${GENERATOR_REVISION}${shapePart}-seed${seed}-${size}.jsonl`;
  if (await isFile(path)) return { path, bytes: (await Deno.stat(path)).size };
  const partial = `${path}.partial`;
  progress(`generating ${relative(path)} (${formatMb(size)} MB)`);
  const started = performance.now();
  const stats = await writeCaptureFile(partial, { ...SHAPES[shape], size, seed });
  const seconds = (performance.now() - started) / 1000;
  await Deno.rename(partial, path);
  return { path, bytes: stats.bytes, generated: { stats, seconds } };
}

function progress(text: string): void {
  Deno.stderr.writeSync(new TextEncoder().encode(`bench: ${text}\n`));
}

/** The last part of `path`. */
function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function relative(path: string): string {
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

function formatMb(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 10e6 ? 2 : 1);
}

function formatSeconds(seconds: number): string {
  return seconds < 1 ? seconds.toFixed(3) : seconds.toFixed(2);
}

function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2);
}

async function loadAverage(): Promise<string> {
  const text = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  return text.split(" ").slice(0, 3).join(" ") || "unknown";
}

async function commandText(command: string, args: string[]): Promise<string> {
  try {
    const output = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" })
      .output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    return text.trim();
  } catch {
    return "not installed";
  }
}

async function machineText(load: string): Promise<string> {
  const cpus = await commandText("nproc", []);
  const memory = (await commandText("free", ["-h"])).split("\n")
    .find((line) => line.startsWith("Mem:"))?.split(/\s+/)[1] ?? "unknown";
  const cpuInfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuInfo)?.[1] ?? "unknown CPU";
  return [
    `- machine: ${cpus} cores (\`nproc\`), ${model}, ${memory} RAM (\`free -h\`), ${Deno.build.os}`,
    `- tools: deno ${Deno.version.deno}, ${await commandText("jq", ["--version"])}, ` +
    `${await commandText("python3", ["--version"])}, ` +
    `peak RSS via ${HAS_GNU_TIME ? "GNU time `%M`" : "python3 `getrusage(RUSAGE_CHILDREN)`"}`,
    `- date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; load average ` +
    `${load} when the run started (other work on the machine skews the timings)`,
  ].join("\n");
}

/** What the report shows, besides the capture. */
interface ReportInput {
  options: BenchmarkOptions;
  codexmonCommand: string;
  results: readonly ToolResult[];
  /** The stages of {@linkcode STAGE_TOOLS}; empty when codexmon is not available. */
  stages: readonly ToolResult[];
  rssRows: readonly RssRow[];
  machine: string;
}

/** One size of the RSS check. */
interface RssRow {
  bytes: number;
  sample: ToolResult;
}

/** The Markdown report. */
function report(capture: Capture, input: ReportInput): string {
  const { options, results, rssRows, machine } = input;
  const mb = capture.bytes / 1e6;
  const cat = results.find((result) => result.tool.name === "cat")?.seconds;
  const codexmon = results.find((result) => result.tool.codexmon)?.seconds;
  const lines = [
    "# Benchmark: whole-process timings on one generated capture",
    "",
    "Written by `deno task bench` (`bench/run.ts`); see `bench/README.md` for what is measured.",
    "",
    machine,
    `- file: \`${relative(capture.path)}\`, ${formatMb(capture.bytes)} MB` +
    (options.file === undefined
      ? `, made by \`bench/generate.ts --size ${options.sizeText} --seed ${options.seed}` +
        `${options.shape === undefined ? "" : ` --shape ${options.shape}`}\``
      : ""),
    ...(capture.generated === undefined ? [] : [
      `- generator: ${capture.generated.stats.lines} lines, ${capture.generated.stats.requests} ` +
      `requests, ${capture.generated.stats.segments} server runs, written in ` +
      `${formatSeconds(capture.generated.seconds)} s ` +
      `(${(mb / capture.generated.seconds).toFixed(0)} MB/s)`,
    ]),
    `- each tool ran ${options.runs} times on the cached file, stdout to /dev/null; ` +
    "the table shows the median",
    `- codexmon ran as \`${input.codexmonCommand}\` (the bundle that \`deno task bundle\` ` +
    "builds); the baselines are " +
    "`jq -n -R -c -f bench/baselines/group.jq FILE` and `python3 bench/baselines/group.py FILE`" +
    (options.script === undefined
      ? ""
      : `; the script people use today ran as \`python3 ${
        basename(options.script)
      } FILE --no-color\` ` +
        "(a copy given with `--script`)"),
    "",
    "| tool | seconds (median) | MB/s | × cat | time ÷ codexmon summary | peak RSS (MB) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const result of results) {
    if (result.seconds === undefined) {
      lines.push(`| ${result.tool.name} | ${result.problem ?? "not run"} | | | | |`);
      continue;
    }
    lines.push(
      `| ${result.tool.name} | ${formatSeconds(result.seconds)} | ${
        (mb / result.seconds).toFixed(0)
      } | ` +
        `${cat === undefined ? "" : formatRatio(result.seconds / cat)} | ` +
        `${codexmon === undefined ? "n/a" : formatRatio(result.seconds / codexmon)} | ` +
        `${((result.peakRss ?? NaN) / 1e6).toFixed(1)} |`,
    );
  }
  lines.push(...stageLines(input.stages, cat, codexmon));
  lines.push("", "## Peak RSS of `codexmon parse` (summary) as the file grows", "");
  if (rssRows.length === 0) {
    lines.push("Not measured: `codexmon parse` is not available.");
  } else {
    lines.push("| file (MB) | seconds | peak RSS (MB) |", "| ---: | ---: | ---: |");
    for (const row of rssRows) {
      const sample = row.sample;
      lines.push(
        sample.seconds === undefined
          ? `| ${formatMb(row.bytes)} | ${sample.problem ?? "not run"} | |`
          : `| ${formatMb(row.bytes)} | ${formatSeconds(sample.seconds)} | ` +
            `${((sample.peakRss ?? NaN) / 1e6).toFixed(1)} |`,
      );
    }
  }
  lines.push("", ...targetLines(results, rssRows), "");
  return lines.join("\n");
}

/** The table of how the summary's time splits between reading and the Codex model. */
function stageLines(
  stages: readonly ToolResult[],
  cat: number | undefined,
  summary: number | undefined,
): string[] {
  if (stages.length === 0 || cat === undefined || summary === undefined) return [];
  const lines = [
    "",
    "## Where the summary's time goes",
    "",
    "The first stages of `codexmon parse` run alone (`bench/stages.ts`, same flags, from source); " +
    "the rest of the summary's time is the Codex model: reading event bodies, requests, tokens.",
    "",
    "| stage | seconds (median) | × cat | share of the summary |",
    "| --- | ---: | ---: | ---: |",
  ];
  const row = (name: string, seconds: number) =>
    lines.push(
      `| ${name} | ${formatSeconds(seconds)} | ${formatRatio(seconds / cat)} | ` +
        `${(100 * seconds / summary).toFixed(0)}% |`,
    );
  row("cat", cat);
  for (const stage of stages) {
    if (stage.seconds === undefined) {
      lines.push(`| ${stage.tool.name} | ${stage.problem ?? "not run"} | | |`);
    } else row(stage.tool.name, stage.seconds);
  }
  row("codexmon parse (summary)", summary);
  return lines;
}

function targetLines(
  results: readonly ToolResult[],
  rssRows: readonly RssRow[],
): string[] {
  const seconds = (name: string) => results.find((result) => result.tool.name === name)?.seconds;
  const summary = seconds("codexmon parse (summary)");
  const cat = seconds("cat");
  const jq = seconds("jq (grouping filter)");
  const python = seconds("python3 (json per line, grouping)");
  const script = seconds(SCRIPT_TOOL_NAME);
  const last = seconds("codexmon parse --last 100");
  const lines = [
    "## Targets of issue 2",
    "",
    "| target | measured | met |",
    "| --- | ---: | --- |",
  ];
  const row = (target: string, value: number | undefined, text: string, met: boolean) =>
    lines.push(
      `| ${target} | ${value === undefined ? "n/a" : text} | ${
        value === undefined ? "not measured" : met ? "yes" : "**no**"
      } |`,
    );
  const jqRatio = jq !== undefined && summary !== undefined ? jq / summary : undefined;
  row(
    "summary ≥ 20× faster than jq",
    jqRatio,
    `${formatRatio(jqRatio ?? 0)}×`,
    (jqRatio ?? 0) >= 20,
  );
  const scriptRatio = script !== undefined && summary !== undefined ? script / summary : undefined;
  row(
    "summary ≥ 20× faster than parse-codex-output.py",
    scriptRatio,
    `${formatRatio(scriptRatio ?? 0)}×`,
    (scriptRatio ?? 0) >= 20,
  );
  const pyRatio = python !== undefined && summary !== undefined ? python / summary : undefined;
  row(
    "summary ≥ 5× faster than python",
    pyRatio,
    `${formatRatio(pyRatio ?? 0)}×`,
    (pyRatio ?? 0) >= 5,
  );
  const catRatio = cat !== undefined && summary !== undefined ? summary / cat : undefined;
  row(
    "summary within 10× of cat",
    catRatio,
    `${formatRatio(catRatio ?? 0)}×`,
    (catRatio ?? 99) <= 10,
  );
  const peaks = results.filter((result) => result.tool.codexmon && result.peakRss !== undefined)
    .map((result) => result.peakRss!);
  const peak = peaks.length > 0 ? Math.max(...peaks) : undefined;
  row(
    "peak RSS < 100 MB (all codexmon runs)",
    peak,
    `${((peak ?? 0) / 1e6).toFixed(1)} MB`,
    (peak ?? 1e9) < 100e6,
  );
  const rss = rssRows.map((entry) => entry.sample.peakRss).filter((value) => value !== undefined);
  const growth = rss.length >= 2 ? Math.max(...rss) / Math.min(...rss) : undefined;
  row(
    "peak RSS flat as the file grows (max ÷ min ≤ 1.25)",
    growth,
    `${(growth ?? 0).toFixed(2)}`,
    (growth ?? 99) <= 1.25,
  );
  row(
    "`--last 100` <= 60 ms, whole process",
    last,
    `${((last ?? 0) * 1000).toFixed(0)} ms`,
    (last ?? 1) <= 0.06,
  );
  lines.push(
    "",
    "`parse-codex-output.py` (the script people use today) is not in this repository" +
      (script === undefined
        ? ", so it is not measured here (`--script PATH` times your copy)"
        : "; this run timed a copy given with `--script`, in its default view") +
      ". Issue 2 measured it at 22 s and 3.7 GB of memory on its 1 GB capture.",
  );
  return lines;
}

/** Runs the whole benchmark and returns the Markdown report. */
export async function runBenchmark(options: BenchmarkOptions): Promise<string> {
  const capture: Capture = options.file === undefined
    ? await ensureCapture(options.size, options.seed, options.shape)
    : { path: await Deno.realPath(options.file), bytes: (await Deno.stat(options.file)).size };
  const load = await loadAverage();
  const flags = await buildBundle() ? await codexmonFlags() : undefined;
  if (flags === undefined) {
    progress("codexmon parse is not available yet: measuring the baselines only");
  }
  const toolOptions: BenchToolOptions = flags === undefined
    ? { runs: options.runs }
    : { runs: options.runs, codexmonFlags: flags };

  // fill the deno module cache before timing anything (each tool's runs refill the page cache)
  if (flags !== undefined) {
    await measure([DENO, "run", ...flags, BUNDLE, "parse", "fixtures/codex-0.47.0/simple.jsonl"]);
  }
  const results: ToolResult[] = [];
  for (const tool of toolsFor(options.script)) {
    if (options.skip?.some((name) => tool.name.startsWith(name))) {
      results.push({ tool, problem: "skipped (`--skip`)" });
      continue;
    }
    if (tool.codexmon && flags === undefined) {
      results.push({ tool, problem: "not available (`codexmon parse` is missing)" });
      continue;
    }
    progress(`${tool.name}: ${options.runs} runs on ${formatMb(capture.bytes)} MB`);
    // The slow tools run for minutes (one holds 7 GB): the file may have left the cache since.
    await measure(["cat", capture.path]);
    results.push(await benchTool(tool, capture.path, toolOptions));
  }

  const stages: ToolResult[] = [];
  for (const tool of flags === undefined ? [] : STAGE_TOOLS) {
    progress(`stage "${tool.name}": ${options.runs} runs`);
    await measure(["cat", capture.path]);
    stages.push(await benchTool(tool, capture.path, toolOptions));
  }

  const rssRows: RssRow[] = [];
  const summaryTool = TOOLS.find((tool) => tool.codexmon)!;
  if (flags !== undefined) {
    const sizes = options.rssSizes.filter((size) => size < capture.bytes).sort((a, b) => a - b);
    for (const size of sizes) {
      const smaller = await ensureCapture(size, options.seed, options.shape);
      progress(`RSS check: ${summaryTool.name} on ${formatMb(smaller.bytes)} MB`);
      await measure(["cat", smaller.path]);
      const sample = await benchTool(summaryTool, smaller.path, { ...toolOptions, runs: 1 });
      rssRows.push({ bytes: smaller.bytes, sample });
    }
    rssRows.push({
      bytes: capture.bytes,
      sample: results.find((result) => result.tool === summaryTool)!,
    });
  }
  const codexmonCommand = flags === undefined
    ? "(not available)"
    : `deno run ${flags.join(" ")} ${BUNDLE} parse FILE`;
  const machine = await machineText(load);
  const text = report(capture, { options, codexmonCommand, results, stages, rssRows, machine });
  if (options.results === undefined) return text;
  await Deno.writeTextFile(options.results, text);
  // the report is committed, so keep it clean under `deno task check`
  await new Deno.Command(DENO, { args: ["fmt", "--quiet", options.results], cwd: ROOT }).output();
  return await Deno.readTextFile(options.results);
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram(
    "bench",
    "Time cat, jq, python3 (and parse-codex-output.py) and codexmon parse on one generated capture",
  )
    .option("--size <size>", "size of the generated capture", "1GB")
    .option("--file <file>", "use this capture instead of generating one")
    .option("--runs <n>", "runs per tool (the median is reported)", "3")
    .option("--seed <n>", "seed of the generator", "1")
    .option("--rss-sizes <list>", "smaller sizes for the RSS check", "100MB,300MB")
    .option("--results <file>", "where to write the Markdown report", `${ROOT}bench/RESULTS.md`)
    .option("--no-results", "only print the report")
    .option("--script <file>", "also time this copy of parse-codex-output.py")
    .option("--shape <shape>", "capture shape: sessions, or long (10,000 events per request)")
    .option("--skip <list>", "rows not to run, by name start (e.g. jq,python3)");
  program.parse(args, { from: "user" });
  const options = program.opts();
  const runs = Number(options.runs);
  const seed = Number(options.seed);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new UsageError(`Cannot use "${options.runs}" runs`);
  }
  if (!Number.isSafeInteger(seed)) throw new UsageError(`Cannot use the seed "${options.seed}"`);
  const benchmark: BenchmarkOptions = {
    size: parseSize(options.size),
    sizeText: options.size,
    seed,
    runs,
    rssSizes: options.rssSizes.split(",").filter((text) => text.trim() !== "").map(parseSize),
  };
  if (options.file !== undefined) benchmark.file = options.file;
  if (options.shape !== undefined) {
    if (!(options.shape in SHAPES)) {
      throw new UsageError(`Cannot use the shape "${options.shape}": expected sessions or long`);
    }
    benchmark.shape = options.shape as keyof typeof SHAPES;
  }
  if (options.skip !== undefined) {
    benchmark.skip = options.skip.split(",").map((name) => name.trim());
  }
  if (typeof options.results === "string") benchmark.results = options.results;
  const script = options.script;
  if (script !== undefined) {
    benchmark.script = await Deno.realPath(script).catch((error: Error) => {
      throw new Error(`Cannot read the script "${script}": ${error.message}`);
    });
  }
  const text = await runBenchmark(benchmark);
  console.log(text);
}

if (import.meta.main) await runScript(cli);
