/**
 * Reads a session's output incrementally into the Analyzer, with arrival times from the side
 * file, so `wait` and `status` never rescan what they already read.
 */

import { Analyzer } from "../core/analyze/mod.ts";
import type { Analysis } from "../core/model/mod.ts";
import { parseArrivalTimes } from "../io/arrival_times.ts";
import { readFrom } from "./buffer.ts";
import type { SessionPaths } from "./state_dir.ts";

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

/** Follows `output.json` of one session. */
export class OutputFollower {
  #paths: SessionPaths;
  #analyzer = new Analyzer();
  #offset = 0;
  #line = 0;
  #timesOffset = 0;
  #timesPending = "";
  #times = new Map<number, number>();
  #serverExited = false;
  #timesSeen = false;
  #heldLine = 0;

  constructor(paths: SessionPaths) {
    this.#paths = paths;
  }

  /**
   * Feeds the complete lines added since the last call. With `final` (the supervisor is gone)
   * a torn last line is fed as incomplete; with `once` no line waits for its arrival time.
   */
  async poll(options: { final?: boolean; once?: boolean } = {}): Promise<number> {
    await this.#readTimes();
    let bytes: Uint8Array;
    try {
      bytes = await readFrom(this.#paths.output, this.#offset);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return 0;
      throw error;
    }
    // a single look (status) reads the times written meanwhile instead of holding a line back
    if (options.once) await this.#readTimes();
    let start = 0;
    let fed = 0;
    while (start < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, start);
      if (newline < 0) break;
      let end = newline;
      if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end -= 1;
      const line = this.#line + 1;
      const time = this.#times.get(line) ?? null;
      // the supervisor writes a line's time right after the line: give it one more poll
      if (
        time === null && this.#timesSeen && !options.final && !options.once &&
        this.#heldLine !== line
      ) {
        this.#heldLine = line;
        break;
      }
      this.#line = line;
      this.#times.delete(line);
      this.#analyzer.pushLine(bytes.subarray(start, end), { line: this.#line, time });
      fed += 1;
      start = newline + 1;
    }
    this.#offset += start;
    if (options.final && start < bytes.length) {
      this.#analyzer.pushIncomplete(bytes.slice(start), { line: this.#line + 1, time: null });
      this.#offset += bytes.length - start;
      fed += 1;
    }
    return fed;
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

  async #readTimes(): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await readFrom(this.#paths.times, this.#timesOffset);
    } catch {
      return;
    }
    if (bytes.length === 0) return;
    this.#timesSeen = true;
    this.#timesOffset += bytes.length;
    const text = this.#timesPending + new TextDecoder().decode(bytes);
    const end = text.lastIndexOf("\n");
    this.#timesPending = text.slice(end + 1);
    for (const [line, at] of parseArrivalTimes(text.slice(0, end + 1))) {
      // times of lines already fed are not needed any more
      if (line > this.#line) this.#times.set(line, at);
    }
  }
}
