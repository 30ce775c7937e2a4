/**
 * Peak RSS of `codexmon session status` and of the MCP server's `codex_status` on a large
 * session output: a generated capture in a session folder laid out as `session start` makes it
 * (record, `output.json`, one arrival time per line), for a session whose Codex has exited.
 *
 *   deno run --allow-all bench/session_memory.ts [--size 100MB] [--seed 1]
 *
 * Needs GNU time at `/usr/bin/time`. The capture is cached in `bench/data/` like `run.ts` does.
 */

import { GENERATOR_REVISION, writeCaptureFile } from "./generate.ts";
import { runScript, scriptProgram } from "./script_main.ts";
import { formatArrivalTime } from "../src/io/arrival_times.ts";
import { newSessionMeta, writeMeta } from "../src/session/metadata.ts";
import { type SessionPaths, sessionPaths } from "../src/session/state_dir.ts";
import { CodexmonError, UsageError } from "../src/core/errors.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const MAIN = `${ROOT}main.ts`;
const DATA_DIR = `${ROOT}bench/data`;
/** The V8 flags codexmon ships with (the shebang of `main.ts`). */
const V8_FLAGS = Deno.readTextFileSync(MAIN).split("\n", 1)[0]!.match(/--v8-flags=\S+/g) ?? [];
const SESSION = "bench";

async function main(args: string[]): Promise<void> {
  const cli = scriptProgram("session_memory", "Peak RSS of session status and codex_status")
    .option("--size <size>", "output size in MB", "100")
    .option("--seed <n>", "generator seed", "1");
  cli.parse(args, { from: "user" });
  const options = cli.opts();
  const megabytes = Number(options.size.replace(/MB$/i, ""));
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new UsageError(`Cannot use --size "${options.size}": give megabytes, e.g. 100MB`);
  }
  const size = Math.round(megabytes * 1_000_000);
  const capture = await ensureCapture(size, Number(options.seed));
  const stateDir = await Deno.makeTempDir({ prefix: "codexmon-bench-session-" });
  try {
    const paths = sessionPaths(stateDir, SESSION);
    const lines = await fakeSession(paths, capture);
    console.log(`output: ${(capture.bytes / 1e6).toFixed(1)} MB, ${lines} lines`);
    const status = await measure(
      [...denoRun(), "session", "status", "--state-dir", stateDir, "--name", SESSION],
      null,
    );
    console.log(`session status: ${status.seconds.toFixed(2)} s, peak RSS ${status.rssMb} MB`);
    const mcp = await measure([...denoRun(), "mcp", "--state-dir", stateDir], codexStatusExchange);
    console.log(`mcp codex_status: ${mcp.seconds.toFixed(2)} s, peak RSS ${mcp.rssMb} MB`);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
}

function denoRun(): string[] {
  return [Deno.execPath(), "run", "--allow-all", ...V8_FLAGS, MAIN];
}

async function ensureCapture(size: number, seed: number): Promise<{ path: string; bytes: number }> {
  await Deno.mkdir(DATA_DIR, { recursive: true });
  const path = `${DATA_DIR}/capture-g${GENERATOR_REVISION}-seed${seed}-${size}.jsonl`;
  try {
    return { path, bytes: (await Deno.stat(path)).size };
  } catch {
    console.error(`generating ${path}`);
    await writeCaptureFile(`${path}.partial`, { size, seed });
    await Deno.rename(`${path}.partial`, path);
    return { path, bytes: (await Deno.stat(path)).size };
  }
}

/** Lays out an exited session around a copy of the capture; returns its line count. */
async function fakeSession(paths: SessionPaths, capture: { path: string }): Promise<number> {
  await Deno.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const createdAt = Date.now() - 3_600_000;
  const meta = newSessionMeta({
    name: SESSION,
    codexPath: "/bin/false",
    codexArgs: [],
    cwd: paths.dir,
    codexVersion: "0.153.4",
    createdAt,
  });
  await writeMeta(paths, { ...meta, exit: { code: 0, signal: null, at: createdAt + 1000 } });
  await Deno.copyFile(capture.path, paths.output);
  await Deno.chmod(paths.output, 0o600);
  // one arrival time per line, as the supervisor writes them
  using input = await Deno.open(paths.output, { read: true });
  using times = await Deno.open(paths.times, { write: true, create: true, mode: 0o600 });
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(1 << 20);
  let line = 0;
  while (true) {
    const read = await input.read(buffer);
    if (read === null) break;
    let records = "";
    for (let i = 0; i < read; i++) {
      if (buffer[i] === 10) records += formatArrivalTime(++line, createdAt + line);
    }
    await times.write(encoder.encode(records));
  }
  return line;
}

type Exchange = (child: Deno.ChildProcess) => Promise<void>;

/** Runs `command` under GNU time; `exchange` talks to its stdin and stdout when given. */
async function measure(
  command: string[],
  exchange: Exchange | null,
): Promise<{ seconds: number; rssMb: number }> {
  const rssFile = await Deno.makeTempFile({ prefix: "codexmon-bench-rss-" });
  try {
    const started = performance.now();
    const child = new Deno.Command("/usr/bin/time", {
      args: ["-f", "%M", "-o", rssFile, ...command],
      stdin: exchange ? "piped" : "null",
      stdout: exchange ? "piped" : "null",
      stderr: "inherit",
    }).spawn();
    if (exchange) await exchange(child);
    const status = await child.status;
    const seconds = (performance.now() - started) / 1000;
    if (![0, 3, 4, 6].includes(status.code)) {
      throw new CodexmonError(`Cannot measure ${command.slice(-4).join(" ")}: exit ${status.code}`);
    }
    const kib = Number((await Deno.readTextFile(rssFile)).trim().split("\n").at(-1));
    return { seconds, rssMb: Math.round(kib / 1024) };
  } finally {
    await Deno.remove(rssFile);
  }
}

/** initialize, then `codex_status` of the session; closing stdin ends the server. */
async function codexStatusExchange(child: Deno.ChildProcess): Promise<void> {
  const writer = child.stdin.getWriter();
  const send = (message: unknown) =>
    writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  await send({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-06-18",
      capabilities: {},
      clientInfo: { name: "bench", version: "1" },
    },
  });
  await send({ jsonrpc: "2.0", method: "notifications/initialized" });
  await send({
    jsonrpc: "2.0",
    id: 2,
    method: "tools/call",
    params: { name: "codex_status", arguments: { session: SESSION } },
  });
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    text += decoder.decode(chunk, { stream: true });
    const response = text.split("\n").find((line) => line.includes('"id":2'));
    if (response === undefined) continue;
    if (JSON.parse(response).result?.isError) throw new CodexmonError(`codex_status: ${response}`);
    break;
  }
  await writer.close();
}

if (import.meta.main) await runScript(main);
