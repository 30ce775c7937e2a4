/**
 * Follows a growing file with `tail -F` semantics: new complete lines as they arrive, with
 * their arrival time. `stat` (size and inode) is the truth; file-system events only wake the
 * poll loop early. Only new bytes are read, in blocks, so memory stays flat however big the
 * file grows.
 *
 * @module
 */

import { basename, dirname, resolve } from "node:path";
import { scanLines } from "./line_scanner.ts";
import { DEFAULT_MAX_LINE_BYTES } from "../core/config/mod.ts";
import { statOrNull } from "./open_file.ts";
import { CodexmonError } from "../core/errors.ts";
import type { LineKernel } from "../core/wasm/mod.ts";

/** The default poll interval in milliseconds. */
export const DEFAULT_POLL_MS = 100;

/** The default read size of the follower: new data arrives in small amounts. */
export const FOLLOW_BLOCK_SIZE = 64 * 1024;

/** Facts about one followed line. The follower may reuse this object between calls. */
export interface FollowedLine {
  /** 1-based line number in the current file (starts again at 1 after truncation or rotation). */
  line: number;
  /** Byte offset of the line's first byte in the current file. */
  offset: number;
  /**
   * Arrival time (ms since epoch): when the line's newline was read. For lines that were in
   * the file before following started ({@linkcode initial}), the file's modification time.
   */
  time: number;
  /** True for lines already in the file when following started (never with `fromStart`). */
  initial: boolean;
  /** The line kernel whose memory holds the line's bytes, or null (see `LinePosition`). */
  kernel: LineKernel | null;
}

/** Something that happened to the followed file. */
export type FollowNotice =
  /** The file is not there (yet, or any more); the follower waits for it. */
  | { kind: "waiting" }
  /** The file was opened; `size` is its size then. */
  | { kind: "opened"; size: number }
  /**
   * The content that was there when following started has been read (emitted once, also when
   * the file did not exist or `fromStart` is set: then `lines` is 0).
   */
  | { kind: "caught_up"; lines: number }
  /** The file shrank below what was read: reading starts again at 0. */
  | { kind: "truncated"; size: number }
  /** The name now points at another file: the old one was read to its end, the new one follows. */
  | { kind: "rotated" }
  /** The file went away; it was read to its end and the follower waits for it to come back. */
  | { kind: "removed" }
  /** A complete line longer than the line limit was skipped unread. */
  | { kind: "long_line"; line: number; bytes: number };

/** Callbacks of {@linkcode follow}; all synchronous. */
export interface FollowHandlers {
  /**
   * Called once per complete line, in order. `bytes` is a view into a reused buffer without
   * the newline (and without one trailing CR): copy it to keep it.
   */
  onLine(bytes: Uint8Array, meta: FollowedLine): void;
  /** Called when the file appears, shrinks, is replaced or goes away. */
  onNotice?(notice: FollowNotice): void;
  /** Called after every poll cycle (at least every `pollMs`), with the time: a timer tick. */
  onCycle?(now: number): void;
}

/** Options for {@linkcode follow}. */
export interface FollowOptions {
  /** Treat the content already in the file as new (`--from-start`); default false. */
  fromStart?: boolean;
  /** Milliseconds between polls (default {@linkcode DEFAULT_POLL_MS}). */
  pollMs?: number;
  /** Bytes requested per read (default {@linkcode FOLLOW_BLOCK_SIZE}). */
  blockSize?: number;
  /** Lines longer than this are skipped unread, with a `long_line` notice (default 64 MiB). */
  maxLineBytes?: number;
  /** Use file-system events to wake up early (default true). */
  watchFs?: boolean;
  /** Stops following; {@linkcode follow} then resolves. */
  signal?: AbortSignal;
  /** The clock for arrival times (default `Date.now`). */
  now?: () => number;
}

interface OpenState {
  file: Deno.FsFile;
  ino: number | null;
  dev: number;
  /** Offset just after the last complete line handed out: where the next scan starts. */
  lineEnd: number;
  /** Offset just after the last byte read (the partial line included). */
  readEnd: number;
  /** Number of the next line. */
  nextLine: number;
  /** Lines ending before this offset are initial. */
  initialEnd: number;
  initialTime: number;
}

/**
 * Follows `path` until `options.signal` aborts, calling `handlers` for each new line and for
 * each change of the file. Starts at the end unless `fromStart` is set; the content already
 * there is still read first and handed out with `initial: true` so a caller can build its
 * context (and not alert on it). A partial last line is held back until its newline arrives.
 * Throws {@linkcode CodexmonError} when the file cannot be read; errors thrown by a handler
 * end the follow and are rethrown.
 */
export async function follow(
  path: string,
  handlers: FollowHandlers,
  options: FollowOptions = {},
): Promise<void> {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  if (!Number.isFinite(pollMs) || pollMs <= 0) {
    throw new RangeError(`Cannot follow "${path}": poll interval must be above 0, got ${pollMs}`);
  }
  const follower = new Follower(path, handlers, { ...options, pollMs });
  await follower.run();
}

class Follower {
  #path: string;
  #handlers: FollowHandlers;
  #fromStart: boolean;
  #pollMs: number;
  #blockSize: number;
  #maxLineBytes: number;
  #useWatchFs: boolean;
  #signal: AbortSignal | undefined;
  #now: () => number;
  #open: OpenState | null = null;
  #caughtUp = false;
  #waitingNoticed = false;
  #wake: (() => void) | null = null;
  #woken = false;
  #meta: FollowedLine = { line: 0, offset: 0, time: 0, initial: false, kernel: null };

  constructor(
    path: string,
    handlers: FollowHandlers,
    options: FollowOptions & { pollMs: number },
  ) {
    this.#path = path;
    this.#handlers = handlers;
    this.#fromStart = options.fromStart ?? false;
    this.#pollMs = options.pollMs;
    this.#blockSize = options.blockSize ?? FOLLOW_BLOCK_SIZE;
    this.#maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#useWatchFs = options.watchFs ?? true;
    this.#signal = options.signal;
    this.#now = options.now ?? Date.now;
  }

  async run(): Promise<void> {
    const signal = this.#signal;
    const onAbort = () => this.#wakeUp();
    signal?.addEventListener("abort", onAbort);
    const watcher = this.#useWatchFs ? this.#startWatcher() : null;
    try {
      while (!signal?.aborted) {
        await this.#cycle();
        if (signal?.aborted) break;
        this.#handlers.onCycle?.(this.#now());
        await this.#sleep();
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      watcher?.close();
      this.#closeFile();
    }
  }

  /** One poll: compare `stat` with what was read, then read what is new. */
  async #cycle(): Promise<void> {
    const info = await statOrNull(this.#path);
    if (info !== null && !info.isFile) {
      throw new CodexmonError(`Cannot follow "${this.#path}": not a regular file`);
    }
    const open = this.#open;
    if (info === null) {
      if (open !== null) {
        await this.#drain(open);
        this.#closeFile();
        this.#notice({ kind: "removed" });
        this.#waitingNoticed = true;
      } else if (!this.#waitingNoticed) {
        this.#waitingNoticed = true;
        this.#notice({ kind: "waiting" });
      }
      this.#catchUp(0);
      return;
    }
    if (open !== null && (info.ino !== open.ino || info.dev !== open.dev)) {
      await this.#drain(open);
      this.#closeFile();
      this.#notice({ kind: "rotated" });
    }
    if (this.#open === null) {
      const opened = await this.#openFile(info);
      if (opened === null) return;
      await this.#read(opened);
      this.#catchUp(opened.nextLine - 1);
      return;
    }
    const current = this.#open;
    if (info.size < current.readEnd) {
      current.lineEnd = 0;
      current.readEnd = 0;
      current.nextLine = 1;
      current.initialEnd = 0;
      this.#notice({ kind: "truncated", size: info.size });
    }
    if (info.size > current.readEnd) await this.#read(current);
  }

  async #openFile(info: Deno.FileInfo): Promise<OpenState | null> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(this.#path, { read: true });
    } catch (error) {
      // Gone between stat and open: the next cycle waits for it.
      if (error instanceof Deno.errors.NotFound) return null;
      throw new CodexmonError(`Cannot follow "${this.#path}": ${describe(error)}`, {
        cause: error,
      });
    }
    // The inode of what was opened, not of what stat saw a moment before.
    const opened = await file.stat().catch(() => info);
    const initial = !this.#caughtUp && !this.#fromStart;
    const now = this.#now();
    const mtime = opened.mtime?.getTime() ?? now;
    this.#open = {
      file,
      ino: opened.ino,
      dev: opened.dev,
      lineEnd: 0,
      readEnd: 0,
      nextLine: 1,
      initialEnd: initial ? opened.size : 0,
      initialTime: Math.min(mtime, now),
    };
    this.#waitingNoticed = false;
    this.#notice({ kind: "opened", size: opened.size });
    return this.#open;
  }

  /** Reads from the start of the held-back partial line to the current end of the file. */
  async #read(open: OpenState): Promise<void> {
    const meta = this.#meta;
    const onLine = this.#handlers.onLine;
    let time = 0;
    let longLines = 0;
    const result = await scanLines(open.file, (bytes, position) => {
      const initial = position.offset + bytes.length < open.initialEnd;
      if (!initial && time === 0) time = this.#now();
      meta.line = position.line;
      meta.offset = position.offset;
      meta.initial = initial;
      meta.time = initial ? open.initialTime : time;
      meta.kernel = position.kernel;
      onLine(bytes, meta);
    }, {
      startOffset: open.lineEnd,
      startLine: open.nextLine,
      blockSize: this.#blockSize,
      // Awaited reads let timers, signals and file events run while a big file is read.
      sync: false,
      maxLineBytes: this.#maxLineBytes,
      // A torn long line is still being written: it is met again, whole, on a later read.
      onLongLine: (long) => {
        if (!long.complete) return;
        longLines++;
        this.#notice({ kind: "long_line", line: long.line, bytes: long.length });
      },
    });
    open.readEnd = open.lineEnd + result.bytes;
    open.lineEnd = result.endOffset;
    open.nextLine += result.lines + longLines;
  }

  /** Reads what is left of a file that is about to be let go. */
  async #drain(open: OpenState): Promise<void> {
    const info = await open.file.stat().catch(() => null);
    if (info !== null && info.size > open.readEnd) await this.#read(open);
  }

  #catchUp(lines: number): void {
    if (this.#caughtUp) return;
    this.#caughtUp = true;
    this.#notice({ kind: "caught_up", lines });
  }

  #notice(notice: FollowNotice): void {
    this.#handlers.onNotice?.(notice);
  }

  #closeFile(): void {
    const open = this.#open;
    this.#open = null;
    if (open === null) return;
    try {
      open.file.close();
    } catch {
      // Already closed.
    }
  }

  /** Waits for the poll interval, a file-system event or the abort signal. */
  #sleep(): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#wakeUp(), this.#pollMs);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }

  #wakeUp(): void {
    const wake = this.#wake;
    if (wake === null) {
      this.#woken = true;
      return;
    }
    this.#woken = false;
    wake();
  }

  /** Watches the directory (the file may not exist yet or be replaced); polling goes on regardless. */
  #startWatcher(): Deno.FsWatcher | null {
    const target = resolve(this.#path);
    const name = basename(target);
    let watcher: Deno.FsWatcher;
    try {
      watcher = Deno.watchFs(dirname(target), { recursive: false });
    } catch {
      return null;
    }
    (async () => {
      for await (const event of watcher) {
        if (event.paths.some((changed) => changed === target || basename(changed) === name)) {
          this.#wakeUp();
        }
      }
    })().catch(() => {
      // The watcher failed (closed, too many watches): the timer poll still runs.
    });
    return watcher;
  }
}

function describe(error: unknown): string {
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotCapable) {
    return "permission denied (allow it with --allow-read)";
  }
  return error instanceof Error ? error.message : String(error);
}
