/**
 * Peak memory of `codexmon parse` on input built to make it grow: a capture holding one line
 * far over the line limit (by default 1 GB with a 300 MB line in the middle), read as a file
 * and through a pipe, in several views; plus `/dev/zero` and a named pipe nobody writes to.
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`); the target is under 150 MB. codexmon
 * runs as the bundle (`deno task bundle`) with the permissions and V8 flags of its shebang.
 *
 * Usage: `deno run --allow-all bench/long_line_rss.ts [--size 1GB] [--line 300MB]`
 *
 * @module
 */

import { parseSize, writeCaptureFile } from "./generate.ts";
import { runScript, scriptProgram } from "./script_main.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DATA = `${ROOT}bench/data`;
const TARGET_KB = 150 * 1000;
/**
 * The permissions and V8 flags codexmon ships with: those in the shebang of `main.ts` (write
 * access lets a long line from a pipe wait in a temporary file instead of memory).
 */
const SHIPPED_FLAGS = Deno.readTextFileSync(`${ROOT}main.ts`).split("\n", 1)[0]!
  .match(/--(allow|v8)-\S+/g) ?? [];

/** One measured run. */
interface Measure {
  label: string;
  seconds: number;
  peakKb: number;
  code: number;
}

/** Writes a capture of about `size` bytes with one event line of `lineSize` bytes in the middle. */
async function writeLongLineCapture(path: string, size: number, lineSize: number): Promise<void> {
  const half = Math.max(1, Math.floor((size - lineSize) / 2));
  const parts = [`${path}.a`, `${path}.b`];
  await writeCaptureFile(parts[0]!, { size: half, seed: 1 });
  await writeCaptureFile(parts[1]!, { size: half, seed: 2 });
  using out = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  const writeAll = (bytes: Uint8Array) => {
    let at = 0;
    while (at < bytes.length) at += out.writeSync(bytes.subarray(at));
  };
  const copy = (part: string) => {
    using file = Deno.openSync(part);
    const buffer = new Uint8Array(1 << 20);
    for (let count = file.readSync(buffer); count !== null; count = file.readSync(buffer)) {
      writeAll(buffer.subarray(0, count));
    }
  };
  copy(parts[0]!);
  const head = encoder.encode(
    '{"jsonrpc":"2.0","method":"codex/event","params":{"_meta":{"requestId":999999},"id":"",' +
      '"msg":{"type":"agent_message_delta","delta":"',
  );
  const tail = encoder.encode('"}}}\n');
  writeAll(head);
  const block = new Uint8Array(1 << 20).fill(0x61);
  let left = lineSize - head.length - tail.length + 1;
  while (left > 0) {
    writeAll(block.subarray(0, Math.min(left, block.length)));
    left -= block.length;
  }
  writeAll(tail);
  copy(parts[1]!);
  for (const part of parts) await Deno.remove(part);
}

/** Runs `shell` with GNU time where it says `TIME` (else first) and reads the peak RSS. */
async function measure(label: string, shell: string): Promise<Measure> {
  const timeFile = await Deno.makeTempFile();
  const started = performance.now();
  const output = await new Deno.Command("bash", {
    args: [
      "-c",
      (shell.includes("TIME") ? shell : `TIME ${shell}`)
        .replace("TIME", `/usr/bin/time -o "${timeFile}" -f %M`),
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const text = await Deno.readTextFile(timeFile);
  await Deno.remove(timeFile);
  const peakKb = Number(text.trim().split("\n").at(-1));
  return { label, seconds, peakKb, code: output.code };
}

async function cli(args: string[]): Promise<void> {
  const program = scriptProgram(
    "long_line_rss",
    "Peak RSS of codexmon parse on a file with one huge line, on /dev/zero and on a FIFO",
  )
    .option("--size <size>", "capture size", "1GB")
    .option("--line <size>", "size of the long line", "300MB")
    .option("--file <path>", "capture to write (default bench/data/long-line-SIZE.jsonl)");
  program.parse(args, { from: "user" });
  const options = program.opts();
  const size = parseSize(options.size);
  const lineSize = parseSize(options.line);
  await Deno.mkdir(DATA, { recursive: true });
  const file = options.file ?? `${DATA}/long-line-${options.size}-${options.line}.jsonl`;
  const exists = await Deno.stat(file).then((info) => info.size >= lineSize, () => false);
  if (!exists) await writeLongLineCapture(file, size, lineSize);
  const fileSize = (await Deno.stat(file)).size;
  // Measured as users install it: the bundle `deno task bundle` builds.
  const bundled = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "bundle"],
    cwd: ROOT,
    stdout: "null",
  }).output();
  if (!bundled.success) throw new Error("Cannot build the bundle: deno task bundle failed");
  const codexmon = `"${Deno.execPath()}" run ${SHIPPED_FLAGS.join(" ")} ` +
    `"${ROOT}dist/codexmon.js" parse`;
  const fifoDir = await Deno.makeTempDir();
  await new Deno.Command("mkfifo", { args: [`${fifoDir}/pipe`, `${fifoDir}/fed`] }).output();
  const runs: Measure[] = [];
  for (
    const [label, shell] of [
      ["parse FILE", `${codexmon} "${file}"`],
      ["parse --json FILE", `${codexmon} --json "${file}"`],
      ["parse --last 5 FILE", `${codexmon} --last 5 "${file}"`],
      ["parse --summary FILE", `${codexmon} --summary "${file}"`],
      ["cat FILE | parse -", `cat "${file}" | TIME ${codexmon} -`],
      ["cat FILE | parse --json -", `cat "${file}" | TIME ${codexmon} --json -`],
      ["cat FILE | parse --last 5 -", `cat "${file}" | TIME ${codexmon} --last 5 -`],
      ["cat FILE | parse --summary -", `cat "${file}" | TIME ${codexmon} --summary -`],
      ["cat FILE | parse /dev/stdin", `${codexmon} /dev/stdin < <(cat "${file}")`],
      [
        "cat FILE > FIFO; parse FIFO",
        `(cat "${file}" > "${fifoDir}/fed" &); TIME ${codexmon} "${fifoDir}/fed"`,
      ],
      [
        "cat FILE | parse --max-line-bytes 16M",
        `${codexmon} --max-line-bytes 16777216 /dev/stdin < <(cat "${file}")`,
      ],
      ["parse /dev/zero (refused)", `${codexmon} /dev/zero`],
      ["parse FIFO without writer (5 s)", `${codexmon} "${fifoDir}/pipe"`],
    ]
  ) {
    const run = await measure(label!, shell!);
    runs.push(run);
    console.log(
      `${run.label.padEnd(34)} ${(run.peakKb / 1000).toFixed(1).padStart(7)} MB peak  ` +
        `${run.seconds.toFixed(1).padStart(6)} s  exit ${run.code}`,
    );
  }
  await Deno.remove(fifoDir, { recursive: true });
  console.log(
    `file: ${(fileSize / 1e9).toFixed(2)} GB with one ${(lineSize / 1e6).toFixed(0)} MB line; ` +
      `target: every peak under ${TARGET_KB / 1000} MB`,
  );
  const over = runs.filter((run) => run.peakKb >= TARGET_KB);
  if (over.length > 0) {
    console.log(`over the target: ${over.map((run) => run.label).join(", ")}`);
    Deno.exitCode = 1;
  }
}

if (import.meta.main) await runScript(cli);
