/** A running Codex process whose stdout and stderr go, line by line, into one list. */

import { CodexmonError } from "../../src/core/errors.ts";

const NEWLINE = 10;
const KILL_GRACE_MS = 5_000;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** One output line as it arrived. */
export interface CapturedLine {
  bytes: Uint8Array;
  /** Milliseconds after spawn. */
  ms: number;
}

/** How Codex exited. */
export interface CodexExit {
  code: number;
  signal: string | null;
  /** Milliseconds after spawn. */
  ms: number;
}

/** Options for {@linkcode CodexRun}. */
export interface CodexRunOptions {
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: boolean;
  /** Time (ms since epoch) after which every wait fails: the scenario's bound. */
  deadline: number;
}

/** One Codex process of a capture; every wait is bounded by the scenario's deadline. */
export class CodexRun {
  readonly lines: CapturedLine[] = [];
  /** Lines written to stdin, prefixed with their time, for the `.md`. */
  readonly stdin: string[] = [];
  readonly started = Date.now();
  readonly deadline: number;
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array> | null;
  #pumps: Promise<void>;
  #waiters = new Set<() => void>();
  #exited = false;

  constructor(command: string, options: CodexRunOptions) {
    this.deadline = options.deadline;
    this.#child = new Deno.Command(command, {
      args: options.args,
      cwd: options.cwd,
      env: options.env,
      clearEnv: true,
      stdin: options.stdin ? "piped" : "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#child.status.then(() => this.#exited = true);
    this.#writer = options.stdin ? this.#child.stdin.getWriter() : null;
    this.#pumps = Promise.all([this.#pump(this.#child.stdout), this.#pump(this.#child.stderr)])
      .then(() => {});
  }

  /** Milliseconds since spawn. */
  get ms(): number {
    return Date.now() - this.started;
  }

  /** Writes one JSON message to Codex's stdin and notes it for the `.md`. */
  async send(message: unknown): Promise<void> {
    const line = JSON.stringify(message);
    this.stdin.push(`+${this.ms}ms  ${line}`);
    await this.#writer?.write(encoder.encode(line + "\n"));
  }

  /** The parsed JSON object lines so far. */
  json(): Record<string, unknown>[] {
    const values: Record<string, unknown>[] = [];
    for (const line of this.lines) {
      try {
        const value = JSON.parse(decoder.decode(line.bytes));
        if (typeof value === "object" && value !== null) values.push(value);
      } catch {
        // a stderr line
      }
    }
    return values;
  }

  /** Waits until `find` returns a value for the output so far, at most until the deadline. */
  async waitFor<T>(
    what: string,
    find: (lines: Record<string, unknown>[]) => T | undefined,
  ): Promise<T> {
    while (true) {
      const found = find(this.json());
      if (found !== undefined) return found;
      if (this.#exited) {
        await this.#pumps;
        const last = find(this.json());
        if (last !== undefined) return last;
        throw new CodexmonError(`Codex exited while waiting for ${what}`);
      }
      const left = this.deadline - Date.now();
      if (left <= 0) throw new CodexmonError(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(200, left));
        this.#waiters.add(done);
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  }

  /** Sleeps `ms`, but never past the deadline. */
  async pause(ms: number): Promise<void> {
    const wait = Math.max(0, Math.min(ms, this.deadline - Date.now()));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /**
   * Closes stdin and waits for the exit, at most `graceMs` and never past the deadline. A Codex
   * still running then is stopped with SIGTERM when `terminate` is set (a scenario whose Codex
   * waits for an answer forever); else it is killed and the capture fails.
   */
  async finish(graceMs: number, options: { terminate?: boolean } = {}): Promise<CodexExit> {
    this.stdin.push(`+${this.ms}ms  (stdin closed)`);
    await this.#writer?.close().catch(() => {});
    const wait = Math.max(0, Math.min(graceMs, this.deadline - Date.now()));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), wait));
    let status = await Promise.race([this.#child.status, late]);
    clearTimeout(timer);
    if (status === "late") {
      if (!options.terminate) {
        await this.kill();
        throw new CodexmonError(`Codex did not exit within ${Math.round(wait / 1000)} s`);
      }
      this.stdin.push(`+${this.ms}ms  (SIGTERM)`);
      await this.kill();
      status = await this.#child.status;
    }
    const ms = this.ms;
    await this.#pumps;
    return { code: status.code, signal: status.signal, ms };
  }

  /** Ends the process (SIGTERM, then SIGKILL) and reaps it; safe to call after it exited. */
  async kill(): Promise<void> {
    if (!this.#exited) {
      signal(this.#child, "SIGTERM");
      const timer = setTimeout(() => signal(this.#child, "SIGKILL"), KILL_GRACE_MS);
      await this.#child.status;
      clearTimeout(timer);
    }
    await this.#writer?.close().catch(() => {});
    await this.#pumps.catch(() => {});
  }

  async #pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    let pending = new Uint8Array(0);
    for await (const chunk of stream) {
      const ms = this.ms;
      const data = new Uint8Array(pending.length + chunk.length);
      data.set(pending);
      data.set(chunk, pending.length);
      let start = 0;
      let newline = data.indexOf(NEWLINE);
      while (newline >= 0) {
        this.lines.push({ bytes: data.slice(start, newline), ms });
        start = newline + 1;
        newline = data.indexOf(NEWLINE, start);
      }
      pending = data.slice(start);
      for (const wake of this.#waiters) wake();
      this.#waiters.clear();
    }
    if (pending.length > 0) this.lines.push({ bytes: pending, ms: this.ms });
  }
}

function signal(child: Deno.ChildProcess, name: Deno.Signal): void {
  try {
    child.kill(name);
  } catch {
    // already exited
  }
}
