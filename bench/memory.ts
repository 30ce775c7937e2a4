/**
 * Peak RSS of the views that read a whole file (issues 15 and 18): the default summary,
 * `parse --json` and `report`, on generated captures of two sizes, so the figures show both the
 * budget (under 100 MB) and that memory stays flat as the file grows. Runs the bundle users
 * install through its own shebang (its runtime and V8 flags), the views alternately, and writes
 * the table to stdout and to `bench/MEMORY_RESULTS.md`.
 *
 * With `--breakdown` (Linux), one more run of each view at the largest size samples
 * `/proc/PID/smaps` and shows where the resident memory lay at its peak.
 *
 * Usage: `deno task bench:memory` or
 * `deno run --allow-all bench/memory.ts [--sizes 100MB,1GB] [--runs 5] [--seed 1] [--breakdown]`
 *
 * @module
 */
import { cachedCaptureFile, parseSize } from "./generate.ts";
import { measure, median, type Sample } from "./run.ts";
import { buildShippedBundle, runCount, runScript, scriptProgram } from "./script_main.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DENO = Deno.execPath();
const BUNDLE = `${ROOT}dist/codexmon.js`;
/** The parse budget of the issues, in MB. */
const MAX_RSS_MB = 100;
/** Exit codes that report what the file holds (stuck, approval, failed request), not a crash. */
const OK_CODES = [0, 3, 4, 6];
const MB = 1024 * 1024;

/** One view the benchmark runs; `PAGE` stands for a temporary report file. */
interface View {
  name: string;
  args: string[];
}

const VIEWS: readonly View[] = [
  { name: "parse (summary)", args: ["parse"] },
  { name: "parse --json", args: ["parse", "--json"] },
  { name: "report", args: ["report", "-o", "PAGE", "--force"] },
];

interface Row {
  view: View;
  file: string;
  bytes: number;
  samples: Sample[];
}

function command(view: View, file: string, page: string): string[] {
  return [BUNDLE, ...view.args.map((arg) => arg === "PAGE" ? page : arg), file];
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram(
    "bench-memory",
    "Peak RSS of codexmon's summary, --json and report on captures of two sizes",
  )
    .option("--sizes <sizes>", "sizes of the generated captures, comma-separated", "100MB,1GB")
    .option("--runs <n>", "runs of each view and size", "5")
    .option("--seed <n>", "seed of the generator", "1")
    .option("--breakdown", "sample /proc/PID/smaps in one more run of each view (Linux)")
    .option(
      "--results <file>",
      "where to write the Markdown table",
      `${ROOT}bench/MEMORY_RESULTS.md`,
    )
    .option("--no-results", "only print the table");
  program.parse(args, { from: "user" });
  const options = program.opts();
  const runs = runCount(options.runs);
  const sizes = options.sizes.split(",").map((size) => parseSize(size.trim()));
  const files = [];
  for (const size of sizes) files.push(await cachedCaptureFile(size, Number(options.seed)));
  await buildShippedBundle(ROOT);
  const page = await Deno.makeTempFile({ prefix: "codexmon-bench-memory-", suffix: ".html" });
  const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "")).split(" ").slice(0, 3);
  try {
    // The first run after a build also writes V8's code cache: not what a user sees later.
    await measure(command(VIEWS[0]!, files[0]!, page));
    const rows: Row[] = [];
    for (const [index, file] of files.entries()) {
      for (const view of VIEWS) {
        rows.push({ view, file, bytes: sizes[index]!, samples: [] });
      }
    }
    for (let run = 0; run < runs; run++) {
      for (const row of rows) {
        const sample = await measure(command(row.view, row.file, page));
        if (!OK_CODES.includes(sample.code)) {
          throw new Error(`${row.view.name} exited ${sample.code}: ${sample.stderr.trim()}`);
        }
        row.samples.push(sample);
        console.error(
          `bench: ${row.view.name} ${sizeLabel(row.bytes)} run ${run + 1}: ` +
            `${(sample.peakRss / MB).toFixed(1)} MB`,
        );
      }
    }
    const breakdowns: string[] = [];
    if (options.breakdown) {
      for (const view of VIEWS) {
        const peak = await peakBreakdown(command(view, files.at(-1)!, page));
        breakdowns.push(breakdownTable(`${view.name}, ${sizeLabel(sizes.at(-1)!)}`, peak));
      }
    }
    const text = [table(rows, { runs, load }), ...breakdowns].join("\n");
    console.log(text);
    if (typeof options.results === "string") {
      await Deno.writeTextFile(options.results, text);
      await new Deno.Command(DENO, { args: ["fmt", "--quiet", options.results] }).output();
    }
  } finally {
    await Deno.remove(page).catch(() => {});
  }
}

function sizeLabel(bytes: number): string {
  return bytes >= 1e9 ? `${bytes / 1e9} GB` : `${bytes / 1e6} MB`;
}

function table(rows: Row[], context: { runs: number; load: string[] }): string {
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  const lines = [
    "# Peak RSS of the whole-file views",
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} by \`bench/memory.ts\`, ${context.runs} ` +
    `runs of each, the bundle run by its shebang; load average ${context.load.join(" ")} at start.`,
    "",
    "| view | file | peak RSS min (MB) | median | max | CPU s (median) |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const rss = row.samples.map((sample) => sample.peakRss);
    lines.push(
      `| ${row.view.name} | ${sizeLabel(row.bytes)} | ${mb(Math.min(...rss))} | ${
        mb(median(rss))
      } | ${mb(Math.max(...rss))} | ${
        median(row.samples.map((sample) => sample.cpuSeconds)).toFixed(2)
      } |`,
    );
  }
  lines.push(
    "",
    `| view | largest peak (MB) | under ${MAX_RSS_MB} MB | growth smallest → largest file |`,
  );
  lines.push("| --- | ---: | --- | ---: |");
  for (const view of VIEWS) {
    const own = rows.filter((row) => row.view === view);
    const peaks = own.map((row) => Math.max(...row.samples.map((sample) => sample.peakRss)));
    const medians = own.map((row) => median(row.samples.map((sample) => sample.peakRss)));
    const largest = Math.max(...peaks);
    lines.push(
      `| ${view.name} | ${mb(largest)} | ${largest < MAX_RSS_MB * MB ? "yes" : "**no**"} | ${
        mb(medians.at(-1)! - medians[0]!)
      } MB (medians) |`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Resident kibibytes per kind of mapping, at the sample with the most in all. */
type Breakdown = Map<string, number>;

/**
 * Runs `args` and samples its `/proc/PID/smaps` every few milliseconds; returns the sample with
 * the highest total. The kinds are read from each mapping's name, rights and alignment: V8
 * allocates its heap in 256 KiB-aligned pages, glibc's thread arenas sit at 64 MiB boundaries.
 */
async function peakBreakdown(args: string[]): Promise<Breakdown> {
  const child = new Deno.Command(args[0]!, {
    args: args.slice(1),
    cwd: ROOT,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let best: Breakdown = new Map();
  let bestTotal = 0;
  let done = false;
  const status = child.status.then((status) => {
    done = true;
    return status;
  });
  while (!done) {
    let text: string;
    try {
      text = await Deno.readTextFile(`/proc/${child.pid}/smaps`);
    } catch {
      break;
    }
    const sample = smapsBreakdown(text);
    const total = [...sample.values()].reduce((sum, kib) => sum + kib, 0);
    if (total > bestTotal) [best, bestTotal] = [sample, total];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await status;
  return best;
}

function smapsBreakdown(text: string): Breakdown {
  const kinds: Breakdown = new Map();
  let kind = "";
  for (const line of text.split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head !== null) {
      kind = mappingKind(
        BigInt(`0x${head[1]}`),
        BigInt(`0x${head[2]}`),
        head[3]!,
        head[4]!,
      );
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss !== null) kinds.set(kind, (kinds.get(kind) ?? 0) + Number(rss[1]));
  }
  return kinds;
}

function mappingKind(start: bigint, end: bigint, rights: string, name: string): string {
  const size = end - start;
  if (/\/deno$/.test(name)) {
    return rights.includes("x") ? "deno binary: code (file)" : "deno binary: data (file)";
  }
  if (name.startsWith("/")) return "shared libraries and other files";
  if (name === "[heap]") return "malloc: main heap";
  if (name !== "") return "stacks and kernel pages";
  if (rights.includes("x")) return "JIT code";
  // Arenas are mapped high, where the kernel places mmap; V8 picks its own addresses.
  if (start % (64n * 1024n * 1024n) === 0n && start >= 0x7e0000000000n) {
    return "malloc: thread arenas";
  }
  const page = 256n * 1024n;
  if (start % page === 0n && size % page === 0n) return "V8 heap pages";
  return "other anonymous (WebAssembly memory, buffers, V8 large objects)";
}

function breakdownTable(title: string, peak: Breakdown): string {
  const total = [...peak.values()].reduce((sum, kib) => sum + kib, 0);
  const lines = [
    "",
    `## Resident memory at the sampled peak: ${title} (${(total / 1024).toFixed(1)} MB)`,
    "",
    "| kind | MB |",
    "| --- | ---: |",
  ];
  for (const [kind, kib] of [...peak].sort((a, b) => b[1] - a[1])) {
    if (kib >= 512) lines.push(`| ${kind} | ${(kib / 1024).toFixed(1)} |`);
  }
  return lines.join("\n") + "\n";
}

if (import.meta.main) await runScript(cli);
