/**
 * Replays a real capture into a growing file at its recorded pace (from `X.timing.jsonl`),
 * faster by a compression factor, the way `codex mcp-server > out.json` fills it. The file
 * can also be written a line in two pieces, truncated and rotated, for follower and watch tests.
 */

const FIXTURES = new URL("../../fixtures/", import.meta.url);
const NEWLINE = 0x0a;

/** One row of `X.timing.jsonl`. */
export interface TimingRow {
  line: number;
  /** Milliseconds after Codex started. */
  ms: number;
  bytes: number;
  json: boolean;
  kind: string;
}

/** A capture split into lines (each with its newline) and the arrival time of each. */
export interface Capture {
  /** `codex-0.47.0/simple` */
  name: string;
  /** The raw lines, each ending with its newline (a torn last line would not). */
  lines: Uint8Array[];
  /** Milliseconds after Codex started, one per line. */
  ms: number[];
  /** The timing rows as recorded. */
  timing: TimingRow[];
}

/** The URL of a capture file: `captureUrl("codex-0.47.0/simple")` is `.../simple.jsonl`. */
export function captureUrl(name: string, suffix = ".jsonl"): URL {
  return new URL(`${name}${suffix}`, FIXTURES);
}

/** Reads a capture and its timing file; throws when they disagree on the line count. */
export async function readCapture(name: string): Promise<Capture> {
  const bytes = await Deno.readFile(captureUrl(name));
  const lines: Uint8Array[] = [];
  let start = 0;
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    lines.push(bytes.subarray(start, end));
    start = end;
  }
  const timingText = await Deno.readTextFile(captureUrl(name, ".timing.jsonl"));
  const timing = timingText.split("\n").filter((row) => row.trim() !== "")
    .map((row) => JSON.parse(row) as TimingRow);
  if (timing.length !== lines.length) {
    throw new Error(`Cannot replay "${name}": ${lines.length} lines but ${timing.length} timings`);
  }
  return { name, lines, ms: timing.map((row) => row.ms), timing };
}

/** A file that grows by appends, like Codex's redirected stdout; it may be truncated or rotated. */
export class GrowingFile {
  /** The path written to. */
  readonly path: string;
  #file: Deno.FsFile | null = null;
  #rotations = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** Appends `bytes` in one write (creating the file on first use); returns `Date.now()` after it. */
  write(bytes: Uint8Array): number {
    const file = this.#file ??= Deno.openSync(this.path, {
      append: true,
      create: true,
    });
    let offset = 0;
    while (offset < bytes.length) offset += file.writeSync(bytes.subarray(offset));
    return Date.now();
  }

  /** Appends text. */
  writeText(text: string): number {
    return this.write(new TextEncoder().encode(text));
  }

  /** Cuts the file to 0 bytes in place (same inode); later writes start at 0 (append mode). */
  truncate(): void {
    Deno.truncateSync(this.path, 0);
  }

  /**
   * Rotates like logrotate without a gap: the current file gets a second name `PATH.N` (N = 1,
   * 2...), then a new empty file is renamed over `PATH`; later writes go to the new file.
   */
  rotate(): string {
    this.#rotations += 1;
    const rotated = `${this.path}.${this.#rotations}`;
    Deno.linkSync(this.path, rotated);
    const fresh = `${this.path}.new`;
    Deno.writeFileSync(fresh, new Uint8Array());
    Deno.renameSync(fresh, this.path);
    this.close();
    return rotated;
  }

  /** Closes the writer's handle (the file stays). */
  close(): void {
    this.#file?.close();
    this.#file = null;
  }
}

/** What to do before a line is written. */
export type ReplayAction = "truncate" | "rotate";

/** Options for {@linkcode replay}. */
export interface ReplayOptions {
  /** Time compression: 10 replays ten times faster than recorded (default 1). */
  speed?: number;
  /** The longest single wait after compression, in ms (default: no cap). */
  maxGapMs?: number;
  /** First line to write, 1-based (default 1). */
  from?: number;
  /** Last line to write, 1-based and inclusive (default: the last). */
  to?: number;
  /** Lines written in two pieces: the first half, a pause of `splitPauseMs`, then the rest. */
  split?: readonly number[];
  /** The pause inside a split line in ms (default 300: several poll intervals). */
  splitPauseMs?: number;
  /** Actions taken just before writing the given line (`{ 20: "truncate" }`). */
  actions?: Readonly<Record<number, ReplayAction>>;
  /**
   * Called after each complete line was written, with its number and `Date.now()` taken just
   * before its last piece was written: no reader can have seen the whole line earlier (a time
   * taken after the write could be later than a reader's, when the writer is preempted).
   */
  onWrite?: (line: number, time: number) => void;
  /** Stops the replay between lines. */
  signal?: AbortSignal;
}

/**
 * Writes the capture's lines into `file` at the recorded pace divided by `speed`. Resolves when
 * the last line was written (or the signal aborted).
 */
export async function replay(
  capture: Capture,
  file: GrowingFile,
  options: ReplayOptions = {},
): Promise<void> {
  const speed = options.speed ?? 1;
  const from = options.from ?? 1;
  const to = options.to ?? capture.lines.length;
  const split = new Set(options.split ?? []);
  let previousMs: number | null = null;
  for (let line = from; line <= to; line++) {
    if (options.signal?.aborted) return;
    const bytes = capture.lines[line - 1];
    const ms = capture.ms[line - 1];
    if (bytes === undefined || ms === undefined) {
      throw new RangeError(`Cannot replay line ${line} of "${capture.name}": no such line`);
    }
    if (previousMs !== null) {
      const gap = Math.min((ms - previousMs) / speed, options.maxGapMs ?? Infinity);
      if (gap >= 1) await delay(gap, options.signal);
    }
    previousMs = ms;
    const action = options.actions?.[line];
    if (action === "truncate") file.truncate();
    else if (action === "rotate") file.rotate();
    let time: number;
    if (split.has(line)) {
      const half = Math.max(1, Math.floor(bytes.length / 2));
      file.write(bytes.subarray(0, half));
      await delay(options.splitPauseMs ?? 300, options.signal);
      time = Date.now();
      file.write(bytes.subarray(half));
    } else {
      time = Date.now();
      file.write(bytes);
    }
    options.onWrite?.(line, time);
  }
}

/** Resolves after `ms` (pacing of the replayed input, not a wait for a result). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Values pushed over time, and waits for a condition on them with a deadline: the tests wait
 * on what they expect, never for a fixed time.
 */
export class Collector<T> {
  /** Everything pushed so far. */
  readonly items: T[] = [];
  #waiters = new Set<() => void>();

  /** Adds an item and re-checks every pending wait. */
  push(item: T): void {
    this.items.push(item);
    this.poke();
  }

  /** Re-checks every pending wait (after a change the waits depend on). */
  poke(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  /**
   * Resolves with the first item matching `predicate` (already pushed or pushed later); rejects
   * with a message naming `what` and the items so far when `timeoutMs` passes first.
   */
  waitFor(predicate: (item: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
    return this.until(() => this.items.find(predicate), what, timeoutMs);
  }

  /** Resolves when `check` returns something other than `undefined`; rejects at the deadline. */
  until<R>(check: () => R | undefined, what: string, timeoutMs = 10_000): Promise<R> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        const seen = this.items.map((item) => JSON.stringify(item)).join("\n  ");
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; seen:\n  ${seen}`));
      }, timeoutMs);
      const waiter = () => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        resolve(value);
      };
      this.#waiters.add(waiter);
    });
  }
}
