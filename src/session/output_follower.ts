/**
 * Reads a session's output incrementally into the Analyzer, with arrival times from the side
 * file, so `wait` and `status` never rescan what they already read. Both files are read in
 * bounded blocks: memory does not grow with the size of the output.
 */

import { Analyzer } from "../core/analyze/mod.ts";
import { DEFAULT_MAX_LINE_BYTES } from "../core/config/mod.ts";
import type { Analysis } from "../core/model/mod.ts";
import { openArrivalTimes, scanLines } from "../io/mod.ts";
import type { SessionPaths } from "./state_dir.ts";

/** Bytes per read of the output; the scanner's buffer is a few blocks, more only for a longer line. */
export const OUTPUT_BLOCK_SIZE = 256 * 1024;

/** Options for {@linkcode OutputFollower.poll}. */
export interface OutputPollOptions {
  /** The supervisor is gone: a torn last line is fed as incomplete. */
  final?: boolean;
  /** A single look (status): no line waits for its arrival time. */
  once?: boolean;
}

/** Options for {@linkcode OutputFollower}. */
export interface OutputFollowerOptions {
  /** Longer lines are counted and skipped, never held (default: the line limit of `parse`). */
  maxLineBytes?: number;
}

/** Follows `output.json` of one session. */
export class OutputFollower {
  #paths: SessionPaths;
  #analyzer = new Analyzer();
  #offset = 0;
  #line = 0;
  #timesOffset = 0;
  #serverExited = false;
  #timesSeen = false;
  #heldLine = 0;
  #maxLineBytes: number;
  // polls run one after another: two at once would feed lines twice
  #polling: Promise<unknown> = Promise.resolve();

  constructor(paths: SessionPaths, options: OutputFollowerOptions = {}) {
    this.#paths = paths;
    this.#maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  }

  /**
   * Feeds the complete lines added since the last call and resolves to their number. With
   * `final` (the supervisor is gone) a torn last line is fed as incomplete; with `once` no line
   * waits for its arrival time. Callers sharing a follower may poll at once: polls are queued.
   */
  poll(options: OutputPollOptions = {}): Promise<number> {
    const next = this.#polling.catch(() => {}).then(() => this.#poll(options));
    this.#polling = next;
    return next;
  }

  /** Tells the analyzer Codex is gone: open requests become `no_response`. */
  markServerExited(): void {
    if (this.#serverExited) return;
    this.#serverExited = true;
    this.#analyzer.markServerExited();
  }

  /** The analysis of everything fed so far. */
  analysis(): Analysis {
    return this.#analyzer.analysis();
  }

  /** Lines fed so far. */
  get lines(): number {
    return this.#line;
  }

  async #poll(options: OutputPollOptions): Promise<number> {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(this.#paths.output, { read: true });
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return 0;
      throw error;
    }
    const times = await openArrivalTimes(this.#paths.output, { startOffset: this.#timesOffset });
    try {
      if (times !== null && !this.#timesSeen) {
        this.#timesSeen = (await Deno.stat(this.#paths.times)).size > 0;
      }
      const start = this.#offset;
      const hold = this.#timesSeen && !options.final && !options.once;
      let held = false;
      let fed = 0;
      const result = await scanLines(file, (bytes, position) => {
        const line = position.line;
        const time = times?.timeOf(line) ?? null;
        // the supervisor writes a line's time right after the line: give it one more poll
        if (time === null && hold && this.#heldLine !== line) {
          this.#heldLine = line;
          this.#offset = position.offset;
          held = true;
          return false;
        }
        this.#line = line;
        this.#analyzer.pushLine(bytes, { line, time });
        fed += 1;
      }, {
        startOffset: start,
        startLine: this.#line + 1,
        blockSize: OUTPUT_BLOCK_SIZE,
        // awaited reads let a wait's timers and signals run while a big output is read
        sync: false,
        maxLineBytes: this.#maxLineBytes,
        // a torn long line is still being written: it is met again, whole, on a later poll
        onLongLine: (long) => {
          if (!long.complete && !options.final) return;
          this.#line = long.line;
          this.#analyzer.pushLongLine(long.length, { line: long.line });
          fed += 1;
        },
      });
      if (held) return fed;
      this.#offset = result.endOffset;
      if (options.final && result.incomplete !== null) {
        this.#analyzer.pushIncomplete(result.incomplete, { line: this.#line + 1, time: null });
        this.#offset = start + result.bytes;
        fed += 1;
      }
      return fed;
    } finally {
      if (times !== null) this.#timesOffset = times.resumeOffset;
      times?.close();
      file.close();
    }
  }
}
