/**
 * The background process of a session (`session _supervise DIR`): runs `codex mcp-server`,
 * feeds it the buffer like `tail -f`, and appends its stdout and stderr to the output file
 * line by line, with arrival times in the side file. Records Codex's exit, then exits.
 */

import { basename, dirname } from "node:path";
import { ArrivalTimesWriter } from "../io/mod.ts";
import { type ExitRecord, updateMeta } from "./metadata.ts";
import { openPrivateFile } from "./private_files.ts";
import { readProcStat } from "./processes.ts";
import { sessionPaths } from "./state_dir.ts";
import { NEWLINE } from "../core/bytes/mod.ts";

/** How often the buffer is checked for new lines. */
const POLL_MS = 20;

/** How long the output pipes may stay open after Codex exited (a grandchild may hold them). */
const DRAIN_MS = 3000;

/** Runs the supervisor for the session folder `dir` until Codex exits; returns the exit code. */
export async function runSupervisor(dir: string): Promise<number> {
  const paths = sessionPaths(dirname(dir), basename(dir));
  const own = readProcStat(Deno.pid);
  const meta = await updateMeta(paths, (meta) => {
    meta.supervisor = {
      pid: Deno.pid,
      pgid: own?.pgid ?? Deno.pid,
      sid: own?.sid ?? Deno.pid,
      startTicks: own?.startTicks ?? null,
    };
  });
  const output = new OutputWriter(
    paths.output,
    new ArrivalTimesWriter(openPrivateFile(paths.times, { append: true, create: true })),
  );
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(meta.codexPath, {
      args: [meta.backend === "app-server" ? "app-server" : "mcp-server", ...meta.codexArgs],
      cwd: meta.cwd,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    output.close();
    const message = error instanceof Error ? error.message : String(error);
    await updateMeta(paths, (meta) => {
      meta.exit = { code: null, signal: null, at: Date.now(), error: message };
    });
    return 1;
  }
  const codexStat = readProcStat(child.pid);
  await updateMeta(paths, (meta) => {
    meta.codexPid = child.pid;
    meta.codexStartTicks = codexStat?.startTicks ?? null;
    meta.startedAt = Date.now();
  });

  // a stop sends SIGTERM to the whole group: let Codex end and record how, instead of dying first
  const forward = () => sendTerm(child);
  const signals: Deno.Signal[] = ["SIGTERM", "SIGINT", "SIGHUP"];
  for (const signal of signals) Deno.addSignalListener(signal, forward);

  const stopFeeding = new AbortController();
  const feeding = feedBuffer(paths.buffer, child.stdin, stopFeeding.signal);
  const pumps = Promise.all([
    pumpLines(child.stdout, output),
    pumpLines(child.stderr, output),
  ]);
  const status = await child.status;
  const exitedAt = Date.now();
  stopFeeding.abort();
  await withDeadline(feeding, DRAIN_MS);
  await withDeadline(pumps, DRAIN_MS);
  output.close();
  const exit: ExitRecord = {
    code: status.signal ? null : status.code,
    signal: status.signal,
    at: exitedAt,
  };
  await updateMeta(paths, (meta) => {
    meta.exit = exit;
  });
  for (const signal of signals) Deno.removeSignalListener(signal, forward);
  return 0;
}

function sendTerm(child: Deno.ChildProcess): void {
  try {
    child.kill("SIGTERM");
  } catch {
    // already gone
  }
}

/** Appends whole lines to the output and their arrival times to the side file, in one order. */
class OutputWriter {
  #file: Deno.FsFile;
  #times: ArrivalTimesWriter;
  #line: number;

  constructor(path: string, times: ArrivalTimesWriter) {
    this.#file = openPrivateFile(path, { append: true, create: true, read: true });
    this.#times = times;
    this.#line = countLinesAndTerminate(this.#file);
  }

  /** Writes `bytes` (one line, no newline) and its arrival time. Synchronous, so never interleaved. */
  line(bytes: Uint8Array, at: number): void {
    const whole = new Uint8Array(bytes.length + 1);
    whole.set(bytes);
    whole[bytes.length] = NEWLINE;
    writeAllSync(this.#file, whole);
    this.#line += 1;
    this.#times.record(this.#line, at);
  }

  close(): void {
    try {
      this.#file.close();
      this.#times.close();
    } catch {
      // closed already
    }
  }
}

// An output file left by an earlier run keeps its numbering; a torn last line is ended first.
function countLinesAndTerminate(file: Deno.FsFile): number {
  const size = file.statSync().size;
  if (size === 0) return 0;
  let lines = 0;
  let last = 0;
  const block = new Uint8Array(1024 * 1024);
  file.seekSync(0, Deno.SeekMode.Start);
  while (true) {
    const read = file.readSync(block);
    if (read === null || read === 0) break;
    const view = block.subarray(0, read);
    let index = view.indexOf(NEWLINE);
    while (index >= 0) {
      lines += 1;
      index = view.indexOf(NEWLINE, index + 1);
    }
    last = view[read - 1] ?? last;
  }
  if (last !== NEWLINE) {
    writeAllSync(file, new Uint8Array([NEWLINE]));
    lines += 1;
  }
  return lines;
}

/** Reads `stream` and hands each complete line to `output`; a last line without newline is ended. */
async function pumpLines(stream: ReadableStream<Uint8Array>, output: OutputWriter): Promise<void> {
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of stream) {
    const at = Date.now();
    let start = 0;
    let newline = chunk.indexOf(NEWLINE);
    while (newline >= 0) {
      const piece = chunk.subarray(start, newline);
      output.line(pending.length > 0 ? concat(pending, piece) : piece, at);
      pending = new Uint8Array(0);
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) pending = concat(pending, chunk.subarray(start));
  }
  if (pending.length > 0) output.line(pending, Date.now());
}

/** Follows `path` like `tail -f` from its start and writes each complete line to `stdin`. */
async function feedBuffer(
  path: string,
  stdin: WritableStream<Uint8Array>,
  stop: AbortSignal,
): Promise<void> {
  const writer = stdin.getWriter();
  let offset = 0;
  let pending: Uint8Array = new Uint8Array(0);
  const block = new Uint8Array(64 * 1024);
  let file: Deno.FsFile | null = null;
  try {
    while (!stop.aborted) {
      file ??= openOrNull(path);
      if (file) {
        const size = (await file.stat()).size;
        // a buffer replaced or truncated by hand starts over from its new beginning
        if (size < offset) {
          offset = 0;
          pending = new Uint8Array(0);
        }
        while (size > offset && !stop.aborted) {
          await file.seek(offset, Deno.SeekMode.Start);
          const read = await file.read(block);
          if (read === null || read === 0) break;
          offset += read;
          const data = concat(pending, block.subarray(0, read));
          const end = data.lastIndexOf(NEWLINE);
          if (end < 0) {
            pending = data;
            continue;
          }
          await writer.write(data.slice(0, end + 1));
          pending = data.slice(end + 1);
        }
      }
      await delay(POLL_MS, stop);
    }
  } catch {
    // Codex closed its stdin or exited: nothing more to feed
  } finally {
    file?.close();
    try {
      await writer.close();
    } catch {
      // the pipe is gone already
    }
  }
}

function openOrNull(path: string): Deno.FsFile | null {
  try {
    return openPrivateFile(path, { read: true });
  } catch {
    return null;
  }
}

function delay(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop.aborted) return resolve();
    const timer = setTimeout(done, ms);
    stop.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      stop.removeEventListener("abort", done);
      resolve();
    }
  });
}

async function withDeadline(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    promise.catch(() => {}),
    new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
  ]);
  clearTimeout(timer);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function writeAllSync(file: Deno.FsFile, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
}
